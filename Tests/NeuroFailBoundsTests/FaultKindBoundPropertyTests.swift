import NeuroFailBounds
import NeuroFailCore
import Testing

/// Ω_max ≤ Erf and Ω_max ≤ the fault-set bound for the fault kinds beyond the crash (Docs/theory.md, section 18):
/// neurons stuck at a value, and stored weights changed by a bit flip in weight memory (int8 at a fitted per-layer
/// scale, float16, float32), each mixed with crashes.
///
/// Chips from `randomChip` (Fixtures.swift, every activation, depth 1–4, widths 1–4); Ω is the L∞ deviation of the
/// plain `forward` (Fixtures.swift, which reads stuck neurons and changed weights literally) over the box's corners
/// and three random points. Slack: a relative 1e-9 for Erf (computed in round to nearest, section 3), none beyond the
/// stated rounding allowance for the fault-set bound (a theorem in floating point, section 14).
struct FaultKindBoundPropertyTests {
    static let chips = 1000

    /// A stuck value: 0 (what a crash sends, but the neuron still counts as stuck), a value the activation saturates
    /// at (sigmoid's 1, tanh's ±1, clip's ends), or anything in [−3, 3].
    private func stuckValue(_ activation: Activation?, _ rng: inout Xoshiro256) -> Double {
        switch rng.nextIndex(3) {
        case 0: return 0
        case 1:
            guard let activation else { return 1 }
            switch activation.function {
            case .sigmoid, .hardSigmoid: return 1
            case .tanh: return rng.nextUnit() < 0.5 ? -1 : 1
            case .clip: let range = activation.clipRange ?? 0...1
                return rng.nextUnit() < 0.5 ? range.lowerBound : range.upperBound
            default: return 3
            }
        default: return 6 * rng.nextUnit() - 3
        }
    }

    @Test func stuckNeuronsNeverMoveTheOutputMoreThanEitherBound() {
        var rng = Xoshiro256(seed: 171)
        var tightest = 0.0, cases = 0
        for _ in 0..<Self.chips {
            let chip = randomChip(&rng)
            var faults = randomFaultSet(chip, &rng)
            for l in 0..<chip.depth {
                faults.stuck[l] = (0..<chip.widths[l]).filter { !faults.neurons[l].contains($0) && rng.nextUnit() < 0.3 }
                    .map { FaultSet.Entry(index: $0, value: stuckValue(chip.hidden[l].activation, &rng)) }
            }
            tightest = max(tightest, check(chip, faults, &rng))
            cases += 1
        }
        #expect(cases == Self.chips)
        #expect(tightest > 0.5, "the bound is never approached: the check may be vacuous (tightest Ω/Erf \(tightest))")
    }

    @Test func flippedWeightBitsNeverMoveTheOutputMoreThanEitherBound() {
        var rng = Xoshiro256(seed: 172)
        var tightest = 0.0
        var perFormat = [String: Int]()
        for _ in 0..<Self.chips {
            let drawn = randomChip(&rng)
            let storage: WeightStorage = [WeightStorage.fittedInt8(drawn), .float16, .float32][rng.nextIndex(3)]
            guard case let .success((chip, _)) = storage.quantize(drawn) else { continue }
            var faults = rng.nextUnit() < 0.5 ? randomFaultSet(chip, &rng) : FaultSet(pristine: chip)
            for (m, layer) in chip.allLayers.enumerated() {
                var flipped = [FaultSet.Entry]()
                for flat in 0..<layer.synapseCount where rng.nextUnit() < 0.25 {
                    // Bits of the exponent's top make float weights astronomically large; keep Ω finite in Float64.
                    let bits = storage == .float32 ? 30 : storage.bitsPerWeight
                    let w = storage.flipping(bit: rng.nextIndex(bits), of: layer.weights[flat], matrix: m)
                    flipped.append(FaultSet.Entry(index: flat, value: w))
                }
                faults.weights[m] = flipped
            }
            perFormat[storage.format, default: 0] += 1
            tightest = max(tightest, check(chip, faults, &rng))
        }
        for format in ["int8", "float16", "float32"] { #expect(perFormat[format, default: 0] > 250, "\(perFormat)") }
        #expect(tightest > 0.5, "the bound is never approached: the check may be vacuous (tightest Ω/Erf \(tightest))")
    }

    /// Checks Ω ≤ Erf and Ω ≤ the certified fault-set bound on `chip` under `faults`; returns Ω / Erf.
    private func check(_ chip: Chip, _ faults: FaultSet, _ rng: inout Xoshiro256) -> Double {
        let pristine = FaultSet(pristine: chip)
        var omega = 0.0
        for x in samplePoints(chip, &rng) {
            for (a, b) in zip(forward(chip, x, faults), forward(chip, x, pristine)) { omega = max(omega, abs(a - b)) }
        }
        let context = "\(faults) on \(chip.json.rendered(indent: 0))"
        #expect(omega.isFinite, "Ω not finite: \(context)")
        let erf = ErfBound(chip: chip).erf(FaultCounts(faults.effective(on: chip), chip: chip))
        #expect(omega <= erf * (1 + 1e-9), "Ω = \(omega) > Erf = \(erf) for \(context)")
        let certified = FaultSetBound(chip: chip).bound(faults, method: .linearRelaxation)
        #expect(certified.admits(omega, .linf), "Ω = \(omega) > certified \(certified.value(.linf)): \(context)")
        return erf > 0 && erf.isFinite ? omega / erf : 0
    }
}
