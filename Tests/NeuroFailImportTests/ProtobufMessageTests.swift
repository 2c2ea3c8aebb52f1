import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailImport

/// The wire-format reader on hand-built byte arrays: varint edge cases, every wire type, packed and unpacked repeated
/// fields, unknown fields, and truncation at every byte.
struct ProtobufMessageTests {
    func parse(_ bytes: [UInt8]) throws(InputError) -> ProtobufMessage {
        try ProtobufMessage(bytes: bytes, file: "t.pb")
    }

    static let varints: [(UInt64, [UInt8])] = [
        (0, [0x00]), (1, [0x01]), (127, [0x7F]), (128, [0x80, 0x01]), (300, [0xAC, 0x02]),
        (16_383, [0xFF, 0x7F]), (16_384, [0x80, 0x80, 0x01]),
        (UInt64(UInt32.max), [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]),
        (UInt64.max, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
    ]

    @Test(arguments: varints)
    func varintsDecodeAsTheEncodingSpecifies(value: UInt64, encoded: [UInt8]) throws {
        // Field 1, wire type 0: key 0x08.
        let m = try parse([0x08] + encoded)
        #expect(try m.varint(1) == value)
        #expect(ProtobufWriter.varint(value) == encoded, "the test's writer agrees with the hand encoding")
    }

    @Test func negativeInt64IsTenBytesOfTwosComplement() throws {
        let m = try parse([0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])
        #expect(try m.int64(1) == -1)
        let minus2 = try parse([0x08, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])
        #expect(try minus2.int64(1) == -2)
    }

    @Test func overlongVarintsAreRefusedNotWrapped() {
        // 10 bytes whose last carries more than the top bit of 64, and an 11-byte run.
        let tooBig: [UInt8] = [0x08] + Array(repeating: 0xFF, count: 9) + [0x02]
        let tooLong: [UInt8] = [0x08] + Array(repeating: 0x80, count: 10) + [0x00]
        for bytes in [tooBig, tooLong] {
            #expect(throws: InputError.malformed(file: "t.pb", location: "byte 1", reason: "the varint of field 1 does not fit 64 bits")) {
                try parse(bytes)
            }
        }
    }

    @Test func fixedWidthFieldsAreLittleEndian() throws {
        var w = ProtobufWriter()
        w.fixed32(2, 0x0403_0201)
        w.fixed64(3, 0x0807_0605_0403_0201)
        #expect(w.bytes == [0x15, 1, 2, 3, 4, 0x19, 1, 2, 3, 4, 5, 6, 7, 8])
        let m = try parse(w.bytes)
        #expect(m.values(2) == [.fixed32(0x0403_0201)])
        #expect(m.values(3) == [.fixed64(0x0807_0605_0403_0201)])
        #expect(try parse([0x15, 0x00, 0x00, 0x80, 0x3F]).float(2) == 1.0)
    }

    @Test func stringsAndNestedMessagesKeepTheirPaths() throws {
        var w = ProtobufWriter()
        w.string(1, "héllo")
        w.message(2) { $0.varint(1, 7) }
        w.message(2) { $0.varint(1, 8) }
        let m = try parse(w.bytes)
        #expect(try m.string(1) == "héllo")
        let children = try m.messages(2, name: "child")
        #expect(try children.map { try $0.varint(1) } == [7, 8])
        #expect(children[1].path == "child[1]")
    }

    @Test func repeatedScalarsArePackedOrNotOrBoth() throws {
        var w = ProtobufWriter()
        w.packedVarints(4, [1, 300, UInt64(bitPattern: -5)])
        w.varint(4, 9)
        w.packedFloats(5, [1.5, -2])
        w.float(5, 0.25)
        let m = try parse(w.bytes)
        #expect(try m.packedVarints(4).map { Int64(bitPattern: $0) } == [1, 300, -5, 9])
        #expect(try m.packedFixed(5, width: 4).map { Float(bitPattern: UInt32($0)) } == [1.5, -2, 0.25])
    }

    @Test func unknownFieldsOfEveryWireTypeAreSkipped() throws {
        var w = ProtobufWriter()
        w.varint(100, 12345)
        w.fixed64(101, 7)
        w.bytes(102, [1, 2, 3, 0xFF])
        w.fixed32(103, 9)
        w.string(1, "kept")
        let m = try parse(w.bytes)
        #expect(try m.string(1) == "kept")
        #expect(m.fields.map(\.number) == [100, 101, 102, 103, 1])
    }

    @Test func groupsAndFieldZeroAreRefused() {
        #expect(throws: InputError.malformed(file: "t.pb", location: "byte 0", reason: "field 1 has wire type 3, which is not supported (not a protobuf message?)")) {
            try parse([0x0B])
        }
        #expect(throws: InputError.malformed(file: "t.pb", location: "byte 0", reason: "field number 0 is invalid (not a protobuf message?)")) {
            try parse([0x00, 0x01])
        }
    }

    @Test func aPackedRunOfTheWrongLengthIsRefused() throws {
        var w = ProtobufWriter()
        w.bytes(5, [1, 2, 3])
        #expect(throws: InputError.self) { try parse(w.bytes).packedFixed(5, width: 4) }
    }

    /// Truncating a message anywhere inside a field is an error naming the file and the place; truncating it exactly
    /// between top-level fields leaves a shorter valid message. Nothing traps.
    @Test func truncationAtEveryByteIsAnErrorOrAFieldBoundary() throws {
        var w = ProtobufWriter()
        w.varint(1, 300)
        w.string(2, "abc")
        w.fixed32(3, 1)
        w.message(4) { m in
            m.fixed64(1, 2)
            m.packedVarints(2, [1, 1000, 100_000])
        }
        w.varint(5, UInt64.max)
        let full = w.bytes
        let boundaries = Set(try parse(full).fields.map(\.offset) + [full.count])
        var errors = 0
        let fieldsBefore = { (length: Int) in full.isEmpty ? 0 : (try? parse(full))?.fields.filter { $0.offset < length }.count }
        for length in 0..<full.count {
            switch Result(catching: { () throws(InputError) in try parse(Array(full[0..<length])) }) {
            case let .success(m):
                #expect(boundaries.contains(length), "a prefix of \(length) bytes cut a field but parsed")
                #expect(m.fields.count == fieldsBefore(length))
            case let .failure(.malformed(file, _, reason)):
                errors += 1
                #expect(!boundaries.contains(length))
                #expect(file == "t.pb")
                #expect(reason.contains("truncated"), "\(length): \(reason)")
            case let .failure(error):
                Issue.record("unexpected error \(error)")
            }
        }
        #expect(errors == full.count - (boundaries.count - 1))
    }

    @Test func truncationInsideANestedMessageNamesItsPath() throws {
        var w = ProtobufWriter()
        w.message(7) { g in g.message(1) { n in n.string(4, "Gemm") } }
        var bytes = w.bytes
        // Claim one more byte for the inner node than it has, keeping the outer length consistent.
        bytes[3] += 1
        bytes[1] += 1
        bytes.append(0x22)
        do {
            _ = try parse(bytes).message(7, name: "graph")?.messages(1, name: "node")
            Issue.record("accepted")
        } catch {
            #expect(error.description.hasPrefix("t.pb: graph.node[0], byte "), "\(error)")
            #expect(error.description.contains("truncated"))
        }
    }
}
