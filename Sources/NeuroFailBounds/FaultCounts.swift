import NeuroFailCore

/// How many components crashed in each layer, the only thing Erf depends on (not which ones).
///
/// Invariants for a chip with widths N_1...N_L (checked by ``validate(for:)``, assumed by ``ErfBound``):
/// `neurons.count == L` with 0 ≤ f_l ≤ N_l, `synapses.count == L + 1` with 0 ≤ s_l ≤ N_l·N_(l−1)
/// (N_0 = d, N_(L+1) = M).
public struct FaultCounts: Sendable, Hashable {
    /// f_1...f_L: crashed neurons per hidden layer; `neurons[l - 1]` is f_l.
    public var neurons: [Int]
    /// s_1...s_(L+1): crashed synapses per weight matrix; `synapses[l - 1]` is s_l, `synapses[L]` the readout.
    public var synapses: [Int]
    /// Stuck neurons per hidden layer (empty: none anywhere).
    public var stuck: [Int] = []
    /// Per hidden layer, Σ |c| over its stuck neurons' values (empty: none anywhere).
    public var stuckValues: [Double] = []
    /// Per weight matrix, Σ |w − ŵ| over its changed stored weights (a bit flip's change of the weight), rounded up
    /// (empty: none anywhere).
    public var weightChange: [Double] = []
    /// Per weight matrix, the largest |ŵ| among its changed stored weights (0 if none; empty: none anywhere): the
    /// faulty chip's matrix may hold a weight above the design's max |w|.
    public var changedMaxWeight: [Double] = []

    /// Counts as given; `synapses` defaults to no synapse crash (L + 1 zeros, L = `neurons.count`).
    public init(neurons: [Int], synapses: [Int]? = nil) {
        self.neurons = neurons
        self.synapses = synapses ?? Array(repeating: 0, count: neurons.count + 1)
    }

    /// The counts of a concrete crash-only fault set (f_l and s_l are the lengths of its per-layer lists).
    public init(_ faults: FaultSet) {
        self.init(neurons: faults.neuronCounts, synapses: faults.synapseCounts)
    }

    /// What Erf needs of any fault set on `chip`: the crash counts, and for stuck neurons and changed weights the
    /// counts, Σ |c| and Σ |w − ŵ| per layer (Docs/theory.md, section 18). For a crash-only set, the same as
    /// ``init(_:)``.
    public init(_ faults: FaultSet, chip: Chip) {
        self.init(faults)
        guard !faults.isCrashOnly else { return }
        stuck = faults.stuckCounts
        stuckValues = faults.stuck.map { list in list.reduce(0) { $0 + abs($1.value) } * (1 + RoundingError.gamma(list.count + 1)) }
        let layers = chip.allLayers
        weightChange = faults.weights.enumerated().map { m, list in
            // |w − ŵ| rounded up by one rounding of the subtraction, the sum by γ.
            let s = list.reduce(0) { $0 + abs(layers[m].weights[$1.index] - $1.value) * (1 + 2 * RoundingError.unit) }
            return s * (1 + RoundingError.gamma(list.count + 1))
        }
        changedMaxWeight = faults.weights.map { list in list.reduce(0) { max($0, abs($1.value)) } }
    }

    /// Stuck neurons in hidden layer l (1...L).
    func stuckCount(_ l: Int) -> Int { stuck.isEmpty ? 0 : stuck[l - 1] }
    /// Σ |c| in hidden layer l.
    func stuckValue(_ l: Int) -> Double { stuckValues.isEmpty ? 0 : stuckValues[l - 1] }
    /// Σ |w − ŵ| in matrix l (1...L+1).
    func weightChange(_ l: Int) -> Double { weightChange.isEmpty ? 0 : weightChange[l - 1] }
    /// max |ŵ| of the changed weights of matrix l (1...L+1).
    func changedMax(_ l: Int) -> Double { changedMaxWeight.isEmpty ? 0 : changedMaxWeight[l - 1] }

    /// No crash on a chip of `depth` hidden layers.
    public static func none(depth: Int) -> FaultCounts { FaultCounts(neurons: Array(repeating: 0, count: depth)) }

    /// Σ f_l.
    public var totalNeurons: Int { neurons.reduce(0, +) }
    /// Σ s_l.
    public var totalSynapses: Int { synapses.reduce(0, +) }

    /// Checks the counts against `chip`'s shape.
    ///
    /// - Throws: ``BoundsError`` naming the first problem: a list of the wrong length, or a count that is
    ///   negative or larger than its layer (f_l > N_l, s_l > N_l·N_(l−1)).
    public func validate(for chip: Chip) throws(BoundsError) {
        try validate(widths: chip.widths, synapsesPerMatrix: chip.allLayers.map(\.synapseCount))
    }

    /// Checks against a shape given as N_1...N_L and the synapse count of each of the L + 1 matrices.
    func validate(widths: [Int], synapsesPerMatrix: [Int]) throws(BoundsError) {
        guard neurons.count == widths.count else {
            throw .neuronListLength(given: neurons.count, expected: widths.count)
        }
        guard synapses.count == synapsesPerMatrix.count else {
            throw .synapseListLength(given: synapses.count, expected: synapsesPerMatrix.count)
        }
        for (index, (f, width)) in zip(neurons, widths).enumerated() where f < 0 || f + (stuck.isEmpty ? 0 : stuck[index]) > width {
            throw .neuronCountOutOfRange(layer: index + 1, count: f, width: width)
        }
        for (index, (s, available)) in zip(synapses, synapsesPerMatrix).enumerated() where s < 0 || s > available {
            throw .synapseCountOutOfRange(layer: index + 1, count: s, available: available)
        }
    }
}
