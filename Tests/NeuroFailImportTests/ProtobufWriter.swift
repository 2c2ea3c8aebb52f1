import Foundation

/// A protobuf encoder for building test messages by hand, independent of the reader under test: each function
/// appends one field in the wire format as the protobuf encoding documentation describes it.
struct ProtobufWriter {
    var bytes: [UInt8] = []

    static func varint(_ v: UInt64) -> [UInt8] {
        var v = v
        var out = [UInt8]()
        repeat {
            var byte = UInt8(v & 0x7F)
            v >>= 7
            if v != 0 { byte |= 0x80 }
            out.append(byte)
        } while v != 0
        return out
    }

    mutating func key(_ number: Int, _ wire: UInt64) { bytes += Self.varint(UInt64(number) << 3 | wire) }
    mutating func varint(_ number: Int, _ v: UInt64) {
        key(number, 0)
        bytes += Self.varint(v)
    }
    mutating func int(_ number: Int, _ v: Int64) { varint(number, UInt64(bitPattern: v)) }
    mutating func fixed32(_ number: Int, _ v: UInt32) {
        key(number, 5)
        bytes += (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) }
    }
    mutating func float(_ number: Int, _ v: Float) { fixed32(number, v.bitPattern) }
    mutating func fixed64(_ number: Int, _ v: UInt64) {
        key(number, 1)
        bytes += (0..<8).map { UInt8((v >> (8 * UInt64($0))) & 0xFF) }
    }
    mutating func bytes(_ number: Int, _ payload: [UInt8]) {
        key(number, 2)
        bytes += Self.varint(UInt64(payload.count)) + payload
    }
    mutating func string(_ number: Int, _ s: String) { bytes(number, Array(s.utf8)) }
    mutating func message(_ number: Int, _ build: (inout ProtobufWriter) -> Void) {
        var inner = ProtobufWriter()
        build(&inner)
        bytes(number, inner.bytes)
    }
    mutating func packedVarints(_ number: Int, _ values: [UInt64]) { bytes(number, values.flatMap(Self.varint)) }
    mutating func packedFloats(_ number: Int, _ values: [Float]) {
        bytes(number, values.flatMap { v in (0..<4).map { UInt8((v.bitPattern >> (8 * $0)) & 0xFF) } })
    }
}
