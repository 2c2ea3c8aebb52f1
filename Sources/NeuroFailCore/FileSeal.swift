import Foundation

/// A checksum sealed into a JSON file that NeuroFail writes and reads back (checkpoints, part files), so a file
/// changed by a disk error, a truncated copy or an edit is refused instead of changing a result.
///
/// The sealed file is the one-line JSON object `{…}` followed by a newline, with `,"checksum":"fnv1a64:<16 hex>"`
/// inserted before its closing brace. The checksum is the 64-bit FNV-1a hash of the file's bytes without that
/// insertion. FNV-1a changes under any change of a single byte (each step is a bijection of the state), so a flipped
/// digit is always caught; it is a guard against accidents, not against someone forging a file.
public enum FileSeal {
    /// The inserted field's start.
    static let marker = Array(#","checksum":"fnv1a64:"#.utf8)

    /// `text` (a JSON object ending in `}` and an optional newline) with its checksum inserted.
    public static func seal(_ text: String) -> String {
        var body = Array(text.utf8)
        while body.last == UInt8(ascii: "\n") { body.removeLast() }
        precondition(body.last == UInt8(ascii: "}"), "FileSeal.seal takes a JSON object")
        let hash = fnv1a(body + [UInt8(ascii: "\n")])
        body.removeLast()
        let hex = String(hash, radix: 16)
        let field = String(decoding: marker, as: UTF8.self) + String(repeating: "0", count: 16 - hex.count) + hex + "\""
        return String(decoding: body, as: UTF8.self) + field + "}\n"
    }

    /// The file's bytes with the checksum checked and removed, or an error naming `file` when it is missing or
    /// does not match (the file was changed or cut short after it was written).
    public static func open(_ data: Data, file: String) throws(InputError) -> Data {
        let bytes = [UInt8](data)
        let tail = 16 + 3  // 16 hex digits, the closing quote, the closing brace, the newline
        guard bytes.count >= marker.count + tail, let at = lastIndex(of: marker, in: bytes),
            at + marker.count + tail == bytes.count, Array(bytes.suffix(3)) == Array("\"}\n".utf8)
        else {
            throw .invalidField(
                file: file, field: "checksum",
                reason: "missing or cut short (the file is incomplete, or was written by an older version); write it again")
        }
        let hexText = String(decoding: bytes[(at + marker.count)..<(at + marker.count + 16)], as: UTF8.self)
        let body = Array(bytes[..<at]) + Array("}\n".utf8)
        guard let stored = UInt64(hexText, radix: 16), stored == fnv1a(body) else {
            throw .invalidField(
                file: file, field: "checksum",
                reason: "does not match the contents (the file was changed or damaged after it was written); write it again")
        }
        return Data(body)
    }

    /// 64-bit FNV-1a of `bytes`.
    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h &*= 0x0000_0100_0000_01b3
        }
        return h
    }

    private static func lastIndex(of needle: [UInt8], in bytes: [UInt8]) -> Int? {
        var i = bytes.count - needle.count
        while i >= 0 {
            if bytes[i] == needle[0], Array(bytes[i..<(i + needle.count)]) == needle { return i }
            i -= 1
        }
        return nil
    }
}
