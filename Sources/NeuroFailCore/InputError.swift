import Foundation

/// A problem with something a user supplied: a file, a field in it, or a command-line argument.
///
/// Every case renders as one line that names where the problem is and what was expected, so the CLI can print it
/// verbatim on stderr and exit with status 2. Example:
/// `Chips/x.json: layers[1].weights: row 3 has 7 numbers, expected 8`.
public enum InputError: Error, Equatable, Sendable, LocalizedError, CustomStringConvertible {
    /// The file could not be read (missing, a directory, unreadable).
    case unreadable(file: String, reason: String)
    /// The file is not well-formed (JSON syntax, CSV structure); `location` is e.g. `line 3, column 5`.
    case malformed(file: String, location: String, reason: String)
    /// A field holds a value of the wrong kind, shape or range. `field` is a path such as `layers[1].weights`.
    case invalidField(file: String, field: String, reason: String)
    /// A command-line argument or option is wrong. `option` is the flag, e.g. `--failures`.
    case invalidOption(option: String, reason: String)
    /// The command line itself is wrong (unknown command, missing argument).
    case usage(String)

    public var description: String {
        switch self {
        case let .unreadable(file, reason): return "\(file): \(reason)"
        case let .malformed(file, location, reason): return "\(file): \(location): \(reason)"
        case let .invalidField(file, field, reason): return "\(file): \(field): \(reason)"
        case let .invalidOption(option, reason): return "\(option): \(reason)"
        case let .usage(message): return message
        }
    }

    public var errorDescription: String? { description }
}

extension InputError {
    /// Reads a whole file, mapping the ways it can be missing to one clear error.
    public static func readFile(_ path: String) throws(InputError) -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadable(file: path, reason: "no such file")
        }
        if isDirectory.boolValue { throw .unreadable(file: path, reason: "is a directory, expected a file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(file: path, reason: "cannot be read (permissions?)")
        }
        return data
    }
}
