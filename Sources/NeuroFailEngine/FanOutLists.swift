import NeuroFailCore

/// Which targets each unit feeds, matrix by matrix: the chip's synapse lists turned around (CSR transposed), so a
/// change of one unit's value reaches exactly the neurons it feeds (``DenseChipEvaluator``'s delta propagation).
/// Built once per chip in O(synapses); a dense matrix has no list (its every unit feeds every target).
struct FanOutLists: Sendable {
    /// The targets of one structured (sparse or convolutional) matrix by source: source s feeds
    /// `targets[start[s]..<start[s + 1]]`, in increasing order.
    struct List: Sendable {
        let start: [Int]
        let targets: [Int32]

        /// Calls `body(t)` for every target of `source`, in increasing order.
        @inline(__always)
        func forEachTarget(of source: Int, _ body: (Int) -> Void) {
            for k in start[source]..<start[source + 1] { body(Int(targets[k])) }
        }
    }

    /// Per matrix 0...L: nil for a dense matrix.
    let lists: [List?]

    init(_ layers: [Layer]) {
        lists = layers.map { layer in
            guard !layer.isDense else { return nil }
            var start = [Int](repeating: 0, count: layer.inputs + 1)
            for t in 0..<layer.outputs {
                layer.forEachIncoming(t) { s, _, _ in start[s + 1] += 1 }
            }
            for s in 0..<layer.inputs { start[s + 1] += start[s] }
            var fill = start
            var targets = [Int32](repeating: 0, count: start[layer.inputs])
            // Targets in increasing order, so each source's list comes out sorted.
            for t in 0..<layer.outputs {
                layer.forEachIncoming(t) { s, _, _ in
                    targets[fill[s]] = Int32(truncatingIfNeeded: t)
                    fill[s] += 1
                }
            }
            return List(start: start, targets: targets)
        }
    }
}
