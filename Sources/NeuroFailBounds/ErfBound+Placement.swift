extension ErfBound {
    /// The placement of `f` neuron crashes over the hidden layers that maximizes Erf (or Erf_av), and that Erf.
    ///
    /// Exact, not a heuristic. Without synapse crashes Erf = w^(L+1) h_L with h_0 = 0 and
    /// h_l = f_l C_l + min(N_l − f_l, F_l) K_l w^(l) h_(l−1): each h_l is non-decreasing in h_(l−1), so the largest h_L for
    /// a total of k crashes in layers 1...l is reached through the largest h_(l−1) for k − f_l crashes in layers
    /// 1...l−1. A dynamic programme over layers with state "crashes used" is therefore exact; it costs
    /// O(L · f · max N_l). Ties go to the placement with the fewest crashes in the deepest layers.
    ///
    /// - Returns: `neurons` = f_1...f_L summing to `f`, and `erf` = ``erf(_:_:)`` of those counts.
    /// - Throws: ``BoundsError/crashCountOutOfRange(requested:available:)`` unless 0 ≤ f ≤ Σ N_l.
    public func worstPlacement(crashes f: Int, _ statistic: WeightStatistic = .max) throws(BoundsError)
        -> (neurons: [Int], erf: Double)
    {
        guard f >= 0 && f <= neuronCount else { throw .crashCountOutOfRange(requested: f, available: neuronCount) }
        return worstPlacements(upTo: f, statistic)[f]
    }

    /// The worst placements of 0, 1, ..., `limit` crashes (element f is ``worstPlacement(crashes:_:)`` of f),
    /// from one run of the dynamic programme. `limit` defaults to, and is clamped to, 0...Σ N_l.
    public func worstPlacements(upTo limit: Int? = nil, _ statistic: WeightStatistic = .max)
        -> [(neurons: [Int], erf: Double)]
    {
        let cap = min(max(limit ?? neuronCount, 0), neuronCount)
        let w = weights(statistic)
        // best[k]: the largest h_l over placements of k crashes in layers 1...l; choices[l][k]: its f_(l+1).
        var best: [Double] = [0]
        var choices = [[Int]]()
        for l in 0..<depth {
            let width = widths[l]
            let slope = lipschitz[l] * w[l]
            let reachable = min(best.count - 1 + width, cap)
            var next = [Double](repeating: -.infinity, count: reachable + 1)
            var choice = [Int](repeating: 0, count: reachable + 1)
            for k in 0...reachable {
                for crashed in max(0, k - (best.count - 1))...min(k, width) {
                    let h = Double(crashed) * outputBounds[l] + Double(reaching(l, crashed: crashed)) * slope * best[k - crashed]
                    if h > next[k] {
                        next[k] = h
                        choice[k] = crashed
                    }
                }
            }
            best = next
            choices.append(choice)
        }
        return (0...cap).map { total in
            var placement = [Int](repeating: 0, count: depth)
            var rest = total
            for l in stride(from: depth - 1, through: 0, by: -1) {
                placement[l] = choices[l][rest]
                rest -= placement[l]
            }
            return (placement, erf(FaultCounts(neurons: placement), statistic))
        }
    }
}
