import NeuroFailCore

extension Evaluator {
    /// A batch of inputs with the pristine chip's activations in every layer, computed once by
    /// ``Evaluator/prepare(_:threads:)``. Evaluating a fault set against it recomputes only what the faults change:
    /// the layers from the first one a fault reaches, and, when that layer's inputs are still pristine (crashed
    /// synapses, crashed targets), only its changed rows. A mission re-evaluates the same workload after every
    /// failure, so this is its evaluation path.
    public struct PreparedBatch: Sendable {
        /// The inputs.
        public let inputs: InputBatch
        let table: ActivationTable
    }

    /// Computes the pristine activations of `inputs` (all cores unless `threads` says otherwise).
    public func prepare(_ inputs: InputBatch, threads: Int? = nil) -> PreparedBatch {
        PreparedBatch(inputs: inputs, table: pristineActivations(inputs, threads: threads))
    }

    /// The outputs under `faults` for a prepared batch, `count × M` row-major: the same bytes as
    /// ``outputs(_:faults:threads:)`` on the same inputs (the kernels add the same terms in the same order).
    public func outputs(_ prepared: PreparedBatch, faults: FaultSet, threads: Int? = nil) -> [Double] {
        precondition(faults.isValid(for: chip), "the fault set does not fit the chip")
        let table = prepared.table
        let m = table.count, outs = chip.outputCount
        guard m > 0 else { return [] }
        let mask = FaultMask(faults, evaluator: self)
        let blockSize = Evaluator.blockSize
        let blocks = (m + blockSize - 1) / blockSize
        var result = [Double](repeating: 0, count: m * outs)
        result.withUnsafeMutableBufferPointer { out in
            let out = SendablePointer(out.baseAddress!)
            table.values.withUnsafeBufferPointer { values in
                let a = SendablePointer(UnsafeMutablePointer(mutating: values.baseAddress!))
                Parallel.forEach(blocks, threads: threads) { block in
                    var scratch = BlockScratch(width: maxWidth, count: blockSize)
                    let copy = BlockScratch(width: maxWidth, count: blockSize)
                    let first = block * blockSize, count = min(blockSize, m - first)
                    let pristineOutput = UnsafePointer(a.pointer) + table.offsets[chip.depth + 1] + first
                    if let output = faultyBlock(
                        table: table, activations: UnsafePointer(a.pointer), first: first, mask: mask,
                        scratch: &scratch, copy: copy)
                    {
                        for i in 0..<count {
                            for k in 0..<outs { out.pointer[(first + i) * outs + k] = output[k * blockSize + i] }
                        }
                    } else {
                        for i in 0..<count {
                            for k in 0..<outs { out.pointer[(first + i) * outs + k] = pristineOutput[k * table.stride + i] }
                        }
                    }
                }
            }
        }
        return result
    }

    /// The outputs of the block of inputs starting at `first` under `mask`, computed from the pristine activations
    /// `activations` (the values of `table`): M rows of ``blockSize`` numbers inside `scratch` or `copy`, or nil when
    /// nothing has crashed (the pristine outputs stand). With `end`, a_end instead of the outputs (nil when no fault
    /// reaches matrices before `end`: the pristine a_end stands).
    func faultyBlock(
        table: ActivationTable, activations a: UnsafePointer<Double>, first: Int, mask: FaultMask, to end: Int? = nil,
        scratch: inout BlockScratch, copy: BlockScratch
    ) -> UnsafeMutablePointer<Double>? {
        guard let start = mask.start, start < (end ?? matrixCount) else { return nil }
        let blockSize = Evaluator.blockSize
        if let rows = mask.changedRows {
            // Matrix `start` sees pristine inputs: copy its pristine outputs, recompute the changed rows, then run
            // the layers after it.
            table.copyBlock(layer: start + 1, first: first, into: copy.front, blockSize: blockSize)
            applyMatrix(
                start, source: a + table.offsets[start] + first, sourceStride: table.stride, target: copy.front,
                targetStride: blockSize, count: blockSize, crashed: mask.synapses[start], dead: mask.dead[start],
                values: mask.values[start], patched: mask.patched[start], rows: rows)
            if start + 1 == (end ?? matrixCount) { return copy.front }
            return forward(
                from: start + 1, to: end, source: copy.front, sourceStride: blockSize, mask: mask, scratch: &scratch)
        }
        // A copy of the pristine rows of a_start with the dead neurons' rows set to what they send.
        table.copyBlock(layer: start, first: first, into: copy.front, blockSize: blockSize)
        for (s, v) in zip(mask.deadSources, mask.deadSourceValues) {
            (copy.front + s * blockSize).update(repeating: v, count: blockSize)
        }
        return forward(from: start, to: end, source: copy.front, sourceStride: blockSize, mask: mask, scratch: &scratch)
    }
}
