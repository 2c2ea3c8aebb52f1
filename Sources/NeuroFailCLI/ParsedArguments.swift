import Foundation
import NeuroFailCore

/// A command line parsed against a ``CommandSpec``: positional values and option values, with typed accessors
/// whose errors name the option.
struct ParsedArguments: Sendable {
    let command: String
    var positionals: [String] = []
    var values: [String: String] = [:]
    var flags: Set<String> = []
    /// Whether `-h` or `--help` was given.
    var helpRequested = false

    /// Parses `arguments` (without the command name). Accepts `--name value` and `--name=value`.
    init(_ arguments: [String], spec: CommandSpec) throws(InputError) {
        command = spec.name
        var i = 0
        var onlyPositionals = false
        while i < arguments.count {
            let a = arguments[i]
            i += 1
            if onlyPositionals || !a.hasPrefix("-") || a == "-" || Double(a) != nil {
                positionals.append(a)
                continue
            }
            if a == "--" { onlyPositionals = true; continue }
            if a == "-h" || a == "--help" { helpRequested = true; continue }
            var name = String(a.drop(while: { $0 == "-" }))
            var inline: String?
            if let eq = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            guard let option = spec.options.first(where: { $0.name == name }) else {
                throw .usage(Self.unknownOption(a, spec: spec))
            }
            if option.value == nil {
                guard inline == nil else { throw .invalidOption(option: "--\(name)", reason: "takes no value") }
                flags.insert(name)
                continue
            }
            if let inline {
                values[name] = inline
            } else {
                guard i < arguments.count else {
                    throw .invalidOption(option: "--\(name)", reason: "missing value <\(option.value ?? "")>")
                }
                values[name] = arguments[i]
                i += 1
            }
        }
        if helpRequested { return }
        let required = spec.arguments.count
        let repeating = spec.arguments.last?.repeating ?? false
        if positionals.count < required {
            throw .usage("neurofail \(spec.name): missing <\(spec.arguments[positionals.count].name)> (see 'neurofail \(spec.name) --help')")
        }
        if !repeating, positionals.count > required {
            throw .usage("neurofail \(spec.name): unexpected argument '\(positionals[required])' (see 'neurofail \(spec.name) --help')")
        }
    }

    private static func unknownOption(_ given: String, spec: CommandSpec) -> String {
        let name = String(given.drop(while: { $0 == "-" }).prefix(while: { $0 != "=" }))
        let best = spec.options.map(\.name).min(by: { editDistance($0, name) < editDistance($1, name) })
        var text = "neurofail \(spec.name): unknown option '\(given)'"
        if let best, editDistance(best, name) <= max(2, name.count / 3) { text += "; did you mean '--\(best)'?" }
        return text + " (see 'neurofail \(spec.name) --help')"
    }

    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var previous = row[0]
            row[0] = i
            for j in 1...b.count {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return row[b.count]
    }

    func has(_ flag: String) -> Bool { flags.contains(flag) }
    func string(_ name: String) -> String? { values[name] }

    func integer(_ name: String, in range: ClosedRange<Int> = 0...Int.max) throws(InputError) -> Int? {
        guard let text = values[name] else { return nil }
        guard let v = Int(text.replacingOccurrences(of: "_", with: "")) else {
            throw .invalidOption(option: "--\(name)", reason: "expected an integer, found '\(text)'")
        }
        guard range.contains(v) else {
            throw .invalidOption(option: "--\(name)", reason: "must be between \(range.lowerBound) and \(range.upperBound), found \(v)")
        }
        return v
    }

    func seed(_ name: String = "seed") throws(InputError) -> UInt64? {
        guard let text = values[name] else { return nil }
        guard let v = UInt64(text) else {
            throw .invalidOption(option: "--\(name)", reason: "expected a non-negative integer, found '\(text)'")
        }
        return v
    }

    func number(_ name: String, positive: Bool = false) throws(InputError) -> Double? {
        guard let text = values[name] else { return nil }
        guard let v = Double(text), v.isFinite else {
            throw .invalidOption(option: "--\(name)", reason: "expected a finite number, found '\(text)'")
        }
        if positive, v <= 0 { throw .invalidOption(option: "--\(name)", reason: "must be > 0, found \(text)") }
        return v
    }

    /// A comma-separated list of non-negative integers, e.g. `1,0,2`.
    func counts(_ name: String) throws(InputError) -> [Int]? {
        guard let text = values[name] else { return nil }
        var out = [Int]()
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let t = part.trimmingCharacters(in: .whitespaces)
            guard let v = Int(t) else {
                throw .invalidOption(option: "--\(name)", reason: "expected comma-separated integers like 1,0,2, found '\(text)'")
            }
            guard v >= 0 else { throw .invalidOption(option: "--\(name)", reason: "counts must be >= 0, found \(v)") }
            out.append(v)
        }
        return out
    }

    func required(_ name: String) throws(InputError) -> String {
        guard let v = values[name] else {
            throw .usage("neurofail \(command): missing --\(name) (see 'neurofail \(command) --help')")
        }
        return v
    }
}
