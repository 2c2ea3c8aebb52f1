/// A neuron of a chip: hidden layer `layer` (1...L, as in the paper) and its index within the layer (0-based).
public struct NeuronID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var layer: Int
    public var index: Int
    public init(layer: Int, index: Int) {
        self.layer = layer
        self.index = index
    }
    public static func < (a: NeuronID, b: NeuronID) -> Bool { (a.layer, a.index) < (b.layer, b.index) }
    /// `n<layer>.<index>`, e.g. `n2.5`: the form used in traces.
    public var description: String { "n\(layer).\(index)" }
}

/// A synapse of a chip: into layer `layer` (1...L+1, L+1 being the readout), from neuron `source` of layer
/// `layer − 1` (or chip input `source` when `layer == 1`) to neuron `target` of layer `layer`.
public struct SynapseID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var layer: Int
    public var target: Int
    public var source: Int
    public init(layer: Int, target: Int, source: Int) {
        self.layer = layer
        self.target = target
        self.source = source
    }
    public static func < (a: SynapseID, b: SynapseID) -> Bool {
        (a.layer, a.target, a.source) < (b.layer, b.target, b.source)
    }
    /// `s<layer>.<target>.<source>`, e.g. `s3.0.7`: the form used in traces.
    public var description: String { "s\(layer).\(target).\(source)" }
}

/// Which components of a chip are faulty and how: crashed neurons (send nothing; receivers count 0, paper Def. 2),
/// crashed synapses (deliver nothing), neurons stuck at a value, and synapses whose stored weight reads another value
/// than designed (a bit flipped in weight memory).
///
/// Stored per layer as sorted index lists so that campaigns can build and compare fault sets cheaply.
/// Invariant for a chip with widths N_1...N_L: `neurons.count == stuck.count == L`,
/// `synapses.count == weights.count == L + 1`, indices in range, no duplicates, no neuron both crashed and stuck,
/// every value finite.
public struct FaultSet: Sendable, Hashable {
    /// One component of a layer and a number: a stuck neuron's output, or a synapse's faulty weight.
    public struct Entry: Sendable, Hashable, Comparable {
        /// The neuron's index in its layer, or the synapse's flat index `target * inputs + source`.
        public var index: Int
        /// The value it reads.
        public var value: Double
        public init(index: Int, value: Double) {
            self.index = index
            self.value = value
        }
        /// By index (then value, for a total order).
        public static func < (a: Entry, b: Entry) -> Bool { (a.index, a.value) < (b.index, b.value) }
    }

    /// `neurons[l - 1]`: sorted indices of crashed neurons in hidden layer l.
    public var neurons: [[Int]]
    /// `synapses[l - 1]`: sorted numbers of crashed synapses into layer l (`synapses[L]` is the readout), in the
    /// layer's synapse numbering (``Layer``): `target * inputs + source` for a dense layer.
    public var synapses: [[Int]]
    /// `stuck[l - 1]`: neurons of hidden layer l that send a fixed value, sorted by index.
    public var stuck: [[Entry]]
    /// `weights[l - 1]`: synapses into layer l whose stored weight reads `value` instead of the chip's weight, sorted
    /// by flat index (a crashed synapse may have one: it matters again if the synapse comes back).
    public var weights: [[Entry]]

    /// No faults, for a chip with `depth` hidden layers.
    public init(depth: Int) {
        neurons = Array(repeating: [], count: depth)
        synapses = Array(repeating: [], count: depth + 1)
        stuck = Array(repeating: [], count: depth)
        weights = Array(repeating: [], count: depth + 1)
    }

    /// No faults on `chip`.
    public init(pristine chip: Chip) { self.init(depth: chip.depth) }

    /// Per-layer lists of crashes as given; they are sorted and de-duplicated. Nothing is stuck and no weight
    /// changed.
    public init(neurons: [[Int]], synapses: [[Int]]? = nil) {
        self.neurons = neurons.map { Array(Set($0)).sorted() }
        self.synapses = (synapses ?? Array(repeating: [], count: neurons.count + 1)).map { Array(Set($0)).sorted() }
        stuck = Array(repeating: [], count: neurons.count)
        weights = Array(repeating: [], count: neurons.count + 1)
    }

    /// f_1...f_L: crashed neurons per hidden layer.
    public var neuronCounts: [Int] { neurons.map(\.count) }
    /// s_1...s_(L+1): crashed synapses per weight matrix.
    public var synapseCounts: [Int] { synapses.map(\.count) }
    /// Stuck neurons per hidden layer.
    public var stuckCounts: [Int] { stuck.map(\.count) }
    /// Changed stored weights per weight matrix.
    public var weightCounts: [Int] { weights.map(\.count) }
    /// Whether nothing is faulty.
    public var isEmpty: Bool {
        neurons.allSatisfy(\.isEmpty) && synapses.allSatisfy(\.isEmpty) && stuck.allSatisfy(\.isEmpty)
            && weights.allSatisfy(\.isEmpty)
    }
    /// Whether the only faults are crashes (the paper's model; what Erf's original terms and the campaigns cover).
    public var isCrashOnly: Bool { stuck.allSatisfy(\.isEmpty) && weights.allSatisfy(\.isEmpty) }
    /// The total number of faulty components.
    public var count: Int {
        neurons.reduce(0) { $0 + $1.count } + synapses.reduce(0) { $0 + $1.count } + stuck.reduce(0) { $0 + $1.count }
            + weights.reduce(0) { $0 + $1.count }
    }

    /// Crashes `neuron` (idempotent; a stuck neuron is no longer stuck).
    public mutating func crash(_ neuron: NeuronID) {
        stuck[neuron.layer - 1].removeAll { $0.index == neuron.index }
        Self.insertSorted(neuron.index, into: &neurons[neuron.layer - 1])
    }

    /// Crashes `synapse` of `chip` (idempotent). Precondition: the chip has it (``Chip/synapseIndex(_:)``).
    public mutating func crash(_ synapse: SynapseID, on chip: Chip) {
        guard let flat = chip.synapseIndex(synapse) else { preconditionFailure("\(synapse) is not a synapse of \(chip.name)") }
        Self.insertSorted(flat, into: &synapses[synapse.layer - 1])
    }

    /// Inserts `value` into the sorted, duplicate-free `list`, keeping it so; false if it was there already. Crashes
    /// mostly arrive in ascending order (a core's synapses, a fault set's changes), so appending is tried first,
    /// else a binary search finds the place: a search and a sort per crash made a core's thousands of synapses
    /// quadratic, and showed in the mission's profile.
    @discardableResult
    static func insertSorted(_ value: Int, into list: inout [Int]) -> Bool {
        guard let last = list.last, last >= value else {
            list.append(value)
            return true
        }
        let at = lowerBound(list, value)
        if at < list.count, list[at] == value { return false }
        list.insert(value, at: at)
        return true
    }

    /// The first position of the sorted `list` whose element is ≥ `value` (`list.count` if none).
    static func lowerBound(_ list: [Int], _ value: Int) -> Int {
        var lo = 0, hi = list.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if list[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Crashes the neurons `indices` (sorted, duplicate-free, in range) of hidden layer `layer` at once: the same
    /// fault set as crashing each in turn (stuck ones are no longer stuck), in one merge.
    public mutating func crash(neurons indices: [Int], inLayer layer: Int) {
        guard !indices.isEmpty else { return }
        neurons[layer - 1] = Self.union(neurons[layer - 1], indices)
        stuck[layer - 1].removeAll { Self.containsSorted(indices, $0.index) }
    }

    /// Crashes the synapses numbered `numbers` (sorted, duplicate-free, in the layer's numbering) into layer `layer`
    /// (1...L+1) at once: the same fault set as crashing each in turn, in one merge.
    public mutating func crash(synapses numbers: [Int], intoLayer layer: Int) {
        guard !numbers.isEmpty else { return }
        synapses[layer - 1] = Self.union(synapses[layer - 1], numbers)
    }

    /// The sorted union of two sorted, duplicate-free lists.
    static func union(_ a: [Int], _ b: [Int]) -> [Int] {
        if a.isEmpty { return b }
        if b.isEmpty { return a }
        var out = [Int]()
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if a[i] < b[j] {
                out.append(a[i])
                i += 1
            } else if b[j] < a[i] {
                out.append(b[j])
                j += 1
            } else {
                out.append(a[i])
                i += 1
                j += 1
            }
        }
        out += a[i...]
        out += b[j...]
        return out
    }

    /// Whether the sorted `list` holds `value` (binary search).
    static func containsSorted(_ list: [Int], _ value: Int) -> Bool {
        let at = lowerBound(list, value)
        return at < list.count && list[at] == value
    }

    /// Whether `neuron` has crashed.
    public func isCrashed(_ neuron: NeuronID) -> Bool { neurons[neuron.layer - 1].contains(neuron.index) }

    /// Checks the fault set against a chip's shape.
    public func isValid(for chip: Chip) -> Bool {
        guard neurons.count == chip.depth, synapses.count == chip.depth + 1, stuck.count == chip.depth,
            weights.count == chip.depth + 1
        else { return false }
        for (l, list) in neurons.enumerated() where !list.allSatisfy({ (0..<chip.widths[l]).contains($0) }) {
            return false
        }
        for (l, list) in stuck.enumerated() {
            let crashed = Set(neurons[l])
            guard list.allSatisfy({ (0..<chip.widths[l]).contains($0.index) && $0.value.isFinite && !crashed.contains($0.index) })
            else { return false }
        }
        let layers = chip.allLayers
        for (l, list) in synapses.enumerated() where !list.allSatisfy({ (0..<layers[l].synapseCount).contains($0) }) {
            return false
        }
        for (l, list) in weights.enumerated()
        where !list.allSatisfy({ (0..<layers[l].synapseCount).contains($0.index) && $0.value.isFinite }) {
            return false
        }
        return true
    }
}
