import Foundation
import Testing

@testable import NeuroFailCore

struct JSONValueTests {
    @Test func parsesNestedDocumentKeepingKeyOrder() throws {
        let v = try JSONValue.parse(Data(#"{"b": [1, 2.5, -3e2], "a": {"x": true, "y": null}, "s": "h\u00e9\n"}"#.utf8), file: "t.json")
        guard case let .object(pairs) = v else { Issue.record("not an object"); return }
        #expect(pairs.map(\.0) == ["b", "a", "s"])
        #expect(v["b"] == .array([.number(1), .number(2.5), .number(-300)]))
        #expect(v["a"]?["x"] == .bool(true))
        #expect(v["s"] == .string("hé\n"))
    }

    @Test func renderedTextParsesBackToTheSameValue() throws {
        let v: JSONValue = ["w": [[0.1, -2, 3e-17], [1e300, 0, 5]], "name": "a \"q\"", "n": 7]
        for indent in [0, 2] {
            #expect(try JSONValue.parse(Data(v.rendered(indent: indent).utf8), file: "x") == v)
        }
    }

    @Test func numbersRenderInShortestRoundTripForm() {
        #expect(JSONValue.format(0.1) == "0.1")
        #expect(JSONValue.format(3) == "3")
        #expect(JSONValue.format(-2.5e-8) == "-2.5e-08")
        #expect(Double(JSONValue.format(1 / 3.0)) == 1 / 3.0)
    }

    @Test(arguments: [
        (#"{"a": 1,}"#, "line 1, column 9"),
        ("{\n  \"a\": [1, 2\n", "line 3, column 1"),
        (#"{"a": 1} x"#, "line 1, column 10"),
        (#"{"a": 1, "a": 2}"#, "line 1, column 10"),
        (#"[1, .5]"#, "line 1, column 5"),
    ])
    func malformedJSONNamesLineAndColumn(text: String, location: String) {
        #expect(throws: InputError.self) { try JSONValue.parse(Data(text.utf8), file: "f.json") }
        do {
            _ = try JSONValue.parse(Data(text.utf8), file: "f.json")
        } catch {
            #expect(error.description.hasPrefix("f.json: \(location): malformed JSON"), "\(error)")
        }
    }

    @Test func byteOrderMarkBeforeTheDocumentIsIgnored() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        #expect(try JSONValue.parse(Data(bom + Array(#"{"a": 1}"#.utf8)), file: "t.json") == ["a": 1])
        // Positions in errors are counted from after the mark.
        #expect(throws: InputError.malformed(file: "t.json", location: "line 1, column 7", reason: "malformed JSON: expected a value")) {
            try JSONValue.parse(Data(bom + Array(#"{"a": }"#.utf8)), file: "t.json")
        }
        // A mark anywhere else is not whitespace.
        #expect(throws: InputError.self) { try JSONValue.parse(Data(Array("[1,".utf8) + bom + Array("2]".utf8)), file: "t.json") }
    }

    /// Numbers read without a String (the fast path and strtod on a stack copy) are Double(String)'s, bit for bit:
    /// shortest round-trip forms, 17-digit forms, few digits, exponents, huge and tiny magnitudes, negative zero.
    @Test func numbersReadAsDoubleFromStringReadsThem() throws {
        var rng = Xoshiro256(seed: 93)
        var texts = ["0", "-0", "-0.0", "1", "10", "0.1", "123456789012345", "1234567890123456789", "0.000001",
                     "1e5", "1E-5", "-2.5e+300", "1e400", "1e-400", "4.9e-324", "0.30000000000000004",
                     "9007199254740993", "0." + String(repeating: "0", count: 25) + "1"]
        for _ in 0..<3000 {
            let x = (rng.nextUnit() - 0.5) * pow(10, Double(Int(rng.nextUnit() * 40) - 20))
            texts += ["\(x)", String(format: "%.17g", x), String(format: "%.6f", x), String(format: "%.3e", x)]
        }
        let document = "[" + texts.joined(separator: ",") + "]"
        guard case .array(let values) = try JSONValue.parse(Data(document.utf8), file: "numbers") else {
            Issue.record("not an array")
            return
        }
        #expect(values.count == texts.count)
        for (text, value) in zip(texts, values) {
            guard case .number(let x) = value, let expected = Double(text) else {
                Issue.record("\(text) did not read as a number")
                continue
            }
            #expect(x.bitPattern == expected.bitPattern, "\(text)")
        }
    }
}
