import NeuroFailCore

/// The dense engine as a ``NeuroFailCore/ChipEvaluator``: the chip's condition is a ``NeuroFailCore/FaultSet``, and
/// each evaluation recomputes only what the changes since the last one reach (delta propagation). Made by a
/// ``DenseEvaluatorFactory``; one per mission run.
///
/// It keeps the activations of every layer under the present condition for the whole workload (neuron-major, as
/// the batched kernels store them; a copy of the pristine ones, made at the first change). ``apply(_:)`` notes the
/// neuron whose own condition or incoming synapse changed; ``outputs()`` then goes layer by layer and recomputes
/// only the noted neurons and those fed by a neuron whose values changed (every target of a dense matrix, the
/// fan-out list of a sparse or convolutional one), and carries forward only the neurons whose values differ, bit
/// for bit, from before on some input of the workload: a ReLU that stays at 0 stops the change. Each recomputed
/// neuron's whole sum is recomputed, never corrected by a difference, so the outputs are the bytes of
/// ``Evaluator/outputs(_:faults:threads:)`` on the same condition (the same terms in the same order).
public final class DenseChipEvaluator: ChipEvaluator {
    /// The chip as designed.
    public var chip: Chip { evaluator.chip }
    /// The condition so far.
    public private(set) var faults: FaultSet
    /// Neuron rows recomputed so far (one row: one neuron, or one output, on the whole workload): what the delta
    /// propagation saves shows here (a full recomputation from the first faulty layer recomputes every row after it).
    public private(set) var recomputedRows = 0
    let evaluator: Evaluator
    let prepared: Evaluator.PreparedBatch
    let fanOut: FanOutLists
    let threads: Int?
    /// a_0 … a_(L+1) under ``faults`` as of the last ``outputs()``, laid out as the prepared table.
    private var state: [Double]
    /// Per matrix 0...L, the targets whose own condition or incoming synapse changed since the last ``outputs()``.
    private var pending: [[Int]]
    /// The recomputed rows' values before recomputation, kept between calls: a fresh array per matrix was 10⁸
    /// numbers of newly mapped (and zeroed) pages per observation of a Loihi-class chip.
    private var before: [Double] = []

    init(evaluator: Evaluator, prepared: Evaluator.PreparedBatch, fanOut: FanOutLists, threads: Int?) {
        self.evaluator = evaluator
        self.prepared = prepared
        self.fanOut = fanOut
        self.threads = threads
        faults = FaultSet(pristine: evaluator.chip)
        state = prepared.table.values  // shared until the first change writes to it
        pending = Array(repeating: [], count: evaluator.matrixCount)
    }

    /// Changes one component's condition in the fault set and notes the neuron it feeds (or is) for the next
    /// ``outputs()``.
    public func apply(_ change: ComponentChange) {
        precondition(FaultSet.isValid(change, for: chip), "\(change) does not fit chip \"\(chip.name)\"")
        faults.apply(change, chip: chip)
        switch change {
        case let .neuron(id, _): pending[id.layer - 1].append(id.index)
        case let .synapse(id, _), let .weight(id, _): pending[id.layer - 1].append(id.target)
        }
    }

    /// The outputs on the prepared batch under the present faults.
    public func outputs() -> [Double] {
        let table = prepared.table
        let m = table.count, outs = chip.outputCount
        guard m > 0 else { return [] }
        if pending.contains(where: { !$0.isEmpty }) { propagate() }
        var result = [Double](repeating: 0, count: m * outs)
        let output = table.offsets[chip.depth + 1]
        for k in 0..<outs {
            for i in 0..<m { result[i * outs + k] = state[output + k * table.stride + i] }
        }
        return result
    }

    /// Brings ``state`` to ``faults``: matrix by matrix, recomputes the pending targets and the targets of the units
    /// whose values changed, and passes on the ones whose values changed.
    private func propagate() {
        let mask = FaultMask(faults, evaluator: evaluator)
        var changed = [Int]()  // units of a_l whose values changed
        for l in 0..<evaluator.matrixCount {
            var rows = pending[l]
            pending[l] = []
            let all: Bool
            if changed.isEmpty {
                all = false
                rows.sort()
                var unique = [Int]()
                unique.reserveCapacity(rows.count)
                for t in rows where unique.last != t { unique.append(t) }
                rows = unique
            } else if let list = fanOut.lists[l] {
                // A mark per target rather than sorting the union of the fan-outs: at 10^5 changed units of fan-out
                // 100 the sort dominated the observation.
                var marked = [Bool](repeating: false, count: evaluator.fanOut[l])
                for t in rows { marked[t] = true }
                for s in changed { list.forEachTarget(of: s) { marked[$0] = true } }
                rows = marked.indices.filter { marked[$0] }
                all = rows.count == marked.count
            } else {
                all = true  // a dense matrix: every target reads every unit
                rows = Array(0..<evaluator.fanOut[l])
            }
            guard !rows.isEmpty else {
                changed = []
                continue
            }
            changed = recompute(l, rows: rows, all: all, mask: mask)
            recomputedRows += rows.count
        }
    }

    /// Recomputes targets `rows` (sorted; `all`: every target) of matrix `l` in ``state`` from a_l there, and
    /// returns those whose values changed on some input of the workload (bit patterns; the padding columns of the
    /// last block do not count).
    private func recompute(_ l: Int, rows: [Int], all: Bool, mask: FaultMask) -> [Int] {
        let table = prepared.table
        let stride = table.stride, count = table.count, blockSize = Evaluator.blockSize
        let source = table.offsets[l], target = table.offsets[l + 1]
        let evaluator = evaluator
        if before.count < rows.count * count { before = [Double](repeating: 0, count: rows.count * count) }
        var changed = [Int]()
        state.withUnsafeMutableBufferPointer { values in
            let a = values.baseAddress!
            before.withUnsafeMutableBufferPointer { before in
                for (r, t) in rows.enumerated() {
                    (before.baseAddress! + r * count).update(from: a + target + t * stride, count: count)
                }
            }
            if evaluator.layers[l].sparse != nil {
                recomputeSparse(l, rows: rows, mask: mask, values: a)
            } else {
                let shared = SendablePointer(a)
                Parallel.forEach(stride / blockSize, threads: threads) { block in
                    let first = block * blockSize
                    evaluator.applyMatrix(
                        l, source: shared.pointer + source + first, sourceStride: stride,
                        target: shared.pointer + target + first, targetStride: stride, count: blockSize,
                        crashed: mask.synapses[l], dead: mask.dead[l], values: mask.values[l],
                        patched: mask.patched[l], rows: all ? nil : rows)
                }
            }
            for (r, t) in rows.enumerated() {
                let now = a + target + t * stride
                for i in 0..<count where now[i].bitPattern != before[r * count + i].bitPattern {
                    changed.append(t)
                    break
                }
            }
        }
        return changed
    }

    /// The column blocks a sparse matrix is re-evaluated in: 16 inputs (two 8-lane registers) at a time, the last
    /// block cut to the multiple of 8 that covers the workload, so at most 7 padding columns are computed (at 100
    /// inputs 104 columns, where whole 16-column blocks of the 128-column table computed 128).
    static func sparseBlocks(count: Int) -> [(first: Int, width: Int)] {
        var blocks = [(first: Int, width: Int)]()
        var first = 0
        while first < count {
            let width = min(16, (count - first + 7) / 8 * 8)
            blocks.append((first, width))
            first += width
        }
        return blocks
    }

    /// Recomputes targets `rows` of sparse matrix `l` in `values` (the table's layout), a column block at a time.
    ///
    /// A sparse row reads its sources at random. Within a block every thread works on the same columns, so the
    /// block's sources are one working set for the shared last-level cache (two threads on two blocks needed two),
    /// and, when many targets read them, they are first packed side by side, 16 numbers per unit: in the table a
    /// unit's row is `stride` numbers long (1 KiB at 100 inputs), so the block's 128 bytes per unit fell in a
    /// sixteenth of the cache's sets and were evicted long before the next target read them. The sums are those of
    /// the unpacked path, bit for bit: the same numbers are read, only from elsewhere. Packing also notes the units
    /// that are 0 on every column of the block (a quarter to a third of a ReLU layer's, on 16 inputs), whose terms
    /// ``Evaluator/applyStructured(_:source:sourceStride:target:targetStride:count:crashed:dead:values:patched:rows:silent:)``
    /// then leaves out, exactly.
    private func recomputeSparse(_ l: Int, rows: [Int], mask: FaultMask, values: UnsafeMutablePointer<Double>) {
        let table = prepared.table
        let stride = table.stride, units = evaluator.fanIn[l]
        let source = SendablePointer(values + table.offsets[l]), target = SendablePointer(values + table.offsets[l + 1])
        let evaluator = evaluator
        let workers = max(1, threads ?? Parallel.defaultThreads)
        let chunkSize = max(64, (rows.count + 8 * workers - 1) / (8 * workers))
        let chunks = Swift.stride(from: 0, to: rows.count, by: chunkSize).map {
            Array(rows[$0..<min($0 + chunkSize, rows.count)])
        }
        // Packing costs one pass over the block's sources; it pays once the targets read each unit more than about
        // once (fan-out × rows / targets).
        let pack = rows.count * 4 >= evaluator.fanOut[l]
        // The block's sources side by side, and which of them are 0 on all its columns.
        let packed = pack ? SendablePointer(HugePages.allocate(Double.self, count: units * 16)) : nil
        let silent = pack ? SendablePointer(UnsafeMutablePointer<Bool>.allocate(capacity: units)) : nil
        defer {
            packed.map { HugePages.deallocate($0.pointer) }
            silent?.pointer.deallocate()
        }
        let packParts = max(1, min(64, units / 4096))
        for (first, width) in Self.sparseBlocks(count: table.count) {
            if let packed, let silent {
                Parallel.forEach(packParts, threads: threads) { part in
                    for u in (units * part / packParts)..<(units * (part + 1) / packParts) {
                        let from = source.pointer + u * stride + first
                        (packed.pointer + u * 16).update(from: from, count: width)
                        silent.pointer[u] = (0..<width).allSatisfy { from[$0] == 0 }
                    }
                }
            }
            let (from, fromStride) = packed.map { ($0, 16) } ?? (SendablePointer(source.pointer + first), stride)
            Parallel.forEach(chunks.count, threads: threads) { c in
                evaluator.applyMatrix(
                    l, source: from.pointer, sourceStride: fromStride, target: target.pointer + first,
                    targetStride: stride, count: width, crashed: mask.synapses[l], dead: mask.dead[l],
                    values: mask.values[l], patched: mask.patched[l], rows: chunks[c], silent: silent)
            }
        }
    }

    /// One inference under the present faults and `upset`, by the plain forward pass (``Evaluator/output(for:faults:)``,
    /// the same bytes as the batched path's row); the condition is not changed.
    public func outputs(input: Int, upset: ComponentChange?) -> [Double] {
        var condition = faults
        if let upset {
            precondition(FaultSet.isValid(upset, for: chip), "\(upset) does not fit chip \"\(chip.name)\"")
            condition.apply(upset, chip: chip)
        }
        return evaluator.output(for: Array(prepared.inputs.row(input)), faults: condition)
    }
}
