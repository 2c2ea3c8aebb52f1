import Foundation
import Testing

@testable import NeuroFailCore

/// Checkpoints and part files carry a checksum (issue 12: one flipped digit changed a resumed result).
struct FileSealTests {
    @Test func aSealedFileOpensToItsOriginalBytes() throws {
        let text = #"{"format":"x/1","n":12}"# + "\n"
        let sealed = FileSeal.seal(text)
        #expect(sealed.hasPrefix(#"{"format":"x/1","n":12,"checksum":"fnv1a64:"#) && sealed.hasSuffix("\"}\n"))
        #expect(try FileSeal.open(Data(sealed.utf8), file: "f") == Data(text.utf8))
    }

    /// FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c (the published test vector of Fowler, Noll and Vo).
    @Test func theChecksumIsFNV1a64() {
        #expect(FileSeal.fnv1a(Array("a".utf8)) == 0xaf63_dc4c_8601_ec8c)
        #expect(FileSeal.fnv1a([]) == 0xcbf2_9ce4_8422_2325)
    }

    @Test func everySingleByteChangeIsRefused() throws {
        let sealed = Array(FileSeal.seal(#"{"a":[1,2,3],"b":"0x3ff0000000000000"}"#).utf8)
        var refused = 0
        for i in sealed.indices {
            var bytes = sealed
            bytes[i] ^= 0x01
            if (try? FileSeal.open(Data(bytes), file: "f")) == nil { refused += 1 }
        }
        #expect(refused == sealed.count)
    }

    @Test func aTruncatedOrUnsealedFileIsRefusedNamingTheField() {
        let sealed = FileSeal.seal(#"{"a":1}"#)
        let cut = Data(sealed.utf8.dropLast(5))
        #expect(throws: InputError.self) { try FileSeal.open(cut, file: "f") }
        do {
            _ = try FileSeal.open(Data(#"{"a":1}"#.utf8), file: "c.json")
            Issue.record("an unsealed file was accepted")
        } catch {
            #expect(error.description.hasPrefix("c.json: checksum: missing or cut short"))
        }
    }
}
