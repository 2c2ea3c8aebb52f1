import NeuroFailCore

/// Which crash sets a campaign covers: every set is a choice of components that crash together.
public enum CrashSelection: Sendable, Hashable {
    /// f_l crashed neurons in each hidden layer l (`neurons.count == L`) and, optionally, s_l crashed synapses in
    /// each weight matrix l (`synapses.count == L + 1`, the last being the readout). The sets are the product
    /// C(N_1, f_1) × … × C(N_L, f_L) × C(S_1, s_1) × … × C(S_(L+1), s_(L+1)), S_l = N_(l−1)·N_l synapses.
    case perLayer(neurons: [Int], synapses: [Int]? = nil)
    /// f crashed neurons anywhere in the network: all C(N, f) sets, N = Σ N_l.
    case total(Int)

    /// The independent choices a set is made of, in enumeration order (the last one varies fastest).
    func factors(on chip: Chip) -> [CrashFactor] {
        switch self {
        case .perLayer(let neurons, let synapses):
            precondition(neurons.count == chip.depth, "\(neurons.count) neuron counts for \(chip.depth) hidden layers")
            let synapses = synapses ?? Array(repeating: 0, count: chip.depth + 1)
            precondition(synapses.count == chip.depth + 1, "\(synapses.count) synapse counts for \(chip.depth + 1) matrices")
            let layers = chip.allLayers
            let n = neurons.enumerated().map { CrashFactor(kind: .neurons(layer: $0.offset), n: chip.widths[$0.offset], k: $0.element) }
            let s = synapses.enumerated().map { CrashFactor(kind: .synapses(matrix: $0.offset), n: layers[$0.offset].synapseCount, k: $0.element) }
            let all = n + s
            precondition(all.allSatisfy { $0.k >= 0 && $0.k <= $0.n }, "a crash count exceeds the components available")
            return all
        case .total(let f):
            precondition(f >= 0 && f <= chip.neuronCount, "cannot crash \(f) of \(chip.neuronCount) neurons")
            return [CrashFactor(kind: .anyNeurons, n: chip.neuronCount, k: f)]
        }
    }

    /// The number of crash sets on `chip`, as a Double (C(150, 50) ≈ 2·10⁴⁰ does not fit an integer). Exact while
    /// below 2⁵³.
    public func configurationCount(on chip: Chip) -> Double {
        factors(on: chip).reduce(1) { $0 * Binomial.approximate($1.n, $1.k) }
    }

    /// The number of crash sets on `chip`, or nil when it exceeds `UInt64.max`.
    public func exactConfigurationCount(on chip: Chip) -> UInt64? {
        var total: UInt64 = 1
        for factor in factors(on: chip) {
            guard let c = Binomial.exact(factor.n, factor.k) else { return nil }
            let (product, overflow) = total.multipliedReportingOverflow(by: c)
            if overflow { return nil }
            total = product
        }
        return total
    }
}

/// One independent choice within a crash set: k of n components of one kind.
struct CrashFactor: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        /// Neurons of hidden layer `layer` (0-based).
        case neurons(layer: Int)
        /// Synapses of matrix `matrix` (0-based, L = readout), by flat index.
        case synapses(matrix: Int)
        /// Neurons anywhere, by global index (layer 1's first, then layer 2's, …).
        case anyNeurons
    }
    let kind: Kind
    let n: Int
    let k: Int
}

/// Binomial coefficients.
enum Binomial {
    /// C(n, k) exactly, or nil when it exceeds `UInt64.max`.
    static func exact(_ n: Int, _ k: Int) -> UInt64? {
        guard k >= 0, k <= n else { return 0 }
        let k = min(k, n - k)
        var r: UInt64 = 1
        for i in 0..<k {
            // r · (n − i) / (i + 1) is C(n, i + 1): an integer; computed in 128 bits.
            let (high, low) = r.multipliedFullWidth(by: UInt64(n - i))
            let divisor = UInt64(i + 1)
            guard high < divisor else { return nil }
            r = divisor.dividingFullWidth((high, low)).quotient
        }
        return r
    }

    /// C(n, k) as a Double (exact below 2⁵³, else within a few roundings; may be +∞ beyond 1.8·10³⁰⁸).
    static func approximate(_ n: Int, _ k: Int) -> Double {
        if let e = exact(n, k) { return Double(e) }
        let k = min(k, n - k)
        var r = 1.0
        for i in 0..<k { r = r * Double(n - i) / Double(i + 1) }
        return r
    }
}
