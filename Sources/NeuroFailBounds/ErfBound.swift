import NeuroFailCore

/// Eq. 4 of the paper for one chip, with everything that does not depend on the fault counts computed once:
/// C_0...C_L, K_1...K_L, and w_m and w_av of every weight matrix.
///
/// For fault counts f_1...f_L (neurons) and s_1...s_(L+1) (synapses), with w^(l) = w_m^(l) (``WeightStatistic/max``)
/// or w_av^(l) (``WeightStatistic/mean``) and D_l = w^(L+1) · Π_{l'=l+1..L} min(N_l' − f_l', F_l') K_l' w^(l'):
///
///     Erf = Σ_{l=1..L} C_l f_l D_l  +  Σ_{l=1..L} s_l K_l w^(l) C_(l−1) D_l  +  s_(L+1) w^(L+1) C_L
///
/// The first sum is the paper's Eq. 4 with a per-layer K (the K of layers l+1...L multiply a layer-l crash; for
/// a single K it is exactly Eq. 4); the other two terms are the synapse extension (Docs/theory.md, Theorem B).
/// F_l (``fanOuts``) is the largest number of layer-l neurons one unit of layer l − 1 feeds: N_l for a dense layer,
/// so min(N_l − f_l, F_l) = N_l − f_l and the factor is the paper's; a convolution's F_l is C_out times its kernel
/// overlap, far below N_l, a sparse layer's its largest fan-out (``NeuroFailCore/SparseConnectivity/maxFanOut``),
/// and the bound stays a theorem (Docs/theory.md, section 17), never above the dense expansion's Erf.
/// With ``WeightStatistic/max``, Ω_max ≤ Erf for the L∞ output deviation on every input of the input domain
/// (Theorems A and B): a counter-example is a bug. Erf is in the chip's output units.
///
/// A value type: build it once per chip (O(number of weights)), then every query is O(L) or a small DP.
public struct ErfBound: Sendable, Hashable {
    /// N_1...N_L.
    public let widths: [Int]
    /// The number of synapses of each weight matrix w^(1)...w^(L+1) (N_l · N_(l−1) for a dense one; the synapses
    /// that exist for a sparse layer or a convolution).
    public let synapsesPerMatrix: [Int]
    /// F_1...F_L: the largest number of layer-l neurons that one unit of layer l − 1 (or chip input) feeds; N_l for
    /// a dense layer.
    public let fanOuts: [Int]
    /// K_1...K_L, the Lipschitz constants of the hidden layers' activations (> 0).
    public let lipschitz: [Double]
    /// C_0 = max(|lower|, |upper|) of the input domain: a bound on every |x_j|, in input units.
    public let inputBound: Double
    /// C_1...C_L: `outputBounds[l - 1]` bounds |y_i^(l)| for every neuron i of hidden layer l and every input in
    /// the domain, for the fault-free chip. Non-negative.
    public let outputBounds: [Double]
    /// C_1...C_L widened by their rounding error: bounds in exact arithmetic (Docs/theory.md, section 14).
    public let certifiedOutputBounds: [Double]
    /// How each C_l was obtained (`outputBoundMethods[l - 1]` for C_l).
    public let outputBoundMethods: [OutputBoundMethod]
    /// w_m^(1)...w_m^(L+1) = max |w| of each weight matrix, the readout last (over the synapses that exist: the
    /// same as over the dense expansion, whose extra entries are zeros).
    public let maxAbsWeights: [Double]
    /// w_av^(1)...w_av^(L+1) = mean |w| of each weight matrix, the readout last: over the synapses that exist (a
    /// sparse layer's, not its dense expansion's zeros), 0 for a sparse layer without synapses.
    public let meanAbsWeights: [Double]

    /// Precomputes the chip's constants; the C_l by ``outputBounds(of:)``.
    public init(chip: Chip) {
        widths = chip.widths
        synapsesPerMatrix = chip.allLayers.map(\.synapseCount)
        fanOuts = chip.hidden.map(\.maxFanOut)
        lipschitz = chip.hidden.map { $0.activation?.lipschitz ?? 1 }
        inputBound = max(abs(chip.inputDomain.lower), abs(chip.inputDomain.upper))
        let bounds = ErfBound.outputBounds(of: chip)
        outputBounds = bounds.map(\.bound)
        outputBoundMethods = bounds.map(\.method)
        certifiedOutputBounds = ErfBound.outputBounds(of: chip, rigorous: true).map(\.bound)
        maxAbsWeights = chip.allLayers.map(\.maxAbsWeight)
        // Over the synapses that exist; a sparse layer without any has w_av = 0 (its terms vanish), never 0/0.
        meanAbsWeights = chip.allLayers.map { $0.weights.isEmpty ? 0 : $0.meanAbsWeight }
    }

    /// C_1...C_L and how each was obtained.
    ///
    /// The input box [lower, upper]^d is propagated through the fault-free chip with interval arithmetic: for a
    /// neuron with weights w and bias b fed by intervals [lo_j, hi_j], its pre-activation lies in
    /// [Σ max(w_j,0) lo_j + min(w_j,0) hi_j + b, Σ max(w_j,0) hi_j + min(w_j,0) lo_j + b], and a monotone φ maps
    /// that to [φ(low), φ(high)]. Every layer's intervals are propagated (a ReLU layer after a sigmoid one uses the
    /// sigmoid's intervals), but a sigmoid or tanh layer reports C_l = 1 (its range, as in the paper); a ReLU,
    /// leaky-ReLU, hard-sigmoid or clip layer reports the largest |end point| over its neurons (for the two bounded
    /// ones at most their range's max(|lo|, |hi|)). Soundness: Docs/theory.md, Lemma 1. With `rigorous`, every
    /// sum is widened by its rounding error (section 14), so C_l holds in exact arithmetic too; without, the values
    /// are those of the reference implementation (round to nearest), a few ulps from the rigorous ones.
    public static func outputBounds(of chip: Chip, rigorous: Bool = false) -> [(bound: Double, method: OutputBoundMethod)] {
        guard rigorous else { return nearestOutputBounds(of: chip) }
        var y = IntervalVector(repeating: chip.inputDomain.lower, chip.inputDomain.upper, count: chip.inputCount)
        var result = [(bound: Double, method: OutputBoundMethod)]()
        for layer in chip.hidden {
            let activation = layer.activation ?? Activation(.relu, lipschitz: 1)
            y = PackedNetwork.image(activation, PackedNetwork.affine(layer, y))
            switch activation.function {
            case .sigmoid: result.append((1, .sigmoidRange))
            case .tanh: result.append((1, .tanhRange))
            case .relu, .leakyRelu, .hardSigmoid, .clip: result.append((y.maxMagnitude, .intervalPropagation))
            }
        }
        return result
    }

    /// The same in round-to-nearest arithmetic, as the paper's reference computes them (the C_l that Erf is
    /// displayed with).
    static func nearestOutputBounds(of chip: Chip) -> [(bound: Double, method: OutputBoundMethod)] {
        var lower = Array(repeating: chip.inputDomain.lower, count: chip.inputCount)
        var upper = Array(repeating: chip.inputDomain.upper, count: chip.inputCount)
        var result = [(bound: Double, method: OutputBoundMethod)]()
        for layer in chip.hidden {
            let activation = layer.activation ?? Activation(.relu, lipschitz: 1)
            var nextLower = [Double](repeating: 0, count: layer.outputs)
            var nextUpper = [Double](repeating: 0, count: layer.outputs)
            for i in 0..<layer.outputs {
                var low = layer.bias[i]
                var high = layer.bias[i]
                layer.forEachIncoming(i) { j, w, _ in
                    low += w >= 0 ? w * lower[j] : w * upper[j]
                    high += w >= 0 ? w * upper[j] : w * lower[j]
                }
                (nextLower[i], nextUpper[i]) = activation.image(lower: low, upper: high)
            }
            lower = nextLower
            upper = nextUpper
            switch activation.function {
            case .sigmoid:
                result.append((1, .sigmoidRange))
            case .tanh:
                result.append((1, .tanhRange))
            case .relu, .leakyRelu, .hardSigmoid, .clip:
                // For hard-sigmoid and clip the intervals lie inside the output range, so this is never above the
                // range's own bound max(|lo|, |hi|).
                let bound = zip(lower, upper).reduce(0) { max($0, abs($1.0), abs($1.1)) }
                result.append((bound, .intervalPropagation))
            }
        }
        return result
    }

    /// L: the number of hidden layers.
    public var depth: Int { widths.count }
    /// Σ N_l: the number of neurons that can crash.
    public var neuronCount: Int { widths.reduce(0, +) }

    /// w^(1)...w^(L+1) for `statistic`: ``maxAbsWeights`` or ``meanAbsWeights``.
    public func weights(_ statistic: WeightStatistic) -> [Double] {
        switch statistic {
        case .max: return maxAbsWeights
        case .mean: return meanAbsWeights
        }
    }

    /// Checks `counts` against this chip's shape (the same check as ``FaultCounts/validate(for:)``).
    public func validate(_ counts: FaultCounts) throws(BoundsError) {
        try counts.validate(widths: widths, synapsesPerMatrix: synapsesPerMatrix)
    }

    /// Erf (``WeightStatistic/max``) or Erf_av (``WeightStatistic/mean``) for `counts`, in output units.
    ///
    /// Precondition: `counts` is valid for this chip (``validate(_:)``); check user input with it first.
    public func erf(_ counts: FaultCounts, _ statistic: WeightStatistic = .max) -> Double {
        terms(counts, statistic).total
    }

    /// Erf with every rounding accounted for outwardly: an upper bound of Eq. 4 in exact arithmetic, so a measured
    /// Ω_max above it (beyond the rounding of the measurement itself) really is a bug. +∞ on overflow, never NaN.
    public func certifiedErf(_ counts: FaultCounts, _ statistic: WeightStatistic = .max) -> Double {
        let terms = terms(counts, statistic, certified: true)
        let all = terms.neurons + terms.synapses
        let s = all.reduce(0, +)
        guard s.isFinite, s > 0 else { return s.isNaN ? .infinity : s }
        return (s * (1 + RoundingError.gamma(all.count + 1))).nextUp
    }

    /// The per-layer contributions whose sum is ``erf(_:_:)``, for display and for checking which layer dominates.
    ///
    /// Precondition: `counts` is valid for this chip (``validate(_:)``).
    public func terms(_ counts: FaultCounts, _ statistic: WeightStatistic = .max, certified: Bool = false) -> ErfTerms {
        do {
            try validate(counts)
        } catch {
            preconditionFailure("ErfBound: \(error) (validate fault counts before asking for Erf)")
        }
        // With changed stored weights, the faulty chip's matrix may hold a larger |ŵ| than the design's w_m: the
        // deviation propagates through the faulty weights (Docs/theory.md, section 18).
        let w = weights(statistic).enumerated().map { l, x in statistic == .max ? max(x, counts.changedMax(l + 1)) : x }
        let depth = self.depth
        let outputBounds = certified ? certifiedOutputBounds : self.outputBounds
        // downstream[l - 1] = D_l = w^(L+1) Π_{l'=l+1..L} min(N_l' − f_l' − t_l', F_l') K_l' w^(l') (t: stuck neurons,
        // which pass nothing on either; F: the fan-out bound of a convolution).
        var downstream = [Double](repeating: 0, count: depth)
        var factor = w[depth]
        for l in stride(from: depth - 1, through: 0, by: -1) {
            downstream[l] = factor
            let live = reaching(l, crashed: counts.neurons[l] + counts.stuckCount(l + 1))
            factor = Self.product([factor, Double(live), lipschitz[l], w[l]])
        }
        // A layer without crashes contributes exactly 0, even if a downstream factor overflowed to +∞.
        let neuronTerms = (0..<depth).map { l in
            let crashes = Self.product([outputBounds[l], Double(counts.neurons[l]), downstream[l]])
            // A neuron stuck at c moves by |y − c| ≤ C_l + |c|.
            let stuckMass = Double(counts.stuckCount(l + 1)) * outputBounds[l] + counts.stuckValue(l + 1)
            guard stuckMass > 0 else { return crashes }
            return crashes + Self.product([certified ? (stuckMass * (1 + 2 * RoundingError.unit)).nextUp : stuckMass, downstream[l]])
        }
        // C_(l−1) for the matrix into layer l: the input bound for l = 1.
        let sourceBounds = [inputBound] + outputBounds
        var synapseTerms = [Double]()
        for l in 0..<depth {
            // A crashed synapse moves its target's sum by |w y| ≤ w^(l) C_(l−1), a changed one by |w − ŵ| C_(l−1).
            var term = Self.product([Double(counts.synapses[l]), lipschitz[l], w[l], sourceBounds[l], downstream[l]])
            let change = counts.weightChange(l + 1)
            if change > 0 { term += Self.product([change, lipschitz[l], sourceBounds[l], downstream[l]]) }
            synapseTerms.append(term)
        }
        var readout = Self.product([Double(counts.synapses[depth]), w[depth], sourceBounds[depth]])
        let change = counts.weightChange(depth + 1)
        if change > 0 { readout += Self.product([change, sourceBounds[depth]]) }
        synapseTerms.append(readout)
        // Certified: each term is a product of at most 2L + 4 rounded factors, so raising it by γ_(2L+6) makes it
        // an upper bound of the exact product (Docs/theory.md, section 14).
        let up = 1 + RoundingError.gamma(2 * depth + 6)
        func raise(_ x: Double) -> Double { !certified || x == 0 || !x.isFinite ? x : (x * up).nextUp }
        return ErfTerms(
            neurons: neuronTerms.map(raise), synapses: synapseTerms.map(raise), downstreamFactors: downstream)
    }

    /// min(N_l − f, F_l) for hidden layer l + 1 (0-based `l`): how many of its correct neurons one unit of the
    /// layer before can reach, the count the deviation of that unit is multiplied by (Docs/theory.md, section 17).
    func reaching(_ l: Int, crashed f: Int) -> Int { min(widths[l] - f, fanOuts[l]) }

    /// The product of non-negative factors, 0 as soon as one is 0 (so 0 · ∞ is 0, never NaN: a layer without crashes
    /// contributes nothing even when another factor overflowed).
    static func product(_ factors: [Double]) -> Double {
        if factors.contains(0) { return 0 }
        return factors.reduce(1, *)
    }
}
