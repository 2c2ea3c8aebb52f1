import Foundation

/// Reads a text file line by line in fixed-size chunks, so the memory it holds is bounded by the longest line it
/// accepts, whatever the size of the file (a trace of gigabytes, a FIFO that never ends quickly).
///
/// It follows ``TextInput``: a UTF-8 byte-order mark at the very start is not part of the first line; a line ends
/// at `\n`, `\r\n` or a lone `\r` (also when the `\r` and the `\n` arrive in different chunks). Line numbers count
/// from 1 and count every line, blank ones included, as an editor does.
///
/// Errors name the file and the line: a line longer than `maxLineBytes` is refused as soon as it grows past the
/// limit (it is never held whole), quoting at most 40 characters of its start; a line that is not UTF-8 is
/// refused. A missing, unreadable or folder path is refused by ``InputError/openForReading(_:)``.
public enum LineReader {
    /// Bytes read from the file at a time.
    static let chunkBytes = 1 << 20

    /// Calls `body(line, number)` for every line of the file at `path`, without its terminator; a final line without
    /// a terminator is a line, an empty file has none.
    public static func forEachLine(
        in path: String, maxLineBytes: Int, _ body: (Substring, Int) throws(InputError) -> Void
    ) throws(InputError) {
        let fd = try InputError.openForReading(path).fd
        defer { close(fd) }

        var chunk = [UInt8](repeating: 0, count: chunkBytes)
        // The start of the line being read when it runs past the end of a chunk; never longer than maxLineBytes.
        var pending = [UInt8]()
        var number = 0
        // The previous chunk ended in "\r": a "\n" at the start of this one belongs to that line's terminator.
        var skipLineFeed = false

        func emit(_ bytes: ArraySlice<UInt8>) throws(InputError) {
            number += 1
            let text = number == 1 ? bytes.dropFirst(TextInput.textStart(bytes)) : bytes
            guard let line = String(validating: text, as: UTF8.self) else {
                throw .malformed(file: path, location: "line \(number)", reason: "not UTF-8 text")
            }
            try body(Substring(line), number)
        }
        func tooLong(_ start: ArraySlice<UInt8>) -> InputError {
            // The quote is cut at a character boundary by String(decoding:), which repairs a split character.
            let quote = TextInput.excerpt(String(decoding: start.prefix(160), as: UTF8.self))
            return .malformed(
                file: path, location: "line \(number + 1)",
                reason: "longer than \(maxLineBytes) bytes, the longest line accepted; it starts \"\(quote)\"")
        }

        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .unreadable(file: path, reason: "cannot be read: \(FileType.reason(errno))")
            }
            if n == 0 { break }
            var start = 0
            if skipLineFeed, chunk[0] == 0x0A { start = 1 }
            skipLineFeed = false
            var i = start
            while i < n {
                let b = chunk[i]
                guard b == 0x0A || b == 0x0D else { i += 1; continue }
                if pending.isEmpty {
                    guard i - start <= maxLineBytes else { throw tooLong(chunk[start..<i]) }
                    try emit(chunk[start..<i])
                } else {
                    guard pending.count + (i - start) <= maxLineBytes else { throw tooLong(pending[...]) }
                    pending.append(contentsOf: chunk[start..<i])
                    try emit(pending[...])
                    pending.removeAll(keepingCapacity: true)
                }
                if b == 0x0D {
                    if i + 1 < n {
                        if chunk[i + 1] == 0x0A { i += 1 }
                    } else {
                        skipLineFeed = true
                    }
                }
                i += 1
                start = i
            }
            // The rest of the chunk starts a line that continues in the next one.
            guard pending.count + (n - start) <= maxLineBytes else {
                throw tooLong(pending.isEmpty ? chunk[start..<n] : pending[...])
            }
            pending.append(contentsOf: chunk[start..<n])
        }
        if !pending.isEmpty { try emit(pending[...]) }
    }
}
