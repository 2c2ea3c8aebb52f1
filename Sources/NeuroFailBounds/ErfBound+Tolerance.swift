extension ErfBound {
    /// How many crashes the chip tolerates with Erf (or Erf_av) ≤ `budget`; see ``Tolerance`` for the definitions.
    ///
    /// Cost: one run of the worst-placement programme over all Σ N_l crash counts, plus O(L) per layer.
    ///
    /// - Parameter budget: ε ≥ 0 in output units (+∞ allowed: everything is tolerated).
    /// - Throws: ``BoundsError/invalidBudget(_:)`` if `budget` is NaN or negative.
    public func tolerance(budget: Double, _ statistic: WeightStatistic = .max) throws(BoundsError) -> Tolerance {
        guard budget >= 0 else { throw .invalidBudget(budget) }
        let depth = self.depth
        let perLayer = (0..<depth).map { l in
            largestCount(upTo: widths[l], budget: budget) { count in
                var neurons = [Int](repeating: 0, count: depth)
                neurons[l] = count
                return erf(FaultCounts(neurons: neurons), statistic)
            }
        }
        let synapses = (0...depth).map { l in
            largestCount(upTo: synapsesPerMatrix[l], budget: budget) { count in
                var counts = FaultCounts.none(depth: depth)
                counts.synapses[l] = count
                return erf(counts, statistic)
            }
        }
        let curve = worstPlacements(statistic)
        let tolerated = (curve.firstIndex { !($0.erf <= budget) } ?? curve.count) - 1
        let firstBreak = tolerated + 1 < curve.count ? curve[tolerated + 1] : nil
        return Tolerance(
            budget: budget, statistic: statistic, neuronsPerLayer: perLayer, neurons: tolerated,
            firstBreak: firstBreak, synapsesPerMatrix: synapses)
    }

    /// The largest c in 0...limit with erfOf(c) ≤ budget, for erfOf linear and non-decreasing in c with
    /// erfOf(0) = 0: a guess from the slope, corrected against erfOf itself so rounding cannot put it off by one.
    private func largestCount(upTo limit: Int, budget: Double, _ erfOf: (Int) -> Double) -> Int {
        let unit = erfOf(1)
        var count = limit
        if unit > 0 {
            let ratio = budget / unit
            count = ratio >= Double(limit) ? limit : Int(ratio.rounded(.down))
        }
        while count > 0 && !(erfOf(count) <= budget) { count -= 1 }
        while count < limit && erfOf(count + 1) <= budget { count += 1 }
        return count
    }
}
