import Testing

@testable import NeuroFailCore

/// The seeded sparse generator's local fan-in (`window`), against windows worked out by hand.
struct ChipRandomTests {
    static let relu = Activation(.relu, lipschitz: 1)

    /// 10 inputs → 5 → 3 sparse ReLU neurons of fan-in 2, window 4. Layer 1 (p = 10, n = 5): neuron t's centre is
    /// (2t + 1)·10 / 10 = 2t + 1, its window starts 2 before, kept inside 0...6: [0, 4), [1, 5), [3, 7), [5, 9),
    /// [6, 10). Layer 2 (p = 5, n = 3): centres 5/6, 15/6, 25/6 → 0, 2, 4; starts kept inside 0...1: [0, 4),
    /// [0, 4), [1, 5).
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func localSourcesStayInsideTheirWindows(seed: UInt64) throws {
        let chip = Chip.random(inputs: 10, widths: [5, 3], fanIn: 2, window: 4, outputs: 1, activation: Self.relu, seed: seed)
        let windows = [[0, 1, 3, 5, 6], [0, 0, 1]]
        for (l, starts) in windows.enumerated() {
            let c = try #require(chip.hidden[l].sparse)
            for (t, start) in starts.enumerated() {
                let row = c.sources[c.rowStart[t]..<c.rowStart[t + 1]].map(Int.init)
                #expect(row.count == 2 && row[0] < row[1], "layer \(l + 1) neuron \(t): \(row)")
                #expect(row.allSatisfy { (start..<(start + 4)).contains($0) }, "layer \(l + 1) neuron \(t): \(row)")
            }
        }
    }

    /// Inside its window a neuron's sources are a uniform 2-subset of 4: each place is taken with probability 1/2,
    /// so over 3,000 neurons 1,500 times (binomial, standard deviation √(3000 · 0.25) ≈ 27; 160 is six of them).
    @Test func placesInsideAWindowAreDrawnUniformly() throws {
        let chip = Chip.random(inputs: 10, widths: [3000], fanIn: 2, window: 4, outputs: 1, activation: Self.relu, seed: 5)
        let c = try #require(chip.hidden[0].sparse)
        var counts = [0, 0, 0, 0]
        for t in 0..<3000 {
            let start = min(max((2 * t + 1) * 10 / 6000 - 2, 0), 6)
            for s in c.sources[c.rowStart[t]..<c.rowStart[t + 1]] { counts[Int(s) - start] += 1 }
        }
        #expect(counts.allSatisfy { abs($0 - 1500) < 160 }, "\(counts)")
    }

    /// A window as wide as every layer's inputs is no window: the same synapses, weights and biases, draw for draw.
    @Test func aWindowAsWideAsTheLayerDrawsTheSameChip() {
        let wide = Chip.random(inputs: 9, widths: [7, 6], fanIn: 3, window: 9, outputs: 2, activation: Self.relu, seed: 3)
        let plain = Chip.random(inputs: 9, widths: [7, 6], fanIn: 3, outputs: 2, activation: Self.relu, seed: 3)
        #expect(wide.hidden == plain.hidden && wide.readout == plain.readout)
        #expect(wide.name == "random-relu-9-7-6-2-k3-w9-seed3" && plain.name == "random-relu-9-7-6-2-k3-seed3")
        #expect(wide.metadata.first { $0.0 == "generator" }?.1["window"] == .number(9))
        #expect(plain.metadata.first { $0.0 == "generator" }?.1["window"] == nil)
    }
}
