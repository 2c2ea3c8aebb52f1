/// The declaration of a command: its name, what it does, its arguments and options. The parser and the `--help`
/// text both come from it, so they cannot disagree.
struct CommandSpec: Sendable {
    /// An option (`--name value`) or a flag (`--name`).
    struct Option: Sendable {
        let name: String
        /// The placeholder of the value, e.g. `counts`; nil for a flag.
        let value: String?
        let help: String

        static func flag(_ name: String, _ help: String) -> Option { Option(name: name, value: nil, help: help) }
        static func option(_ name: String, _ value: String, _ help: String) -> Option {
            Option(name: name, value: value, help: help)
        }
    }

    /// A positional argument; `repeating` takes one or more values.
    struct Argument: Sendable {
        let name: String
        let help: String
        var repeating = false
    }

    let name: String
    let abstract: String
    var discussion: String = ""
    var arguments: [Argument] = []
    var options: [Option] = []
    /// The usage line's option part, e.g. `--failures <counts> [--json]`.
    var usage: String = ""

    /// The `--help` text, in the layout of swift-argument-parser.
    var help: String {
        var lines = ["OVERVIEW: \(abstract)", ""]
        if !discussion.isEmpty { lines += [discussion, ""] }
        let args = arguments.map { $0.repeating ? "<\($0.name)> ..." : "<\($0.name)>" }.joined(separator: " ")
        lines.append("USAGE: neurofail \(name)" + (args.isEmpty ? "" : " \(args)") + (usage.isEmpty ? "" : " \(usage)"))
        lines.append("")
        func row(_ left: String, _ text: String) -> String {
            let pad = 26
            if left.count + 2 >= pad { return "  \(left)\n" + String(repeating: " ", count: pad) + text }
            return "  " + left + String(repeating: " ", count: pad - 2 - left.count) + text
        }
        if !arguments.isEmpty {
            lines.append("ARGUMENTS:")
            for a in arguments { lines.append(row("<\(a.name)>", a.help)) }
            lines.append("")
        }
        lines.append("OPTIONS:")
        for o in options { lines.append(row("--\(o.name)" + (o.value.map { " <\($0)>" } ?? ""), o.help)) }
        lines.append(row("-h, --help", "Show help information."))
        return lines.joined(separator: "\n") + "\n"
    }
}
