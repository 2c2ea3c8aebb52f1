import NeuroFailCore

/// One of the paper's experiments, reproduced: it runs, and returns its data, its plot and its headline numbers.
///
/// Each figure is a type of its own (`Figure3`, `Figure4`, …) registered in ``Reproduction/figures``. With
/// ``ReproductionOptions/quick`` it runs on small sizes in seconds (for CI); without, it is the real reproduction.
public protocol Figure: Sendable {
    /// The command-line name, e.g. `fig3`.
    var id: String { get }
    /// A one-line description, e.g. "ReLU: Omega against K for several crash counts".
    var title: String { get }
    /// Runs the experiment.
    func run(_ options: ReproductionOptions, progress: @escaping @Sendable (String) -> Void) throws -> FigureResult
}

/// How to run a reproduction.
public struct ReproductionOptions: Sendable {
    /// Small sizes, seconds per figure (for CI); the full run is the real reproduction.
    public var quick: Bool
    /// The master seed of every random draw (chips, inputs, training).
    public var seed: UInt64
    /// Worker threads (nil: all cores); results do not depend on it.
    public var threads: Int?
    /// The data folder made by scripts/fetch-data.sh (for the trained-network figures), or nil.
    public var dataDirectory: String?
    /// Called with the fraction (0...1) of the figure's work done, by figures that can estimate it (fig7, whose full
    /// run takes minutes); nil: nobody listens. Never changes a result.
    public var progressFraction: (@Sendable (Double) -> Void)?

    public init(quick: Bool = false, seed: UInt64 = 2017, threads: Int? = nil, dataDirectory: String? = nil) {
        self.quick = quick
        self.seed = seed
        self.threads = threads
        self.dataDirectory = dataDirectory
    }
}

/// What a figure produced.
public struct FigureResult: Sendable {
    /// The figure's id.
    public var id: String
    /// Data files: (file name, CSV text).
    public var data: [(name: String, text: String)]
    /// Plots: (file name, SVG text).
    public var plots: [(name: String, text: String)]
    /// The headline numbers, a JSON object (e.g. `loglogSlope` for fig3); printed with `--json`.
    public var headline: JSONValue
    /// A few lines for people: what was run, what came out, how it compares with the paper.
    public var summary: String

    public init(
        id: String, data: [(name: String, text: String)], plots: [(name: String, text: String)], headline: JSONValue,
        summary: String
    ) {
        self.id = id
        self.data = data
        self.plots = plots
        self.headline = headline
        self.summary = summary
    }
}
