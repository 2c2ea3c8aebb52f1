/// The synapses of a sparse layer, in compressed sparse row (CSR) order: which input units feed each neuron.
///
/// Real neuromorphic chips are sparse: a Loihi core's neuron has a fan-in of tens to thousands out of 10⁵–10⁶
/// neurons, so a dense matrix of such a chip would be almost all zeros (10⁸ synapses of 10¹¹ entries). A sparse layer
/// stores only the synapses that exist, and everything that reads it (both engines, every bound) works in
/// O(synapses).
///
/// The synapses into neuron `t` are numbers `rowStart[t]..<rowStart[t + 1]`, by strictly increasing source, and
/// `sources[k]` is the input unit synapse `k` comes from: exactly the layer's synapse numbering of
/// ``Layer`` (target by target, within a target by increasing source), so a synapse's number is its position here
/// and the layer's `weights[k]` is its weight. This is SciPy's `csr_matrix` (`indptr`, `indices`, `data`) with
/// sorted indices and no explicit duplicates.
///
/// Invariants (checked by ``problem(inputs:outputs:rowStart:sources:)``, which decoders call first with a
/// user-facing error): `inputs ≥ 1`, `outputs ≥ 1`, `rowStart.count == outputs + 1`, `rowStart[0] == 0`,
/// `rowStart` non-decreasing, `rowStart[outputs] == sources.count`, each row's sources strictly increasing in
/// `0..<inputs`. A neuron may have no synapse at all (it outputs φ(bias)).
public struct SparseConnectivity: Sendable, Hashable {
    /// N_(l−1): the number of input units.
    public let inputs: Int
    /// N_l: the number of neurons.
    public let outputs: Int
    /// Row pointers: the synapses into neuron t are `rowStart[t]..<rowStart[t + 1]`; `outputs + 1` entries.
    public let rowStart: [Int]
    /// The source unit of each synapse, by synapse number.
    public let sources: [Int32]
    /// The largest number of synapses into one neuron.
    public let maxFanIn: Int
    /// The largest number of neurons one input unit feeds.
    public let maxFanOut: Int

    /// A sparse connectivity from CSR arrays. Precondition: ``problem(inputs:outputs:rowStart:sources:)`` is nil.
    public init(inputs: Int, outputs: Int, rowStart: [Int], sources: [Int32]) {
        precondition(
            Self.problem(inputs: inputs, outputs: outputs, rowStart: rowStart, sources: sources) == nil,
            "invalid sparse connectivity")
        self.inputs = inputs
        self.outputs = outputs
        self.rowStart = rowStart
        self.sources = sources
        var fanIn = 0
        for t in 0..<outputs { fanIn = max(fanIn, rowStart[t + 1] - rowStart[t]) }
        maxFanIn = fanIn
        var fanOut = [Int32](repeating: 0, count: inputs)
        for s in sources { fanOut[Int(s)] &+= 1 }
        maxFanOut = Int(fanOut.max() ?? 0)
    }

    /// A sparse connectivity from one list of sources per neuron. Precondition: every list strictly increasing in
    /// `0..<inputs`, `inputs ≥ 1`, at least one list.
    public init(inputs: Int, fanIn lists: [[Int]]) {
        var rowStart = [0]
        rowStart.reserveCapacity(lists.count + 1)
        var sources = [Int32]()
        sources.reserveCapacity(lists.reduce(0) { $0 + $1.count })
        for list in lists {
            for s in list { sources.append(Int32(clamping: s)) }
            rowStart.append(sources.count)
        }
        self.init(inputs: inputs, outputs: lists.count, rowStart: rowStart, sources: sources)
    }

    /// What is wrong with these CSR arrays, in words a user can act on, or nil when they satisfy the invariants.
    /// Checked in O(synapses).
    public static func problem(inputs: Int, outputs: Int, rowStart: [Int], sources: [Int32]) -> String? {
        guard inputs >= 1, inputs <= Int(Int32.max) else { return "the layer needs 1 to \(Int32.max) inputs, found \(inputs)" }
        guard outputs >= 1 else { return "a layer needs at least one neuron" }
        guard rowStart.count == outputs + 1 else {
            return "the row pointers have \(rowStart.count) entries, expected \(outputs + 1) (one per neuron, plus one)"
        }
        guard rowStart[0] == 0 else { return "the row pointers start at \(rowStart[0]), expected 0" }
        guard rowStart[outputs] == sources.count else {
            return "the row pointers end at \(rowStart[outputs]), but there are \(sources.count) synapses"
        }
        // Every row pointer first: a row reaching past the synapses must be named, not read.
        for t in 0..<outputs where rowStart[t] > rowStart[t + 1] {
            return "the row pointers decrease at neuron \(t) (\(rowStart[t]) then \(rowStart[t + 1]))"
        }
        for t in 0..<outputs {
            let (a, b) = (rowStart[t], rowStart[t + 1])
            var previous = -1
            for k in a..<b {
                let s = Int(sources[k])
                guard (0..<inputs).contains(s) else {
                    return "neuron \(t) has a synapse from unit \(s), outside 0..<\(inputs)"
                }
                guard s > previous else {
                    return "neuron \(t)'s sources are not strictly increasing (\(previous) then \(s)): sort each row and merge duplicates"
                }
                previous = s
            }
        }
        return nil
    }

    /// The number of synapses.
    @inlinable
    public var synapseCount: Int { sources.count }

    /// The synapse numbers into `target`.
    @inlinable
    public func synapses(of target: Int) -> Range<Int> { rowStart[target]..<rowStart[target + 1] }

    /// The number of the first synapse into `target`.
    @inlinable
    public func firstSynapse(of target: Int) -> Int { rowStart[target] }

    /// The number of synapses into `target`.
    @inlinable
    public func fanIn(of target: Int) -> Int { rowStart[target + 1] - rowStart[target] }

    /// Calls `body(source, index)` for every synapse into `target`, by increasing source: the order of the synapse
    /// numbering and of every sum over them. `index` is the synapse's number (and its weight's index).
    @inlinable
    public func forEachSource(of target: Int, _ body: (_ source: Int, _ index: Int) -> Void) {
        for k in rowStart[target]..<rowStart[target + 1] { body(Int(sources[k]), k) }
    }

    /// The ends of synapse number `index`. Precondition: `index` in `0..<synapseCount`.
    public func synapse(at index: Int) -> (target: Int, source: Int) {
        precondition((0..<synapseCount).contains(index), "synapse \(index) out of range 0..<\(synapseCount)")
        // The last neuron whose first synapse is ≤ index (rows may be empty).
        var lo = 0, hi = outputs - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if rowStart[mid] <= index { lo = mid } else { hi = mid - 1 }
        }
        return (lo, Int(sources[index]))
    }

    /// The number of the synapse from `source` to `target`, or nil when there is none (out of range or not
    /// connected). O(log fan-in).
    public func synapseIndex(target: Int, source: Int) -> Int? {
        guard (0..<outputs).contains(target), (0..<inputs).contains(source) else { return nil }
        var lo = rowStart[target], hi = rowStart[target + 1]
        let s = Int32(source)
        while lo < hi {
            let mid = (lo + hi) / 2
            if sources[mid] < s { lo = mid + 1 } else { hi = mid }
        }
        return lo < rowStart[target + 1] && sources[lo] == s ? lo : nil
    }
}
