import NeuroFailCore

/// A cursor over `bytes[position..<end]` whose every read checks the end first.
struct ProtobufReader {
    let bytes: [UInt8]
    var position: Int
    let end: Int

    /// A base-128 varint of at most 10 bytes (the 10th may only carry the top bit of 64, so an 11-byte run is refused
    /// at its 10th byte).
    mutating func varint(file: String, path: String, what: String) throws(InputError) -> UInt64 {
        let start = position
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else {
                throw ProtobufMessage.malformed(file, path, start, "truncated: the data ends inside \(what)")
            }
            let byte = bytes[position]
            position += 1
            if shift == 63 && byte > 1 {
                throw ProtobufMessage.malformed(file, path, start, "\(what) does not fit 64 bits")
            }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// `count` (4 or 8) little-endian bytes.
    mutating func little(_ count: Int, file: String, path: String, what: String) throws(InputError) -> UInt64 {
        guard end - position >= count else {
            throw ProtobufMessage.malformed(
                file, path, position, "truncated: \(what) needs \(count) bytes, only \(end - position) remain")
        }
        var v: UInt64 = 0
        for i in 0..<count { v |= UInt64(bytes[position + i]) << UInt64(8 * i) }
        position += count
        return v
    }
}
