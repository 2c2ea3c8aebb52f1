import NeuroFailCore
import Testing

@testable import NeuroFailMission

struct BitFlipModelTests {
    /// Without modulation, the upsets of B bits over T years are Poisson with mean λ B T; each names a synapse of the
    /// selected matrices and a bit below the storage's width, about uniformly.
    @Test func upsetsArePoissonOverAllBitsAndHitEveryBitAlike() {
        let chip = TestSupport.chip(inputs: 3, widths: [4, 5], outputs: 2)
        let bits = (3 * 4 + 4 * 5 + 5 * 2) * 8
        let model = BitFlipModel(ratePerBitYear: 0.01, bitsPerWeight: 8, followsSolarCycle: false, boostedByStorms: false)
        let environment = SpaceEnvironment(durationYears: 5)
        var counts = [Double](), perBit = [Int](repeating: 0, count: 8)
        for run in 0..<400 {
            var rng = Xoshiro256(seed: 3, stream: UInt64(run))
            let events = model.failures(chip: chip, cores: .packed(chip), environment: environment, rng: &rng)
            counts.append(Double(events.count))
            for e in events {
                guard case let .synapse(s) = e.component, let bit = e.value else { Issue.record("\(e)"); continue }
                #expect(e.kind == .bitFlip && FaultSet.isValid(.weight(s, 0), for: chip))
                perBit[Int(bit)] += 1
            }
            #expect(events.map(\.time) == events.map(\.time).sorted())
        }
        let mean = 0.01 * Double(bits) * 5
        let (m, v) = TestSupport.meanAndVariance(counts)
        // 400 runs: the sample mean is within 4 standard errors of λBT, and the variance near the mean (Poisson).
        #expect(abs(m - mean) < 4 * (mean / 400).squareRoot(), "mean \(m), expected \(mean)")
        #expect(abs(v / mean - 1) < 0.3, "variance \(v), mean \(mean)")
        let total = perBit.reduce(0, +)
        for n in perBit { #expect(abs(Double(n) - Double(total) / 8) < 5 * (Double(total) / 8).squareRoot(), "\(perBit)") }
    }

    @Test func onlyTheSelectedMatricesAreHit() {
        let chip = TestSupport.chip(inputs: 3, widths: [4, 5], outputs: 2)
        let model = BitFlipModel(ratePerBitYear: 0.05, bitsPerWeight: 16, layers: [3])
        var rng = Xoshiro256(seed: 4)
        let events = model.failures(chip: chip, cores: .packed(chip), environment: SpaceEnvironment(durationYears: 10), rng: &rng)
        #expect(!events.isEmpty)
        for e in events {
            if case let .synapse(s) = e.component { #expect(s.layer == 3 && (0..<16).contains(Int(e.value ?? -1))) }
        }
    }
}
