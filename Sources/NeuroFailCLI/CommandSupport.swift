import Foundation
import NeuroFailBounds
import NeuroFailCore
import NeuroFailEngine
import Synchronization

/// Shared steps of the commands: loading a chip, reading crash counts and inputs, printing JSON, writing files.
enum CommandSupport {
    /// The crash counts given by `--failures` (neurons, one per hidden layer) and `--synapse-failures` (one per
    /// weight matrix, readout last), checked against `chip`.
    static func faultCounts(_ args: ParsedArguments, chip: Chip, chipPath: String, required: Bool = true)
        throws(InputError) -> FaultCounts?
    {
        let neurons = try args.counts("failures")
        let synapses = try args.counts("synapse-failures")
        if neurons == nil, synapses == nil {
            if required {
                throw .usage("neurofail \(args.command): missing --failures (see 'neurofail \(args.command) --help')")
            }
            return nil
        }
        let f = neurons ?? Array(repeating: 0, count: chip.depth)
        guard f.count == chip.depth else {
            throw .invalidOption(
                option: "--failures",
                reason: "expected \(chip.depth) counts (one per hidden layer of \(chipPath)), found \(f.count)")
        }
        for (l, n) in chip.widths.enumerated() where f[l] > n {
            throw .invalidOption(
                option: "--failures", reason: "layer \(l + 1) of \(chipPath) has \(counted(n, "neuron")), cannot crash \(f[l])")
        }
        let layers = chip.allLayers
        let s = synapses ?? Array(repeating: 0, count: layers.count)
        guard s.count == layers.count else {
            throw .invalidOption(
                option: "--synapse-failures",
                reason: "expected \(layers.count) counts (one per weight matrix of \(chipPath), readout last), found \(s.count)")
        }
        for (l, layer) in layers.enumerated() where s[l] > layer.synapseCount {
            throw .invalidOption(
                option: "--synapse-failures",
                reason: "matrix \(l + 1) of \(chipPath) has \(counted(layer.synapseCount, "synapse")), cannot crash \(s[l])")
        }
        return FaultCounts(neurons: f, synapses: s)
    }

    /// The workload: `--inputs FILE.csv`, or `--random-inputs N` uniform over the chip's input domain with `--seed`.
    static func inputs(_ args: ParsedArguments, chip: Chip) throws(InputError) -> (batch: InputBatch, source: String) {
        let file = args.string("inputs")
        let random = try args.integer("random-inputs", in: 1...100_000_000)
        switch (file, random) {
        case let (file?, nil):
            return (try InputBatch.loadCSV(path: file, dimension: chip.inputCount), file)
        case let (nil, n?):
            let seed = try args.seed() ?? 1
            let batch = InputBatch.uniform(count: n, dimension: chip.inputCount, domain: chip.inputDomain, seed: seed)
            return (batch, "\(n) uniform over [\(formatNumber(chip.inputDomain.lower)), \(formatNumber(chip.inputDomain.upper))]^\(chip.inputCount), seed \(seed)")
        case (.some, .some):
            throw .invalidOption(option: "--inputs", reason: "give either --inputs or --random-inputs, not both")
        case (nil, nil):
            throw .usage("neurofail \(args.command): missing --inputs FILE.csv or --random-inputs N (see 'neurofail \(args.command) --help')")
        }
    }

    /// `--norm linf|l1|l2` (default linf).
    static func norm(_ args: ParsedArguments) throws(InputError) -> DeviationNorm {
        guard let text = args.string("norm") else { return .linf }
        guard let norm = DeviationNorm(rawValue: text) else {
            throw .invalidOption(option: "--norm", reason: "expected linf, l1 or l2, found '\(text)'")
        }
        return norm
    }

    /// `--threads N` (default: all cores).
    static func threads(_ args: ParsedArguments) throws(InputError) -> Int? {
        try args.integer("threads", in: 1...1024)
    }

    /// Prints `value` as JSON and, with `--out FILE`, writes it there atomically too.
    static func emit(_ value: JSONValue, _ args: ParsedArguments, console: Console, human: () -> String) throws(InputError) {
        let text = value.rendered() + "\n"
        if let out = args.string("out") { try AtomicFile.write(text, to: out) }
        console.out(args.has("json") ? text : human())
    }

    /// A one-line description of a chip's shape: `hand-2-2-1: 2 inputs → 2-2 (relu K=1) → 1 output`.
    static func shape(_ chip: Chip) -> String {
        let acts = Set(chip.hidden.compactMap(\.activation)).sorted { $0.lipschitz < $1.lipschitz }
        let act = acts.map { "\($0.function.rawValue) K=\(formatNumber($0.lipschitz))" }.joined(separator: ", ")
        return "\(chip.name): \(counted(chip.inputCount, "input")) → \(chip.widths.map(String.init).joined(separator: "-")) (\(act)) → \(counted(chip.outputCount, "output"))"
    }

    /// Comma-separated integers.
    static func list(_ xs: [Int]) -> String { xs.map(String.init).joined(separator: ",") }
}

/// Shows a progress line on standard error for runs longer than about two seconds, only when it is a terminal.
final class ProgressLine: Sendable {
    private let console: Console
    private let label: String
    private let start = Date()
    /// Whether anything is on the line, when it was last drawn, the current step's note, whether a fraction came.
    private let state = Mutex<(shown: Bool, last: Double, note: String, measured: Bool)>((false, 0, "", false))

    init(console: Console, label: String) {
        self.console = console
        self.label = label
    }

    /// Reports that `fraction` (0...1) of the work is done.
    func update(_ fraction: Double) {
        guard console.errIsTerminal else { return }
        let elapsed = Date().timeIntervalSince(start)
        guard elapsed > 2 else { return }
        let note = state.withLock { s -> String? in
            s.measured = true
            guard elapsed - s.last > 0.25 else { return nil }
            s.last = elapsed
            s.shown = true
            return s.note
        }
        guard let note else { return }
        let left = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0
        let step = note.isEmpty ? "" : " · " + note
        console.err(String(format: "\r%@: %5.1f%%, %.0f s elapsed, ~%.0f s left%@\u{1B}[K", label, 100 * fraction, elapsed, left, step))
    }

    /// Names the current step (e.g. "training digits-48-dropout0.1"), shown after the percentage from the next
    /// update on; until a fraction has been reported, the note alone is shown.
    func note(_ text: String) {
        guard console.errIsTerminal else { return }
        let alone = state.withLock { s -> Bool in
            s.note = text
            guard !s.measured else { return false }
            s.shown = true
            return true
        }
        if alone { console.err("\r\(label): \(text)\u{1B}[K") }
    }

    /// Clears the line if it was shown.
    func finish() {
        if state.withLock({ $0.shown }) { console.err("\r\u{1B}[K") }
    }
}
