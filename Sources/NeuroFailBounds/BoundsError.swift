import Foundation

/// A request the bound computations cannot answer as asked: fault counts that do not fit the chip, a crash count
/// beyond the chip's size, a budget that is not a non-negative number.
///
/// Every case renders as one line saying what was given, what the chip allows, and how to fix it, so the CLI can
/// print it verbatim (exit status 2). Layers are numbered as in the paper: 1...L hidden, L+1 the readout.
public enum BoundsError: Error, Equatable, Sendable, LocalizedError, CustomStringConvertible {
    /// `FaultCounts.neurons` has `given` entries; the chip has `expected` hidden layers (f_1...f_L).
    case neuronListLength(given: Int, expected: Int)
    /// `FaultCounts.synapses` has `given` entries; the chip has `expected` weight matrices (s_1...s_(L+1)).
    case synapseListLength(given: Int, expected: Int)
    /// f_`layer` = `count` is negative or exceeds N_`layer` = `width`.
    case neuronCountOutOfRange(layer: Int, count: Int, width: Int)
    /// s_`layer` = `count` is negative or exceeds the `available` synapses of weight matrix w^(`layer`).
    case synapseCountOutOfRange(layer: Int, count: Int, available: Int)
    /// A total of `requested` neuron crashes was asked for; the chip has `available` neurons (Σ N_l).
    case crashCountOutOfRange(requested: Int, available: Int)
    /// An error budget (output units) that is NaN or negative.
    case invalidBudget(Double)
    /// The chip has `synapses` synapses, above the `limit` the fault-set bound holds in memory
    /// (``FaultSetBound/maximumSynapses``).
    case tooLargeForFaultSetBound(synapses: Int, limit: Int)
    /// The linear relaxation works on dense coefficient rows, and the chip's layers expand to `denseWeights`
    /// entries, above its `limit` (``FaultSetBound/maximumDenseWeightsForLinearRelaxation``).
    case tooLargeForLinearRelaxation(denseWeights: Int, limit: Int)

    /// One line: the value given, what the chip allows, and how to fix it.
    public var description: String {
        switch self {
        case let .neuronListLength(given, expected):
            return "fault counts give \(given) neuron counts, expected \(expected) (f_1...f_\(expected), "
                + "one per hidden layer)"
        case let .synapseListLength(given, expected):
            return "fault counts give \(given) synapse counts, expected \(expected) (s_1...s_\(expected), "
                + "one per weight matrix, the last for the readout)"
        case let .neuronCountOutOfRange(layer, count, width):
            return "f_\(layer) = \(count) crashed neurons in hidden layer \(layer), which has \(width): "
                + "use 0...\(width)"
        case let .synapseCountOutOfRange(layer, count, available):
            return "s_\(layer) = \(count) crashed synapses into layer \(layer), whose weight matrix has \(available): "
                + "use 0...\(available)"
        case let .crashCountOutOfRange(requested, available):
            return "\(requested) neuron crashes requested, but the chip has \(available) neurons: use 0...\(available)"
        case let .invalidBudget(budget):
            return "error budget \(budget) is not a non-negative number (output units, e.g. 0.15)"
        case let .tooLargeForFaultSetBound(synapses, limit):
            return "the chip has \(synapses) synapses, above the \(limit) the fault-set bound holds in memory; "
                + "Erf, omega and rank still work on it"
        case let .tooLargeForLinearRelaxation(denseWeights, limit):
            return "the chip's layers span \(denseWeights) dense weights, above the \(limit) the linear relaxation "
                + "back-substitutes as dense rows; use the difference intervals (O(synapses)), or Erf"
        }
    }

    /// The same line as ``description``, for `localizedDescription`.
    public var errorDescription: String? { description }
}
