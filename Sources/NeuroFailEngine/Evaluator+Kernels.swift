import NeuroFailCore

// The batched kernels behind Evaluator and OmegaCampaign. Activations are stored neuron-major with the input index
// innermost (`a[s * stride + i]`), so every loop over inputs is a contiguous, vectorisable stream.
// Pointers are used here, and only here, to keep bounds checks out of the loops over inputs.

extension Evaluator {
    /// a ← φ(W·a + b) for matrix `l` on `count` inputs, leaving out crashed synapses and zeroing dead targets.
    ///
    /// - Parameters:
    ///   - source: `fanIn[l]` rows of `count` numbers, `sourceStride` apart.
    ///   - target: `fanOut[l]` rows, `targetStride` apart; written completely (first `count` columns).
    ///   - crashed: sorted numbers of crashed synapses of this matrix (`t * fanIn[l] + s` for a dense one).
    ///   - dead: `dead[t]` is true when target neuron t has crashed (it outputs 0) or is stuck (it outputs
    ///     `values[t]`); nil when none has.
    ///   - values: what each dead target outputs; nil: 0 for all (crashes only).
    ///   - patched: `patched[t]`, when not nil, is row t of the matrix as stored (a weight changed by a bit flip):
    ///     its `fanIn(of: t)` weights in synapse order (the whole row of a dense matrix); dense and sparse matrices
    ///     only (a convolution's stored weights are its kernel).
    ///   - rows: when given (sorted), only these target rows are computed; the others are left as they are.
    /// Each target's sum is `b_t + w_t0·a_0 + w_t1·a_1 + …` in that order, as in ``output(for:faults:)``.
    func applyMatrix(
        _ l: Int, source: UnsafePointer<Double>, sourceStride: Int, target: UnsafeMutablePointer<Double>,
        targetStride: Int, count: Int, crashed: [Int], dead: [Bool]?, values: [Double]? = nil,
        patched: [[Double]?]? = nil, rows: [Int]? = nil, silent: SendablePointer<Bool>? = nil
    ) {
        if !layers[l].isDense {
            precondition(
                patched == nil || layers[l].ownsWeights,
                "a changed stored weight in convolution \(l) (a convolution stores its kernel, not its synapses' weights)")
            applyStructured(
                l, source: source, sourceStride: sourceStride, target: target, targetStride: targetStride,
                count: count, crashed: crashed, dead: dead, values: values, patched: patched, rows: rows,
                silent: silent)
            return
        }
        let nIn = fanIn[l], nOut = fanOut[l]
        let activation = activations[l]
        withMatrix(l, crashed: crashed) { w, b, crashed in
            if crashed.isEmpty && dead == nil && patched == nil && rows == nil {
                // Every row whole (the pristine pass): four rows at a time share their loads of the sources.
                let kernels = LaneKernels.current
                var t = 0
                while t + 4 <= nOut {
                    kernels.denseFour(
                        target + t * targetStride, targetStride, w + t * nIn, b + t, nIn, source, sourceStride, count)
                    t += 4
                }
                while t < nOut {
                    kernels.denseDot(target + t * targetStride, w + t * nIn, b[t], nIn, source, sourceStride, count)
                    t += 1
                }
                if let activation {
                    for t in 0..<nOut { Evaluator.activate(target + t * targetStride, count: count, activation) }
                }
                return
            }
            var next = 0  // the first crashed synapse not yet passed
            for r in 0..<(rows?.count ?? nOut) {
                let t = rows?[r] ?? r
                let row = target + t * targetStride
                while next < crashed.count && crashed[next] < t * nIn { next += 1 }
                if let dead, dead[t] {
                    row.update(repeating: values?[t] ?? 0, count: count)
                    continue
                }
                if let stored = patched?[t] {
                    stored.withUnsafeBufferPointer { stored in
                        Evaluator.dot(
                            row: row, weights: stored.baseAddress!, bias: b[t], inputs: nIn, source: source,
                            sourceStride: sourceStride, count: count, crashed: crashed, from: next, rowStart: t * nIn)
                    }
                } else {
                    Evaluator.dot(
                        row: row, weights: w + t * nIn, bias: b[t], inputs: nIn, source: source,
                        sourceStride: sourceStride, count: count, crashed: crashed, from: next, rowStart: t * nIn)
                }
                if let activation { Evaluator.activate(row, count: count, activation) }
            }
        }
    }

    /// row[i] = bias + Σ_s weights[s]·source[s][i] over the synapses not in `crashed` (flat indices rowStart + s;
    /// `crashed[from...]` are this row's and later rows'), summed in the order s = 0, 1, … for every i.
    ///
    /// A row without crashed synapses (the pristine pass, and most rows of a faulty one) runs in the lane
    /// modules' ``NeuroFailLanes/DenseRows`` (the build this processor runs best, ``LaneKernels``). Otherwise sixteen inputs at a time in two
    /// 8-lane registers that stay in registers over the whole sum (the sum order per input is unchanged, so the
    /// result equals the plain path's); a scalar loop takes any remainder.
    @inline(__always)
    static func dot(
        row: UnsafeMutablePointer<Double>, weights: UnsafePointer<Double>, bias: Double, inputs nIn: Int,
        source: UnsafePointer<Double>, sourceStride: Int, count: Int, crashed: UnsafeBufferPointer<Int>, from: Int,
        rowStart: Int
    ) {
        if from == crashed.count || crashed[from] >= rowStart + nIn {
            LaneKernels.current.denseDot(row, weights, bias, nIn, source, sourceStride, count)
            return
        }
        var i0 = 0
        while i0 + 16 <= count {
            var acc0 = SIMD8<Double>(repeating: bias), acc1 = acc0
            var c = from
            for s in 0..<nIn {
                if c < crashed.count && crashed[c] == rowStart + s {
                    c += 1
                    continue
                }
                accumulate16(&acc0, &acc1, weights[s], source + s * sourceStride + i0)
            }
            store16(acc0, acc1, to: row + i0)
            i0 += 16
        }
        for i in i0..<count {
            var z = bias
            var c = from
            for s in 0..<nIn {
                if c < crashed.count && crashed[c] == rowStart + s {
                    c += 1
                    continue
                }
                z += weights[s] * source[s * sourceStride + i]
            }
            row[i] = z
        }
    }

    /// Runs `body` with matrix `l`'s weights (a dense matrix row-major, or a kernel), its biases and `crashed` as
    /// pointers, valid for the call only.
    @inline(__always)
    func withMatrix(
        _ l: Int, crashed: [Int],
        _ body: (UnsafePointer<Double>, UnsafePointer<Double>, UnsafeBufferPointer<Int>) -> Void
    ) {
        weights.withUnsafeBufferPointer { allWeights in
            biases.withUnsafeBufferPointer { allBiases in
                crashed.withUnsafeBufferPointer { crashed in
                    // Arrays of a built evaluator are never empty where a matrix reads them.
                    body(allWeights.baseAddress! + weightOffset[l], allBiases.baseAddress! + biasOffset[l], crashed)
                }
            }
        }
    }

    /// acc0, acc1 += weight · a[0..<8], a[8..<16]: one term of sixteen inputs' sums (unaligned loads).
    @inline(__always)
    static func accumulate16(
        _ acc0: inout SIMD8<Double>, _ acc1: inout SIMD8<Double>, _ weight: Double, _ a: UnsafePointer<Double>
    ) {
        let w = SIMD8<Double>(repeating: weight), raw = UnsafeRawPointer(a)
        acc0 += w * raw.loadUnaligned(as: SIMD8<Double>.self)
        acc1 += w * raw.loadUnaligned(fromByteOffset: 64, as: SIMD8<Double>.self)
    }

    /// Writes sixteen sums, acc0 then acc1, to row[0..<16].
    @inline(__always)
    static func store16(_ acc0: SIMD8<Double>, _ acc1: SIMD8<Double>, to row: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(row).storeBytes(of: acc0, as: SIMD8<Double>.self)
        UnsafeMutableRawPointer(row + 8).storeBytes(of: acc1, as: SIMD8<Double>.self)
    }

    /// φ applied in place to `count` numbers; the same expressions as `Activation.callAsFunction`.
    @inline(__always)
    static func activate(_ row: UnsafeMutablePointer<Double>, count: Int, _ activation: Activation) {
        let k = activation.lipschitz
        switch activation.function {
        case .relu:
            for i in 0..<count { row[i] = k * max(0, row[i]) }
        case .clip:
            // Hoisted out of the loop so it vectorises; the same expression as `Activation.callAsFunction`.
            let lo = activation.clipRange?.lowerBound ?? 0, hi = activation.clipRange?.upperBound ?? 0
            for i in 0..<count { row[i] = min(max(k * row[i], lo), hi) }
        case .hardSigmoid:
            for i in 0..<count { row[i] = min(max(k * row[i] + 0.5, 0), 1) }
        case .leakyRelu:
            let alpha = activation.alpha
            for i in 0..<count { row[i] = k * (row[i] >= 0 ? row[i] : alpha * row[i]) }
        case .sigmoid, .tanh:
            for i in 0..<count { row[i] = activation(row[i]) }
        }
    }

    /// Runs matrices `start..<end` (default: through the readout, L) on one block, starting from `source` (a_start,
    /// `sourceStride` apart).
    ///
    /// - Returns: a_end (the outputs by default), rows of ``blockSize`` numbers inside `scratch`.
    func forward(
        from start: Int, to end: Int? = nil, source: UnsafePointer<Double>, sourceStride: Int, mask: FaultMask,
        scratch: inout BlockScratch
    ) -> UnsafeMutablePointer<Double> {
        var src = source, stride = sourceStride
        var result = scratch.front
        for l in start..<(end ?? matrixCount) {
            let dst = UnsafePointer(scratch.front) == src ? scratch.back : scratch.front
            applyMatrix(
                l, source: src, sourceStride: stride, target: dst, targetStride: scratch.count,
                count: scratch.count, crashed: mask.synapses[l], dead: mask.dead[l], values: mask.values[l],
                patched: mask.patched[l])
            src = UnsafePointer(dst)
            stride = scratch.count
            result = dst
        }
        return result
    }

    /// a_0 of a block, neuron-major: feature s of input `first + i` (of `inputs`, `dimension` numbers per input)
    /// at `target[s · rowStride + i]` for i < ``blockSize``, and 0 past the last input (i ≥ `count`: the zero
    /// input, as in the tables' padding).
    ///
    /// Eight features at a time: each input's eight are one cache line, and the stores go to eight rows in turn.
    /// Feature by feature over the 784 rows of the pristine table (rows 1,024 numbers apart), every store fell on a
    /// page of its own: three quarters of its pass.
    static func transposeBlock(
        _ inputs: UnsafePointer<Double>, first: Int, count: Int, dimension d: Int,
        into target: UnsafeMutablePointer<Double>, rowStride: Int
    ) {
        for s0 in Swift.stride(from: 0, to: d, by: 8) {
            let s1 = min(s0 + 8, d)
            for i in 0..<count {
                let row = inputs + (first + i) * d
                for s in s0..<s1 { target[s * rowStride + i] = row[s] }
            }
        }
        if count < blockSize {
            for s in 0..<d { (target + s * rowStride + count).initialize(repeating: 0, count: blockSize - count) }
        }
    }

    /// The pristine activations a_0 (the inputs) ... a_(L+1) (the outputs) of every input, neuron-major.
    func pristineActivations(_ inputs: InputBatch, threads: Int?) -> ActivationTable {
        precondition(inputs.dimension == chip.inputCount)
        let blockSize = Evaluator.blockSize
        let blocks = max(1, (inputs.count + blockSize - 1) / blockSize)
        let stride = blocks * blockSize
        let widths = [chip.inputCount] + fanOut
        var offsets = [Int]()
        var total = 0
        for width in widths {
            offsets.append(total)
            total += width * stride
        }
        let m = inputs.count, d = chip.inputCount
        let starts = offsets
        // Every number is written once, by its block's worker: its inputs (zeros past the last input) and the
        // layers above them. A table filled with zeros first was faulted in page by page on one thread (4 ms of a
        // 1,000-input job); now the first touch is spread over the workers, in 2 MiB pages where the system has them.
        let values = [Double](unsafeUninitializedCapacity: total) { table, initialized in
            HugePages.advise(table.baseAddress!, count: total)
            let table = SendablePointer(table.baseAddress!)
            initialized = total
            inputs.values.withUnsafeBufferPointer { x in
                let x = SendablePointer(UnsafeMutablePointer(mutating: x.baseAddress!))
                Parallel.forEach(blocks, threads: threads) { block in
                    let first = block * blockSize
                    Evaluator.transposeBlock(
                        x.pointer, first: first, count: min(blockSize, m - first), dimension: d,
                        into: table.pointer + first, rowStride: stride)
                    for l in 0..<matrixCount {
                        applyMatrix(
                            l, source: table.pointer + starts[l] + first, sourceStride: stride,
                            target: table.pointer + starts[l + 1] + first, targetStride: stride, count: blockSize,
                            crashed: [], dead: nil)
                    }
                }
            }
        }
        return ActivationTable(values: values, offsets: offsets, widths: widths, stride: stride, count: m)
    }
}

extension Evaluator {
    /// The last hidden layer's pristine activations a_L alone, neuron-major (`values[s * stride + i]`, `stride` the
    /// input count rounded up to a whole block): the same numbers as ``pristineActivations(_:threads:)``'s a_L on
    /// any number of `threads`
    /// (each block goes through the same matrices), without the table of every layer.
    ///
    /// What the linear Ω path needs. The table also holds the inputs, transposed (at 8,192 inputs of 784 numbers,
    /// 51 MB of its 55 MB): here each worker transposes a block at a time into a buffer it reuses, and the layers
    /// in between live in two such buffers, so the memory a tile touches is a_L's.
    func pristineLastLayer(_ inputs: InputBatch, threads: Int?) -> (values: [Double], stride: Int) {
        precondition(inputs.dimension == chip.inputCount && chip.depth >= 1)
        let blockSize = Evaluator.blockSize
        let m = inputs.count, d = chip.inputCount, depth = chip.depth
        let blocks = max(1, (m + blockSize - 1) / blockSize)
        let stride = blocks * blockSize
        let widths = [d] + fanOut
        let widest = widths[0..<depth].max() ?? d
        var values = [Double](repeating: 0, count: widths[depth] * stride)
        let workers = max(1, min(threads ?? Parallel.defaultThreads, blocks))
        values.withUnsafeMutableBufferPointer { out in
            let out = SendablePointer(out.baseAddress!)
            inputs.values.withUnsafeBufferPointer { x in
                let x = SendablePointer(UnsafeMutablePointer(mutating: x.baseAddress!))
                Parallel.forEach(workers, threads: workers) { worker in
                    let first = UnsafeMutablePointer<Double>.allocate(capacity: widest * blockSize)
                    let second = UnsafeMutablePointer<Double>.allocate(capacity: widest * blockSize)
                    defer {
                        first.deallocate()
                        second.deallocate()
                    }
                    for block in Swift.stride(from: worker, to: blocks, by: workers) {
                        let start = block * blockSize, count = min(blockSize, m - start)
                        Evaluator.transposeBlock(
                            x.pointer, first: start, count: count, dimension: d, into: first, rowStride: blockSize)
                        var source = first, spare = second
                        for l in 0..<depth {
                            let last = l == depth - 1
                            applyMatrix(
                                l, source: source, sourceStride: blockSize, target: last ? out.pointer + start : spare,
                                targetStride: last ? stride : blockSize, count: blockSize, crashed: [], dead: nil)
                            swap(&source, &spare)
                        }
                    }
                }
            }
        }
        return (values, stride)
    }
}

/// Activations a_0 ... a_(L+1) of a batch, neuron-major: neuron s of a_l for input i is
/// `values[offsets[l] + s * stride + i]`. `stride` is the input count rounded up to a whole block; the padding
/// columns hold the activations of an all-zero input and must be ignored.
struct ActivationTable: Sendable {
    let values: [Double]
    let offsets: [Int]
    let widths: [Int]
    let stride: Int
    let count: Int

    /// Copies a_layer for inputs `first ..< first + blockSize` into `target`, rows `blockSize` apart.
    func copyBlock(layer: Int, first: Int, into target: UnsafeMutablePointer<Double>, blockSize: Int) {
        values.withUnsafeBufferPointer { values in
            let source = values.baseAddress! + offsets[layer] + first
            for s in 0..<widths[layer] {
                (target + s * blockSize).update(from: source + s * stride, count: blockSize)
            }
        }
    }
}

/// A ``FaultSet`` in the form the kernels use.
struct FaultMask: Sendable {
    /// Sorted crashed synapses per matrix 0...L.
    let synapses: [[Int]]
    /// Dead (crashed or stuck) target neurons per matrix 0...L (nil: none, and always nil for the readout).
    let dead: [[Bool]?]
    /// What the dead targets of each matrix output (0 crashed, c stuck); nil: all 0.
    let values: [[Double]?]
    /// Per matrix, the stored rows that differ from the chip's (bit flips), by target; nil: none.
    let patched: [[[Double]?]?]
    /// The first matrix whose outputs differ from the pristine chip's; nil when nothing is faulty.
    let start: Int?
    /// Dead neurons of a_start (hidden layer start − 1, 0-based), to be set to their value in a copy of the
    /// pristine rows.
    let deadSources: [Int]
    /// The values the dead sources send (0 crashed, c stuck), in the order of `deadSources`.
    let deadSourceValues: [Double]
    /// When a_start is pristine (no dead neuron feeds matrix `start`), the only rows of a_(start+1) that differ
    /// from the pristine ones: targets of crashed synapses or changed weights, and dead targets. nil: every row may
    /// differ.
    let changedRows: [Int]?

    init(_ faults: FaultSet, evaluator: Evaluator) {
        let depth = evaluator.matrixCount - 1
        synapses = faults.synapses
        // Per hidden layer: the value of each dead neuron (0 crashed, c stuck).
        let fixed: [[Int: Double]] = (0..<depth).map { l in
            var out = [Int: Double]()
            for n in faults.neurons[l] { out[n] = 0 }
            for e in faults.stuck[l] { out[e.index] = e.value }
            return out
        }
        dead = (0...depth).map { l in
            guard l < depth, !fixed[l].isEmpty else { return nil }
            var flags = [Bool](repeating: false, count: evaluator.fanOut[l])
            for n in fixed[l].keys { flags[n] = true }
            return flags
        }
        values = (0...depth).map { l in
            guard l < depth, !faults.stuck[l].isEmpty else { return nil }
            var v = [Double](repeating: 0, count: evaluator.fanOut[l])
            for e in faults.stuck[l] { v[e.index] = e.value }
            return v
        }
        patched = (0...depth).map { l in
            guard !faults.weights[l].isEmpty else { return nil }
            // A dense or sparse layer's weights are one per synapse, by synapse number, row after row.
            let layer = evaluator.layers[l], offset = evaluator.weightOffset[l]
            var rows = [[Double]?](repeating: nil, count: evaluator.fanOut[l])
            for e in faults.weights[l] {
                let t = evaluator.synapseTarget(l, e.index), first = layer.firstSynapse(of: t)
                if rows[t] == nil {
                    rows[t] = Array(evaluator.weights[(offset + first)..<(offset + first + layer.fanIn(of: t))])
                }
                rows[t]?[e.index - first] = e.value
            }
            return rows
        }
        var first: Int?
        for l in 0...depth {
            if !faults.synapses[l].isEmpty || !faults.weights[l].isEmpty || (l > 0 && !fixed[l - 1].isEmpty) {
                first = l
                break
            }
        }
        start = first
        let sources = first.map { $0 > 0 ? fixed[$0 - 1].sorted { $0.key < $1.key } : [] } ?? []
        deadSources = sources.map(\.key)
        deadSourceValues = sources.map(\.value)
        if let first, deadSources.isEmpty {
            // Only targets with a crashed synapse, a changed weight or a dead target change in the first matrix.
            var touched = Set(faults.synapses[first].map { evaluator.synapseTarget(first, $0) })
            touched.formUnion(faults.weights[first].map { evaluator.synapseTarget(first, $0.index) })
            if first < depth { touched.formUnion(fixed[first].keys) }
            changedRows = touched.sorted()
        } else {
            changedRows = nil
        }
    }
}

/// Two ping-pong buffers of `width × count` numbers for one worker's block computations.
final class BlockScratch {
    let front: UnsafeMutablePointer<Double>
    let back: UnsafeMutablePointer<Double>
    let count: Int
    let width: Int

    init(width: Int, count: Int) {
        self.width = width
        self.count = count
        front = .allocate(capacity: width * count)
        back = .allocate(capacity: width * count)
        front.initialize(repeating: 0, count: width * count)
        back.initialize(repeating: 0, count: width * count)
    }

    deinit {
        front.deallocate()
        back.deallocate()
    }
}
