import NeuroFailCore

extension FaultSetBound {
    /// The largest certified bound over every placement of `neurons[l]` crashed neurons in each hidden layer l:
    /// what the fault-set bound can promise for *any* such failures (Erf's question, answered with the tighter
    /// bound).
    public struct PlacementBound: Sendable {
        /// The largest certified bound found (norm as asked).
        public let value: Double
        /// The placement that gives it.
        public let faults: FaultSet
        /// Whether every placement was bounded (then `value` is the exact maximum of the certified bound over
        /// placements: a theorem for all of them); otherwise the placements were searched greedily and `value` is a
        /// lower bound of that maximum (a certificate that fails for the placement shown).
        public let exhaustive: Bool
        /// How many fault sets were bounded.
        public let examined: Int
    }

    /// Bounds every placement of `neurons` per-layer crash counts when there are at most `limit` of them, else
    /// searches greedily (one crash at a time, each the neuron that raises the bound most). `method` chooses the
    /// bound of each placement.
    public func worstPlacement(
        neurons: [Int], limit: Int = 200, method: Method = .linearRelaxation, norm: DeviationNorm = .linf
    ) -> PlacementBound {
        precondition(neurons.count == chip.depth && zip(neurons, chip.widths).allSatisfy { $0 >= 0 && $0 <= $1 })
        var total = 1.0
        for (f, n) in zip(neurons, chip.widths) { total *= Self.binomial(n, f) }
        if total <= Double(limit) {
            var best = (value: -1.0, faults: FaultSet(pristine: chip))
            var examined = 0
            func visit(_ layer: Int, _ chosen: [[Int]]) {
                if layer == chip.depth {
                    let faults = FaultSet(neurons: chosen)
                    let v = bound(faults, method: method).value(norm)
                    examined += 1
                    if v > best.value { best = (v, faults) }
                    return
                }
                for subset in Self.subsets(of: chip.widths[layer], size: neurons[layer]) { visit(layer + 1, chosen + [subset]) }
            }
            visit(0, [])
            return PlacementBound(value: max(0, best.value), faults: best.faults, exhaustive: true, examined: examined)
        }
        var faults = FaultSet(pristine: chip)
        var examined = 0
        var value = 0.0
        for (l, count) in neurons.enumerated() {
            for _ in 0..<count {
                var bestIndex = -1, bestValue = -1.0
                for i in 0..<chip.widths[l] where !faults.neurons[l].contains(i) {
                    var trial = faults
                    trial.crash(NeuronID(layer: l + 1, index: i))
                    let v = bound(trial, method: method).value(norm)
                    examined += 1
                    if v > bestValue { (bestIndex, bestValue) = (i, v) }
                }
                faults.crash(NeuronID(layer: l + 1, index: bestIndex))
                value = bestValue
            }
        }
        return PlacementBound(value: max(0, value), faults: faults, exhaustive: false, examined: examined)
    }

    /// C(n, k) as a Double, to decide between enumerating placements and searching them.
    public static func binomialCount(_ n: Int, _ k: Int) -> Double { binomial(n, k) }

    /// Every `size`-subset of 0..<n, increasing, in lexicographic order: the placements of `size` crashes in a layer.
    public static func allSubsets(of n: Int, size: Int) -> [[Int]] { subsets(of: n, size: size) }

    static func binomial(_ n: Int, _ k: Int) -> Double {
        guard k >= 0, k <= n else { return 0 }
        var c = 1.0
        for i in 0..<min(k, n - k) { c = c * Double(n - i) / Double(i + 1) }
        return c
    }

    /// Every `size`-subset of 0..<n, each increasing, in lexicographic order.
    static func subsets(of n: Int, size: Int) -> [[Int]] {
        guard size > 0 else { return [[]] }
        guard size <= n else { return [] }
        var out = [[Int]]()
        var current = [Int]()
        func extend(_ start: Int) {
            if current.count == size {
                out.append(current)
                return
            }
            for i in start..<n where n - i >= size - current.count {
                current.append(i)
                extend(i + 1)
                current.removeLast()
            }
        }
        extend(0)
        return out
    }
}
