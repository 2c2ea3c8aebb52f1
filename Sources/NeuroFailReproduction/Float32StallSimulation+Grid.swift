import NeuroFailCore
import NeuroFailEngine

extension Float32StallSimulation {
    /// What the companion code's `rand.cpp` (Figs. 3–6) would have printed as Ω_av, against the exact value.
    struct GridOutcome: Sendable {
        /// rand.cpp's Ω_av: per crash set, a Float32 running sum of norm/card over the grid; then the sets' averages
        /// summed as avg/combs, in Float32.
        var naiveMean: Double
        /// The exact mean of the same deviations (Float64, compensated).
        var exactMean: Double
        /// Grid points, digits^d.
        var inputs: Int
        /// Crash sets.
        var sets: Int
        /// naive / exact.
        var fraction: Double { exactMean > 0 ? naiveMean / exactMean : 1 }
    }

    /// Simulates `rand.cpp`'s averaging on `chip` for every set of `f` crashed neurons of hidden layer `layer`
    /// (the companion code crashes layer 1 only), on its input grid: `digits` points per coordinate,
    /// x_i = Float(id_i) / Float(digits − 1) with the first coordinate varying fastest, as its `InputGenerator` does.
    ///
    /// The companion code (val_t = float) adds `norm / card` to a per-set Float32 average for each of the
    /// card = digits^d inputs in order, then `avg / combs` per set. With 101⁴ ≈ 1.04·10⁸ terms each term is about
    /// 10⁻⁸ of the mean, below half an ulp (2⁻²⁴ ≈ 6·10⁻⁸) of a sum that has reached a fraction of it, so the sum stalls
    /// long before the end. Deviations are computed here in Float64 by the engine, then rounded to Float32, as each
    /// of the companion code's terms is a float; the forward pass's own float rounding is not simulated (it moves a
    /// term by ~10⁻⁷ relative, nothing beside the stall).
    static func gridAverage(
        chip: Chip, layer: Int = 1, crashes f: Int, digits: Int = 101, threads: Int? = nil
    ) -> GridOutcome {
        let d = chip.inputCount
        var card = 1
        for _ in 0..<d { card *= digits }
        let width = chip.widths[layer - 1]
        var sets = [FaultSet]()
        var combination = Array(0..<f)
        while true {
            var faults = FaultSet(pristine: chip)
            faults.neurons[layer - 1] = combination
            sets.append(faults)
            var p = f - 1
            while p >= 0 && combination[p] == width - f + p { p -= 1 }
            if p < 0 { break }
            combination[p] += 1
            for q in (p + 1)..<f { combination[q] = combination[q - 1] + 1 }
        }
        let evaluator = Evaluator(chip: chip)
        let pristine = FaultSet(pristine: chip)
        let m = chip.outputCount
        let cardFloat = Float(card)
        var perSet = [Float](repeating: 0, count: sets.count)
        var exact = CompensatedSum()
        let block = 16_384
        var values = [Double](repeating: 0, count: block * d)
        for start in stride(from: 0, to: card, by: block) {
            let count = min(block, card - start)
            for r in 0..<count {
                var id = start + r
                for i in 0..<d {
                    values[r * d + i] = Double(Float(id % digits) / Float(digits - 1))
                    id /= digits
                }
            }
            let batch = InputBatch(count: count, dimension: d, values: Array(values[0..<(count * d)]))
            let nominal = evaluator.outputs(batch, faults: pristine, threads: threads)
            for (s, faults) in sets.enumerated() {
                let faulty = evaluator.outputs(batch, faults: faults, threads: threads)
                var sum = perSet[s]
                for r in 0..<count {
                    var norm = 0.0
                    for k in 0..<m { norm = max(norm, abs(faulty[r * m + k] - nominal[r * m + k])) }
                    sum += Float(norm) / cardFloat  // rand.cpp: simple.avg += norm / card
                    exact.add(norm)
                }
                perSet[s] = sum
            }
        }
        var naive: Float = 0
        for average in perSet { naive += average / Float(sets.count) }  // global.avg += local.avg / combs
        return GridOutcome(
            naiveMean: Double(naive), exactMean: exact.value / Double(card * sets.count), inputs: card, sets: sets.count)
    }
}
