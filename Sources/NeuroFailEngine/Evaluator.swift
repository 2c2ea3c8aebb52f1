import Dispatch
import NeuroFailCore

/// Evaluates a chip, pristine or under a ``FaultSet``, on batches of inputs.
///
/// Numbers: Float64 throughout (weights, activations, accumulations). Every neuron's pre-activation is summed in the
/// same order as the plain one-input path, `b_t + w_t0·a_0 + w_t1·a_1 + …`, so ``outputs(_:faults:)`` returns the
/// same bytes as ``output(for:faults:)`` input by input, whatever the number of threads.
///
/// Fault semantics (paper Def. 2): a crashed neuron outputs 0 (a sigmoid neuron too, not σ(0)); a crashed synapse
/// delivers nothing, i.e. its term is left out of the target's sum. A stuck neuron outputs its value; a synapse whose
/// stored weight changed (a bit flip) delivers with the stored weight.
///
/// The chip is packed once at `init`: all weight matrices in one contiguous row-major buffer, all biases in another.
/// Matrices are numbered 0...L here (0-based): matrix `l` maps activations `a_l` (a_0 = the input, width d) to
/// `a_(l+1)`; matrix L is the linear readout. A convolutional layer is packed as its kernel and evaluated by direct
/// convolution (Evaluator+Convolution.swift), never expanded to a dense matrix; its sums run over the synapses that
/// exist, in source order, which adds the same terms in the same order as its dense expansion would (less the zeros).
public struct Evaluator: Sendable {
    /// The chip, as given.
    public let chip: Chip
    /// N_(l−1) for each matrix l = 0...L (row length).
    let fanIn: [Int]
    /// N_l for each matrix l = 0...L (rows).
    let fanOut: [Int]
    /// Start of matrix l in ``weights``.
    let weightOffset: [Int]
    /// Start of matrix l's biases in ``biases``.
    let biasOffset: [Int]
    /// Every weight matrix, row-major, back to back.
    let weights: [Double]
    /// Every bias vector, back to back.
    let biases: [Double]
    /// φ of matrix l's neurons; `nil` for the readout.
    let activations: [Activation?]
    /// The chip's matrices as layers (sparse and convolutional ones are read through their synapse lists).
    let layers: [Layer]

    /// Inputs per block in the batched kernels: a multiple of 8 (one AVX-512 register of Float64).
    static let blockSize = 64

    /// Packs `chip` for fast evaluation.
    public init(chip: Chip) {
        self.chip = chip
        let layers = chip.allLayers
        fanIn = layers.map(\.inputs)
        fanOut = layers.map(\.outputs)
        var wo = [Int](), bo = [Int](), w = [Double](), b = [Double]()
        for layer in layers {
            wo.append(w.count)
            bo.append(b.count)
            w.append(contentsOf: layer.weights)
            b.append(contentsOf: layer.bias)
        }
        weightOffset = wo
        biasOffset = bo
        weights = w
        biases = b
        activations = layers.map(\.activation)
        self.layers = layers
    }

    /// The target neuron of synapse number `index` of matrix `l` (the layer's synapse numbering).
    func synapseTarget(_ l: Int, _ index: Int) -> Int {
        if layers[l].isDense { return index / fanIn[l] }
        return layers[l].synapse(at: index).target
    }

    /// L + 1: the number of weight matrices, readout included.
    var matrixCount: Int { fanOut.count }
    /// The widest activation vector (input, hidden layers, output).
    var maxWidth: Int { max(fanIn.max() ?? 0, fanOut.max() ?? 0) }

    /// F(x) for one input, computed the plain way (no packing, no batching): the semantics the fast paths are
    /// tested against.
    ///
    /// - Parameters:
    ///   - input: d numbers.
    ///   - faults: crashed neurons and synapses; must be valid for the chip.
    /// - Returns: the M outputs.
    public func output(for input: [Double], faults: FaultSet) -> [Double] {
        precondition(input.count == chip.inputCount, "input has \(input.count) numbers, the chip takes \(chip.inputCount)")
        var a = input
        for (l, layer) in chip.allLayers.enumerated() {
            let crashedSynapses = Set(faults.synapses[l])
            let crashedNeurons = l < chip.depth ? Set(faults.neurons[l]) : []
            var stuck = [Int: Double]()
            if l < chip.depth { for e in faults.stuck[l] { stuck[e.index] = e.value } }
            var changed = [Int: Double]()
            for e in faults.weights[l] { changed[e.index] = e.value }
            var next = [Double](repeating: 0, count: layer.outputs)
            for t in 0..<layer.outputs where !crashedNeurons.contains(t) {
                if let c = stuck[t] {
                    next[t] = c
                    continue
                }
                var z = layer.bias[t]
                for synapse in layer.incoming(t) where !crashedSynapses.contains(synapse.index) {
                    z += (changed[synapse.index] ?? synapse.weight) * a[synapse.source]
                }
                next[t] = layer.activation.map { $0(z) } ?? z
            }
            a = next
        }
        return a
    }

    /// F(x) for every input of a batch, under `faults`.
    ///
    /// Batched over blocks of inputs and spread over all cores; each input's numbers do not depend on the blocking
    /// or the thread count (bit for bit equal to ``output(for:faults:)``).
    ///
    /// - Returns: `inputs.count × M` numbers, row-major (input i's outputs at `i * M ..< (i + 1) * M`).
    public func outputs(_ inputs: InputBatch, faults: FaultSet, threads: Int? = nil) -> [Double] {
        precondition(inputs.dimension == chip.inputCount, "inputs have \(inputs.dimension) numbers, the chip takes \(chip.inputCount)")
        precondition(faults.isValid(for: chip), "the fault set does not fit the chip")
        let m = inputs.count, outs = chip.outputCount
        guard m > 0 else { return [] }
        let mask = FaultMask(faults, evaluator: self)
        let blockSize = Evaluator.blockSize
        let blocks = (m + blockSize - 1) / blockSize
        var result = [Double](repeating: 0, count: m * outs)
        result.withUnsafeMutableBufferPointer { out in
            let out = SendablePointer(out.baseAddress!)
            inputs.values.withUnsafeBufferPointer { x in
                let x = SendablePointer(UnsafeMutablePointer(mutating: x.baseAddress!))
                Parallel.forEach(blocks, threads: threads) { block in
                    var scratch = BlockScratch(width: maxWidth, count: blockSize)
                    let first = block * blockSize, count = min(blockSize, m - first)
                    let a0 = scratch.front
                    Evaluator.transposeBlock(
                        x.pointer, first: first, count: count, dimension: chip.inputCount, into: a0,
                        rowStride: blockSize)
                    let final = forward(from: 0, source: a0, sourceStride: blockSize, mask: mask, scratch: &scratch)
                    for i in 0..<count {
                        for k in 0..<outs { out.pointer[(first + i) * outs + k] = final[k * blockSize + i] }
                    }
                }
            }
        }
        return result
    }
}
