import Foundation
import NeuroFailBounds
import NeuroFailCore
import NeuroFailEngine
import NeuroFailMission

/// `neurofail rank`: which neurons and synapses matter most — every single crash measured exactly on the inputs, with
/// its share of the Erf bound for one crash in its layer, sorted from the most harmful.
enum RankCommand: Command {
    static let spec = CommandSpec(
        name: "rank",
        abstract: "Rank neurons and synapses by the damage their crash does (where to put redundancy).",
        discussion: """
            Every hidden neuron and every synapse (readout included) is crashed alone and the output deviation is \
            measured on every input (exhaustive over single crashes; the fast engine). Omega_max is the worst \
            deviation over the inputs, Omega_av the mean. Erf_1 is the bound for one crash in that component's layer \
            (f_l = 1, or s_l = 1), and share = Omega_max / Erf_1 (at most 1: Erf is a theorem). Components are \
            sorted by Omega_max, then Omega_av: triple redundancy or spares pay most at the top of the list.
            """,
        arguments: [.init(name: "chip", help: CommandSupport.chipArgumentHelp)],
        options: [
            .option("inputs", "file", "Inputs, one per line, d numbers separated by commas (CSV)."),
            .option("random-inputs", "n", "Draw n inputs uniformly over the chip's input domain."),
            .option("seed", "s", "Seed for --random-inputs (default 1)."),
            .option("norm", "norm", "Output deviation norm: linf (default), l1 or l2."),
            .option("top", "n", "Rows of the printed table (default 20); --json and --out have every component."),
            .option("threads", "n", "Worker threads (default: all cores); results do not depend on it."),
            .flag("clip", "Clip --inputs outside the chip's input domain into it (and say how many) instead of refusing them."),
            .flag("json", "Print JSON instead of a table."),
            .option("out", "file", "Also write every component's row to this CSV file (atomically)."),
        ],
        usage: "(--inputs <file> | --random-inputs <n> [--seed <s>]) [--top <n>] [--json] [--out <file.csv>]")

    /// One ranked row: the measured impact with its bound.
    struct Row {
        let impact: SingleCrashRanking.Impact
        let erf: Double
        var share: Double? { erf > 0 ? impact.omegaMax / erf : nil }
        var kind: String {
            if case .neuron = impact.component { return "neuron" }
            return "synapse"
        }
    }

    static func run(_ args: ParsedArguments, console: Console) throws -> ExitCode {
        let path = args.positionals[0]
        let chip = try CommandSupport.loadChip(path)
        let (inputs, source) = try CommandSupport.inputs(args, chip: chip)
        let norm = try CommandSupport.norm(args)
        let top = try args.integer("top", in: 1...Int.max) ?? 20
        // Erf for one crash in each neuron layer and each weight matrix, in the chosen norm (before the measurements,
        // so a chip whose Erf overflows is refused at once).
        let bound = ErfBound(chip: chip)
        let scale = norm.erfScale(outputs: chip.outputCount)
        // Every Erf_1 is a number the command reports (table, JSON, CSV): one that overflows is refused, naming the
        // layer, rather than shown as a share of 0 % or written as inf.
        func erf(neuronLayer: Int? = nil, matrix: Int? = nil) throws(InputError) -> Double {
            var neurons = Array(repeating: 0, count: chip.depth), synapses = Array(repeating: 0, count: chip.depth + 1)
            if let l = neuronLayer { neurons[l] = 1 }
            if let l = matrix { synapses[l] = 1 }
            let counts = FaultCounts(neurons: neurons, synapses: synapses)
            let value = bound.erf(counts) * scale
            guard value.isFinite else {
                throw CommandSupport.erfOverflow(
                    bound, counts, chipPath: path, consequence: "so the crashes cannot be compared with it (Erf_1)")
            }
            return value
        }
        let neuronErf = try (0..<chip.depth).map { l throws(InputError) in try erf(neuronLayer: l) }
        let synapseErf = try (0...chip.depth).map { l throws(InputError) in try erf(matrix: l) }
        let progress = ProgressLine(console: console, label: "rank")
        let ranking = SingleCrashRanking(
            chip: chip, inputs: inputs, norm: norm, threads: try CommandSupport.threads(args),
            progress: { progress.update($0) })
        progress.finish()
        if let bad = ranking.impacts.first(where: { !$0.omegaMax.isFinite || !$0.omegaAverage.isFinite }) {
            throw InputError.invalidOption(
                option: args.string("inputs") == nil ? "--random-inputs" : "--inputs",
                reason: "the outputs of \(path) overflow (not finite) on these inputs when \(bad.component) crashes; give inputs within the chip's inputDomain or scale the weights down")
        }
        let rows = ranking.ranked.map { impact in
            switch impact.component {
            case let .neuron(n): return Row(impact: impact, erf: neuronErf[n.layer - 1])
            case let .synapse(s): return Row(impact: impact, erf: synapseErf[s.layer - 1])
            }
        }
        if let out = args.string("out") { try AtomicFile.write(csv(rows), to: out) }

        let neurons = chip.neuronCount, synapses = chip.synapseCount
        let json: JSONValue = [
            "chip": .string(chip.name), "file": .string(path), "inputSource": .string(source),
            "inputs": .number(Double(inputs.count)), "norm": .string(norm.rawValue),
            "neurons": .number(Double(neurons)), "synapses": .number(Double(synapses)),
            "ranking": .array(rows.enumerated().map { i, row in
                [
                    "rank": .number(Double(i + 1)), "component": .string(row.impact.component.description),
                    "kind": .string(row.kind), "layer": .number(Double(row.impact.component.layer)),
                    "omegaMax": .number(row.impact.omegaMax), "omegaAverage": .number(row.impact.omegaAverage),
                    "erfSingle": .number(row.erf), "shareOfErf": row.share.map { .number($0) } ?? .null,
                    "worstInput": .number(Double(row.impact.worstInput + 1)),
                ]
            }),
        ]
        let text = json.rendered() + "\n"
        console.out(args.has("json") ? text : human(rows, chip: chip, inputs: inputs.count, source: source, top: top))
        return .success
    }

    static func human(_ rows: [Row], chip: Chip, inputs: Int, source: String, top: Int) -> String {
        var text = CommandSupport.shape(chip) + "\n"
        text += "every single crash of \(chip.neuronCount) neurons and \(formatCount(chip.synapseCount)) synapses, measured on \(formatCount(inputs)) input\(inputs == 1 ? "" : "s") (\(source))\n\n"
        var table = TextTable(["rank", "component", "layer", "Omega_max", "Omega_av", "Erf_1", "share", "worst input"])
        for (i, row) in rows.prefix(top).enumerated() {
            table.add([
                "\(i + 1)", row.impact.component.description, "\(row.impact.component.layer)",
                formatNumber(row.impact.omegaMax), formatNumber(row.impact.omegaAverage), CommandSupport.bound(row.erf),
                row.share.map { String(format: "%.1f%%", 100 * $0) } ?? "-", "\(row.impact.worstInput + 1)",
            ])
        }
        text += table.rendered + "\n"
        if rows.count > top { text += "(\(formatCount(rows.count - top)) more; --top, --json or --out for all)\n" }
        let harmless = rows.filter { $0.impact.omegaMax == 0 }.count
        if harmless > 0 { text += "\(formatCount(harmless)) component\(harmless == 1 ? "" : "s") change no output on these inputs\n" }
        return text
    }

    /// Every row as CSV, numbers in shortest round-trip form; inputs counted from 1 as in the CSV input file.
    static func csv(_ rows: [Row]) -> String {
        var lines = ["rank,component,kind,layer,omega_max,omega_av,erf_single,share_of_erf,worst_input"]
        for (i, row) in rows.enumerated() {
            lines.append([
                "\(i + 1)", row.impact.component.description, row.kind, "\(row.impact.component.layer)",
                "\(row.impact.omegaMax)", "\(row.impact.omegaAverage)", "\(row.erf)", row.share.map { "\($0)" } ?? "",
                "\(row.impact.worstInput + 1)",
            ].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
