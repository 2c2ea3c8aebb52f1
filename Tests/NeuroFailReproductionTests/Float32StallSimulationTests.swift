import NeuroFailCore
import Testing
@testable import NeuroFailReproduction

@Suite struct Float32StallSimulationTests {
    @Test func aFloat32RunningSumOfAHundredMillionOnesStallsAt2To24() {
        let (total, stalledAfter) = Float32StallSimulation.repeatedSum(of: 1, count: 100_000_000)
        // 2^24 + 1 is not a Float: from 2^24 on, adding 1 rounds back (ties to even).
        #expect(total == 16_777_216)
        #expect(stalledAfter == 16_777_216)
        // The average over 10^8 runs would be 0.168 instead of 1: 83 % low.
        #expect(Double(total) / 1e8 < 0.17)
    }

    @Test func smallSumsDoNotStall() {
        let (total, stalledAfter) = Float32StallSimulation.repeatedSum(of: 0.5, count: 1000)
        #expect(total == 500)
        #expect(stalledAfter == nil)
    }

    @Test func stallIsDetectedOnlyOnceNoBoundedTermCanMoveTheSum() {
        var s = Float32StallSimulation()
        s.add(1)
        #expect(!s.isStalled(forTermsUpTo: 1))
        s.add(Double(1 << 26))
        // ulp(2^26) = 8: half of it, 4, exceeds any term up to 3.
        #expect(s.isStalled(forTermsUpTo: 3))
        #expect(!s.isStalled(forTermsUpTo: 4))
    }

    @Test func simulationOfASmallCampaignMatchesTheExactMean() throws {
        let data = DigitData.synthetic(count: 60, seed: 3)
        let chip = try TrainedNetworkExperiment.train(
            data, heldOut: nil, widths: [7], epochs: 1, seed: 3, threads: 1, name: "t").chip
        let inputs = DigitData.inputs(data)
        let m = TrainedNetworkExperiment.measure(
            chip: chip, inputs: inputs, maxCrashes: 2, exhaustiveLimit: 1e6, samples: 1, probabilitySets: 1, seed: 3,
            threads: 1) { _ in }
        for c in m {
            let outcome = Float32StallSimulation.simulate(chip: chip, inputs: inputs, crashes: c.crashes)
            #expect(outcome.complete)
            #expect(!outcome.stalled)
            #expect(outcome.totalRuns == c.logits.runs)
            #expect(abs(outcome.naiveMean - c.logits.omegaAverage) <= 1e-5 * c.logits.omegaAverage)
        }
    }

    /// rand.cpp adds norm / card with card = 101⁴: for a constant deviation 1 each term is 9.6·10⁻⁹. It moves the sum
    /// while it exceeds half an ulp: below 0.25 the ulp is 2⁻²⁶ (half 7.5·10⁻⁹ < term), from 0.25 on it is 2⁻²⁵
    /// (half 1.5·10⁻⁸ > term). So the companion code's average of a constant 1 is 0.25: a quarter of the truth.
    @Test func randCppAveragingOfAConstantStallsAtAQuarter() {
        let card = 104_060_401
        let term = Double(Float(1) / Float(card))
        let (total, stalledAfter) = Float32StallSimulation.repeatedSum(of: term, count: card)
        #expect(total == 0.25)
        #expect((stalledAfter ?? card) < card / 4)
    }

    /// A plain version of rand.cpp's loop, written out here with its own forward pass, on a small grid.
    private func plainGridAverage(_ chip: Chip, crashed: [[Int]], digits: Int) -> (naive: Float, exact: Double) {
        let d = chip.inputCount
        var card = 1
        for _ in 0..<d { card *= digits }
        func forward(_ x: [Double], dead: [Int]) -> [Double] {
            var y = x
            for (l, layer) in chip.hidden.enumerated() {
                let act = layer.activation ?? Activation(.relu, lipschitz: 1)
                y = (0..<layer.outputs).map { i in
                    if l == 0, dead.contains(i) { return 0 }
                    var z = layer.bias[i]
                    for j in 0..<layer.inputs { z += layer.weights[i * layer.inputs + j] * y[j] }
                    return act(z)
                }
            }
            let r = chip.readout
            return (0..<r.outputs).map { k in
                var z = r.bias[k]
                for j in 0..<r.inputs { z += r.weights[k * r.inputs + j] * y[j] }
                return z
            }
        }
        var global: Float = 0
        var exact = 0.0
        for dead in crashed {
            var avg: Float = 0
            for id in 0..<card {
                var rest = id
                var x = [Double]()
                for _ in 0..<d {
                    x.append(Double(Float(rest % digits) / Float(digits - 1)))
                    rest /= digits
                }
                let a = forward(x, dead: []), b = forward(x, dead: dead)
                let norm = zip(a, b).map { abs($0 - $1) }.max() ?? 0
                avg += Float(norm) / Float(card)
                exact += norm
            }
            global += avg / Float(crashed.count)
        }
        return (global, exact / Double(card * crashed.count))
    }

    @Test(arguments: [(1, 9), (2, 6)])
    func gridAverageIsRandCppsLoop(crashes: Int, digits: Int) {
        let chip = Chip.random(
            inputs: 4, widths: [4, 4, 4, 4], outputs: 1, activation: Activation(.relu, lipschitz: 1), biases: false, seed: 7)
        let ours = Float32StallSimulation.gridAverage(chip: chip, crashes: crashes, digits: digits, threads: 1)
        let sets: [[Int]] = crashes == 1 ? [[0], [1], [2], [3]] : [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]]
        let plain = plainGridAverage(chip, crashed: sets, digits: digits)
        #expect(ours.sets == sets.count && ours.inputs == digits * digits * digits * digits)
        #expect(abs(ours.exactMean - plain.exact) <= 1e-12 * plain.exact)
        // Same terms in the same order; a deviation may differ by an ulp between the two forward passes.
        #expect(abs(ours.naiveMean - Double(plain.naive)) <= 1e-6 * plain.exact)
        // A few thousand terms: no stall, the Float32 average is within Float32 rounding of the exact one.
        #expect(abs(ours.fraction - 1) < 1e-4)
    }

    @Test func figure3ReportsTheCompanionCodesAveragingOnItsQuickGrid() {
        let headline = FigureRuns.fig3.headline
        let fractions = headline["float32StallFractionOfExact"]?.numberList ?? []
        #expect(fractions.count == 2)
        #expect(fractions.allSatisfy { abs($0 - 1) < 1e-4 }, "11^4 inputs cannot stall: \(fractions)")
        #expect(FigureRuns.fig3.data.contains { $0.name == "fig3-float32-stall.csv" })
    }
}
