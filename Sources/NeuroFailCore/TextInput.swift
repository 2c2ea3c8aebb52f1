import Foundation

/// What every reader of a user's text file (chip and scenario JSON, input CSVs, traces, data sets) agrees on, so a
/// file saved by Excel, Notepad or Python's `csv` module reads the same as one written by hand:
///
/// - a UTF-8 byte-order mark (EF BB BF) at the very start is not part of the text;
/// - a line ends at `\n`, `\r\n` (Windows, Python's `csv` module, Excel) or a lone `\r` (classic Mac);
/// - an error message quotes at most a short prefix of what it found, never a whole file.
public enum TextInput {
    /// The UTF-8 encoding of U+FEFF.
    public static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// 3 if `bytes` starts with a UTF-8 byte-order mark, else 0: where the text starts.
    public static func textStart<C: Collection>(_ bytes: C) -> Int where C.Element == UInt8 {
        bytes.starts(with: byteOrderMark) ? byteOrderMark.count : 0
    }

    /// Where the line that starts at `start` ends (the index of its terminator, or `count`), and where the next line
    /// starts (after `\n`, `\r\n` or `\r`). `byte(i)` reads byte i, for `0 ≤ i < count`.
    @inlinable
    public static func line(from start: Int, count: Int, byte: (Int) -> UInt8) -> (end: Int, next: Int) {
        var end = start
        while end < count {
            let b = byte(end)
            if b == 0x0A { return (end, end + 1) }
            if b == 0x0D { return (end, end + 1 < count && byte(end + 1) == 0x0A ? end + 2 : end + 1) }
            end += 1
        }
        return (count, count)
    }

    /// The lines of `text`, split at `\n`, `\r\n` and `\r`, without their terminators (a final terminator gives an
    /// empty last element, as `split(omittingEmptySubsequences: false)` does).
    public static func lines(_ text: String) -> [Substring] {
        // "\r\n" is one Character in Swift, so splitting on "\n" alone would leave a CRLF file as one line.
        text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
    }

    /// Decodes UTF-8 bytes, dropping a leading byte-order mark; nil when they are not UTF-8.
    public static func decode(_ data: Data) -> String? {
        let start = textStart(data)
        return String(data: data.dropFirst(start), encoding: .utf8)
    }

    /// `text` with every control character (C0, DEL, C1: a newline, an ANSI escape `ESC[31m`) shown as an escape
    /// (`\n`, `\u{1B}`), so a name or path from a user's file prints on one line and cannot drive a terminal.
    public static func printable<S: StringProtocol>(_ text: S) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0..<0x20, 0x7F..<0xA0: out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// At most `limit` characters of `text` for an error message, with "…" when cut and control characters
    /// (a stray `\r`, a tab) shown as escapes, so the message stays on one line.
    public static func excerpt<S: StringProtocol>(_ text: S, limit: Int = 40) -> String {
        var out = ""
        var shown = 0
        for character in text {
            if shown == limit { return out + "…" }
            switch character {
            case "\r": out += "\\r"
            case "\n", "\r\n": out += "\\n"
            case "\t": out += "\\t"
            default: out += printable(String(character))
            }
            shown += 1
        }
        return out
    }
}
