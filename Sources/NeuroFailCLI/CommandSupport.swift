import Foundation
import NeuroFailBounds
import NeuroFailCore
import NeuroFailEngine
import NeuroFailImport
import Synchronization

/// Shared steps of the commands: loading a chip, reading crash counts and inputs, printing JSON, writing files.
enum CommandSupport {
    /// The chip in `path`: chip JSON, an `.npy` manifest or an ONNX model (the one loader every command and every
    /// scenario's `chip` field uses).
    static func loadChip(_ path: String) throws(InputError) -> Chip {
        try ChipFile.load(path: path)
    }

    /// The help line of a command's chip argument.
    static let chipArgumentHelp = "A chip: neurofail.chip/1 JSON, a .npy manifest or an ONNX model (Docs/chip-format.md)."

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
            // Every bound holds over the chip's domain only: an input outside it is the user's error (one line naming
            // the row, column and value), or with --clip is clipped into it and counted.
            let batch = try InputBatch.loadCSV(path: file, dimension: chip.inputCount)
            let box = InputBox(chip: chip)
            if args.has("clip") {
                let clipped = batch.clipped(to: box)
                let note = clipped.inputs > 0 ? "; \(counted(clipped.inputs, "input")) clipped into \(box.source)" : ""
                return (clipped.batch, file + note)
            }
            try batch.checkInside(box, file: file)
            return (batch, file)
        case let (nil, n?):
            try ResourceLimit.checkMemory(
                Double(n) * Double(chip.inputCount + chip.outputCount + (chip.widths.max() ?? 0)) * 24,
                for: "\(n) random inputs of \(chip.inputCount) numbers", change: "give a smaller --random-inputs"
            ) { .invalidOption(option: "--random-inputs", reason: $0) }
            let seed = try args.seed() ?? 1
            let batch = InputBatch.uniform(count: n, dimension: chip.inputCount, domain: chip.inputDomain, seed: seed)
            return (batch, "\(n) uniform over [\(formatNumber(chip.inputDomain.lower)), \(formatNumber(chip.inputDomain.upper))]^\(chip.inputCount), seed \(seed)")
        case (.some, .some):
            throw .invalidOption(option: "--inputs", reason: "give either --inputs or --random-inputs, not both")
        case (nil, nil):
            throw .usage("neurofail \(args.command): missing --inputs FILE.csv or --random-inputs N (see 'neurofail \(args.command) --help')")
        }
    }

    /// The options that choose an activation (`generate`, `train`), with their help lines.
    static let activationOptions: [CommandSpec.Option] = [
        .option("activation", "name", "relu (default), sigmoid, tanh, leaky-relu, hard-sigmoid or clip (Docs/chip-format.md)."),
        .option("lipschitz", "K", "Lipschitz constant K > 0 of the activation (default 1)."),
        .option("alpha", "a", "leaky-relu only: the negative side's slope is a·K, 0 <= a < 1 (default 0.01)."),
        .option("clip", "lo,hi", "clip only: the output range, lo < hi (default -1,1)."),
    ]

    /// The activation given by `--activation`, `--lipschitz`, `--alpha` and `--clip` (default relu, K = 1).
    static func activation(_ args: ParsedArguments) throws(InputError) -> Activation {
        let name = args.string("activation") ?? "relu"
        guard let function = Activation.Function(rawValue: name) else {
            let known = Activation.Function.allCases.map(\.rawValue).joined(separator: ", ")
            throw .invalidOption(option: "--activation", reason: "expected one of \(known), found '\(name)'")
        }
        let k = try args.number("lipschitz", positive: true) ?? 1
        let alpha = try args.number("alpha")
        if alpha != nil, function != .leakyRelu {
            throw .invalidOption(option: "--alpha", reason: "applies to --activation leaky-relu only")
        }
        if let alpha, !(alpha >= 0 && alpha < 1) {
            throw .invalidOption(option: "--alpha", reason: "must be >= 0 and < 1, found \(formatNumber(alpha))")
        }
        var range: ClosedRange<Double>?
        if let text = args.string("clip") {
            guard function == .clip else {
                throw .invalidOption(option: "--clip", reason: "applies to --activation clip only")
            }
            let parts = text.split(separator: ",", omittingEmptySubsequences: false).map {
                Double($0.trimmingCharacters(in: .whitespaces))
            }
            guard parts.count == 2, let lo = parts[0], let hi = parts[1], lo.isFinite, hi.isFinite, lo < hi else {
                throw .invalidOption(option: "--clip", reason: "expected lo,hi with finite lo < hi (e.g. 0,6), found '\(text)'")
            }
            range = lo...hi
        }
        return Activation(function, lipschitz: k, alpha: alpha, clipRange: range)
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

    /// A one-line description of a chip's shape: `hand-2-2-1: 2 inputs → 2-2 (relu K=1) → 1 output`; a
    /// convolutional layer shows its output shape, `conv 4x7x7`, a sparse one its largest fan-in, `4[sparse k≤2]`.
    static func shape(_ chip: Chip) -> String {
        var acts = [Activation]()
        for case let a? in chip.hidden.map(\.activation) where !acts.contains(a) { acts.append(a) }
        let act = acts.sorted { $0.lipschitz < $1.lipschitz }.map(\.summary).joined(separator: ", ")
        let widths = chip.hidden.map { layer in
            if let c = layer.convolution { return "conv " + c.outputShape.map(String.init).joined(separator: "x") }
            if let c = layer.sparse { return "\(layer.outputs)[sparse k≤\(c.maxFanIn)]" }
            return String(layer.outputs)
        }
        return "\(TextInput.printable(chip.name)): \(counted(chip.inputCount, "input")) → \(widths.joined(separator: "-")) (\(act)) → \(counted(chip.outputCount, "output"))"
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
