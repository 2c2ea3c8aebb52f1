/// The inputs a mission evaluates the chip on at each checkpoint.
public enum ScenarioWorkload: Sendable, Hashable {
    /// Inputs from a CSV file (one input per line, see `InputBatch.loadCSV`); the path is resolved against the
    /// scenario's folder.
    case inputs(path: String)
    /// `count` inputs drawn uniformly from the chip's input domain with generator seed `seed`.
    case random(count: Int, seed: UInt64)
}
