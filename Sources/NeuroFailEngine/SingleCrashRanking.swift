import NeuroFailCore
import Synchronization

/// What each single crash does to a chip on a batch of inputs: for every hidden neuron and every synapse (readout
/// included), the measured Ω when that component alone has crashed, exactly, over every input of the batch.
///
/// The designer's question is where to spend redundancy: the components whose loss moves the outputs most are where
/// triple modular redundancy or spares pay. Each crash is evaluated by the fast engine from the batch's pristine
/// activations (only the layers a crash reaches are recomputed), so a chip's N neurons and S synapses cost N + S
/// partial forward passes over the batch. Deterministic: every component's figures depend only on the chip, the
/// inputs and the norm, whatever the thread count.
public struct SingleCrashRanking: Sendable {
    /// One crashed component.
    public enum Component: Sendable, Hashable, Comparable, CustomStringConvertible {
        /// A hidden neuron.
        case neuron(NeuronID)
        /// A synapse, readout included.
        case synapse(SynapseID)

        /// The layer of the component (1...L for neurons, 1...L+1 for synapses, as in the paper).
        public var layer: Int {
            switch self {
            case let .neuron(n): return n.layer
            case let .synapse(s): return s.layer
            }
        }

        /// `n2.5` or `s3.0.7`, as in traces.
        public var description: String {
            switch self {
            case let .neuron(n): return n.description
            case let .synapse(s): return s.description
            }
        }

        /// Neurons first, then synapses, each in layer and index order.
        public static func < (a: Component, b: Component) -> Bool {
            switch (a, b) {
            case let (.neuron(x), .neuron(y)): return x < y
            case let (.synapse(x), .synapse(y)): return x < y
            case (.neuron, .synapse): return true
            case (.synapse, .neuron): return false
            }
        }

        /// The fault set of this crash alone on `chip`.
        func faults(on chip: Chip) -> FaultSet {
            var faults = FaultSet(pristine: chip)
            switch self {
            case let .neuron(n): faults.neurons[n.layer - 1] = [n.index]
            case let .synapse(s): faults.crash(s, on: chip)
            }
            return faults
        }
    }

    /// The measured effect of one crash.
    public struct Impact: Sendable, Hashable {
        /// The crashed component.
        public let component: Component
        /// Ω_max: the largest output deviation over the inputs, in output units.
        public let omegaMax: Double
        /// Ω_av: the mean output deviation over the inputs.
        public let omegaAverage: Double
        /// The first input (0-based) at which the deviation is ``omegaMax``.
        public let worstInput: Int
    }

    /// Every component's impact, in component order (neurons layer by layer, then synapses matrix by matrix, each by
    /// target then source).
    public let impacts: [Impact]
    /// The number of inputs measured on.
    public let inputCount: Int

    /// Measures every single crash of `chip` on `inputs` (at least one) with `norm`.
    ///
    /// - Parameters:
    ///   - threads: workers (default: all cores); the result does not depend on it.
    ///   - progress: called with the fraction of components done, from any thread.
    public init(
        chip: Chip, inputs: InputBatch, norm: DeviationNorm = .linf, threads: Int? = nil,
        progress: (@Sendable (Double) -> Void)? = nil
    ) {
        precondition(inputs.count > 0 && inputs.dimension == chip.inputCount, "inputs must fit the chip")
        var list = [Component]()
        for (l, width) in chip.widths.enumerated() {
            for i in 0..<width { list.append(.neuron(NeuronID(layer: l + 1, index: i))) }
        }
        for (l, layer) in chip.allLayers.enumerated() {
            for k in 0..<layer.synapseCount { list.append(.synapse(chip.synapse(layer: l + 1, index: k))) }
        }
        let components = list
        let evaluator = Evaluator(chip: chip)
        let prepared = evaluator.prepare(inputs, threads: threads)
        let pristine = evaluator.outputs(prepared, faults: FaultSet(pristine: chip), threads: threads)
        let m = chip.outputCount, count = inputs.count
        var omegaMax = [Double](repeating: 0, count: components.count)
        var omegaAverage = [Double](repeating: 0, count: components.count)
        var worst = [Int](repeating: 0, count: components.count)
        let done = Atomic<Int>(0)
        let total = components.count
        omegaMax.withUnsafeMutableBufferPointer { maxima in
            omegaAverage.withUnsafeMutableBufferPointer { means in
                worst.withUnsafeMutableBufferPointer { worstInputs in
                    let maxima = SendablePointer(maxima.baseAddress!), means = SendablePointer(means.baseAddress!)
                    let worstInputs = SendablePointer(worstInputs.baseAddress!)
                    // One component per work item, each evaluated single-threaded: the items are many and equal.
                    Parallel.forEach(total, threads: threads) { c in
                        let outputs = evaluator.outputs(prepared, faults: components[c].faults(on: chip), threads: 1)
                        var sum = CompensatedSum()
                        var largest = -Double.infinity, at = 0
                        var deviation = [Double](repeating: 0, count: m)
                        for i in 0..<count {
                            for k in 0..<m { deviation[k] = pristine[i * m + k] - outputs[i * m + k] }
                            let d = norm(deviation)
                            sum.add(d)
                            if d > largest { (largest, at) = (d, i) }
                        }
                        maxima.pointer[c] = largest
                        means.pointer[c] = sum.value / Double(count)
                        worstInputs.pointer[c] = at
                        let finished = done.wrappingAdd(1, ordering: .relaxed).newValue
                        if let progress, finished % 256 == 0 || finished == total { progress(Double(finished) / Double(total)) }
                    }
                }
            }
        }
        impacts = components.indices.map {
            Impact(component: components[$0], omegaMax: omegaMax[$0], omegaAverage: omegaAverage[$0], worstInput: worst[$0])
        }
        inputCount = count
    }

    /// The impacts from most to least harmful: by Ω_max, then Ω_av, then component order (a total order, so the
    /// ranking is reproducible).
    public var ranked: [Impact] {
        impacts.sorted { a, b in
            if a.omegaMax != b.omegaMax { return a.omegaMax > b.omegaMax }
            if a.omegaAverage != b.omegaAverage { return a.omegaAverage > b.omegaAverage }
            return a.component < b.component
        }
    }
}
