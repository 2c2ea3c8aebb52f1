import NeuroFailCore

extension FaultSetBound {
    /// The linear-relaxation bound refined by splitting the input box (branch and bound on the domain): the box
    /// whose bound is largest is cut in two along the feature that matters most (its width times the total |weight|
    /// it feeds into the first layer), both halves are bounded again, and so on until `subdomains` boxes; the bound
    /// is the largest over the boxes. Every box's bound is a theorem over that box and the boxes cover the domain,
    /// so the result is one over the whole domain (Docs/theory.md, section 13). It pays on chips with few inputs,
    /// where a handful of cuts make every neuron's sign known; with hundreds of inputs each cut narrows little. On a
    /// chip too large to tighten (``tightens`` false) every box is bounded by the difference intervals, and the
    /// result's method says so.
    public func refined(_ faults: FaultSet, subdomains: Int) -> DeviationBound {
        let whole = bound(faults, method: .linearRelaxation)
        guard subdomains > 1, !faults.isEmpty else { return whole }
        let d = chip.inputCount
        let first = chip.hidden[0]
        // Over the synapses that exist (never the dense matrix of a sparse layer), targets ascending per feature.
        var influence = [Double](repeating: 0, count: d)
        for t in 0..<first.outputs { first.forEachIncoming(t) { j, w, _ in influence[j] += abs(w) } }
        var leaves: [(box: InputBox, bound: DeviationBound)] = [(box, whole)]
        while leaves.count < subdomains {
            var worst = 0
            for i in 1..<leaves.count where leaves[i].bound.value(.linf) > leaves[worst].bound.value(.linf) { worst = i }
            let (b, _) = leaves[worst]
            var axis = 0, score = -1.0
            for j in 0..<d {
                let s = (b.upper[j] - b.lower[j]) * influence[j]
                if s > score { (axis, score) = (j, s) }
            }
            guard score > 0 else { break }
            let middle = (b.lower[axis] + b.upper[axis]) / 2
            guard middle > b.lower[axis], middle < b.upper[axis] else { break }
            var upperHalf = b.upper, lowerHalf = b.lower
            upperHalf[axis] = middle
            lowerHalf[axis] = middle
            let halves = [
                InputBox(lower: b.lower, upper: upperHalf, source: b.source),
                InputBox(lower: lowerHalf, upper: b.upper, source: b.source),
            ]
            leaves.remove(at: worst)
            for half in halves {
                leaves.append((half, FaultSetBound(chip: chip, box: half).bound(faults, method: .linearRelaxation)))
            }
        }
        let m = chip.outputCount
        var lower = [Double](repeating: .infinity, count: m), upper = [Double](repeating: -.infinity, count: m)
        var pairwise = [Double](repeating: -.infinity, count: m * m)
        var allowance = [Double](repeating: 0, count: m)
        for (_, leaf) in leaves {
            for k in 0..<m {
                lower[k] = min(lower[k], leaf.lower[k])
                upper[k] = max(upper[k], leaf.upper[k])
                allowance[k] = max(allowance[k], leaf.roundingAllowance[k])
            }
            for i in 0..<(m * m) { pairwise[i] = max(pairwise[i], leaf.pairwise[i]) }
        }
        // Never looser than the unsplit bound (both hold).
        for k in 0..<m {
            lower[k] = max(lower[k], whole.lower[k])
            upper[k] = min(upper[k], whole.upper[k])
        }
        for i in 0..<(m * m) { pairwise[i] = min(pairwise[i], whole.pairwise[i]) }
        var result = DeviationBound(
            method: whole.method, lower: lower, upper: upper, pairwise: pairwise, roundingAllowance: allowance,
            domain: box.source, suggestedInputs: leaves.flatMap(\.bound.suggestedInputs))
        result.subdomains = leaves.count
        return result
    }
}
