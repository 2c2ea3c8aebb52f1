import NeuroFailCore

extension OmegaCampaign {
    /// The per-factor combinations of exhaustive set number `rank` (mixed radix, last factor fastest).
    func combinations(rank: UInt64) -> [Combination] {
        var rest = rank
        var ranks = [UInt64](repeating: 0, count: factors.count)
        for (f, factor) in factors.enumerated().reversed() {
            let radix = Binomial.exact(factor.n, factor.k)!
            ranks[f] = rest % radix
            rest /= radix
        }
        return zip(factors, ranks).map { Combination(n: $0.n, k: $0.k, rank: $1) }
    }

    /// Steps per-factor combinations to the next exhaustive set (the last factor fastest, carrying leftwards).
    /// Returns the index of the factor that stepped without wrapping (every factor after it wrapped round), or −1.
    @discardableResult
    func advance(_ combinations: inout [Combination]) -> Int {
        for f in combinations.indices.reversed() {
            if combinations[f].advance() != nil { return f }  // nil: this factor wrapped round, carry on the left
        }
        return -1
    }

    /// The fault set made of one index list per factor.
    func build(_ indices: [[Int]]) -> FaultSet {
        var faults = FaultSet(pristine: chip)
        for (factor, list) in zip(factors, indices) {
            switch factor.kind {
            case .neurons(let layer): faults.neurons[layer] = list
            case .synapses(let matrix): faults.synapses[matrix] = list
            case .anyNeurons:
                // Global index g: layer 1's neurons first; the list is sorted, so each layer's part is too.
                var first = 0
                for (layer, width) in chip.widths.enumerated() {
                    faults.neurons[layer] = list.filter { $0 >= first && $0 < first + width }.map { $0 - first }
                    first += width
                }
            }
        }
        return faults
    }

    /// f when every crash of the selection is a neuron of the last hidden layer (and f ≥ 1): the linear path.
    var linearCrashCount: Int? {
        let last = chip.depth - 1
        var crashes: Int?
        for factor in factors where factor.k > 0 {
            switch factor.kind {
            case .neurons(let layer) where layer == last: crashes = factor.k
            case .anyNeurons where chip.depth == 1: crashes = factor.k
            default: return nil
            }
        }
        return crashes
    }

    /// The index of the factor of the last hidden layer's neurons when prefix reuse applies: it is the last factor
    /// with crashes (so it varies fastest among them) and some earlier factor has crashes too. Otherwise nil.
    var prefixReuseFactor: Int? {
        guard let last = factors.lastIndex(where: { $0.k > 0 }), case .neurons(let layer) = factors[last].kind,
            layer == chip.depth - 1, factors[..<last].contains(where: { $0.k > 0 })
        else { return nil }
        return last
    }
}
