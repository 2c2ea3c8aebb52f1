import Dispatch
import Foundation
import NeuroFailCore
import Synchronization
import NeuroFailTestSupport
import Testing

@testable import NeuroFailBounds

/// The search for the worst input of a fault set: a lower bound on the true worst case, whose every reported number
/// is a real deviation at a real input of the box.
struct WorstInputSearchTests {
    /// On the hand chip the worst input of n1.0 is the corner (1, 1), deviation 8 (theory.md, section 9); the ascent
    /// from the centre reaches it, and the result says where and on which output.
    @Test func findsTheExactWorstCaseOfTheHandChip() throws {
        let chip = try handChip()
        let result = WorstInputSearch(chip: chip, randomStarts: 4, steps: 50, seed: 3).search(FaultSet(neurons: [[0], []]))
        #expect(result.deviation == 8)
        #expect(result.input == [1, 1])
        #expect(result.output == 0)
        #expect(result.starts == 5 && result.steps == 50, "4 random starts and the centre")
    }

    /// The same seed gives the same result whatever the scheduling of its parallel starts: searched twice in a row
    /// and four times at once from concurrent threads.
    @Test func sameSeedGivesTheSameResultWhateverTheScheduling() {
        var rng = Xoshiro256(seed: 49)
        for _ in 0..<20 {
            let chip = randomChip(&rng, inputs: 2...3)
            let faults = randomFaultSet(chip, &rng)
            let search = WorstInputSearch(chip: chip, randomStarts: 12, steps: 20, seed: 99)
            let first = search.search(faults, norm: .l1)
            #expect(search.search(faults, norm: .l1) == first)
            let concurrent = Mutex([WorstInputSearch.Result?](repeating: nil, count: 4))
            DispatchQueue.concurrentPerform(iterations: 4) { i in
                let r = search.search(faults, norm: .l1)
                concurrent.withLock { $0[i] = r }
            }
            #expect(concurrent.withLock { $0 }.allSatisfy { $0 == first })
            let other = WorstInputSearch(chip: chip, randomStarts: 12, steps: 20, seed: 100).search(faults, norm: .l1)
            #expect(other.starts == first.starts)
        }
    }

    /// Found ≥ the deviation at every hint (each hint is a start, and the best seen is kept), the input reported is
    /// inside the box, and the deviation reported is the plain forward pass's at that input, in every norm.
    @Test func resultIsARealDeviationInsideTheBoxAtLeastEveryHint() {
        var rng = Xoshiro256(seed: 50)
        var improved = 0
        for _ in 0..<150 {
            let chip = randomChip(&rng)
            let faults = randomFaultSet(chip, &rng)
            let box = rng.nextUnit() < 0.5 ? InputBox(chip: chip) : narrowBox(chip, &rng)
            let hints = (0..<3).map { _ in (0..<chip.inputCount).map { j in box.lower[j] + (box.upper[j] - box.lower[j]) * rng.nextUnit() } }
            for norm in DeviationNorm.allCases {
                let result = WorstInputSearch(chip: chip, box: box, randomStarts: 3, steps: 15, seed: 5).search(faults, norm: norm, hints: hints)
                #expect(box.contains(result.input), "\(result.input) outside the box")
                let atInput = deviation(chip, result.input, faults, norm)
                #expect(result.deviation == atInput, "reported \(result.deviation), forward pass \(atInput)")
                let bestHint = hints.map { deviation(chip, $0, faults, norm) }.max() ?? 0
                #expect(result.deviation >= bestHint)
                if result.deviation > bestHint * 1.01 { improved += 1 }
            }
        }
        #expect(improved > 50, "the ascent improved on the hints only \(improved) times")
    }

    /// Hints outside the box are clipped into it, and hints of the wrong length are ignored.
    @Test func hintsAreClippedIntoTheBoxAndMisfitsIgnored() throws {
        let chip = try handChip()
        let search = WorstInputSearch(chip: chip, randomStarts: 0, steps: 0, seed: 1)
        let result = search.search(FaultSet(neurons: [[0], []]), hints: [[7, 9], [1, 1, 1]])
        #expect(result.deviation == 8 && result.input == [1, 1], "the hint (7, 9) starts at the corner (1, 1)")
        #expect(result.starts == 2, "the clipped hint and the centre")
    }

    /// A random box inside the chip's domain.
    private func narrowBox(_ chip: Chip, _ rng: inout Xoshiro256) -> InputBox {
        let ends = (0..<chip.inputCount).map { _ in (randomInput(chip, &rng)[0], randomInput(chip, &rng)[0]) }
        return InputBox(lower: ends.map { min($0.0, $0.1) }, upper: ends.map { max($0.0, $0.1) }, source: "random")
    }

    private func deviation(_ chip: Chip, _ x: [Double], _ faults: FaultSet, _ norm: DeviationNorm) -> Double {
        let d = zip(forward(chip, x, FaultSet(pristine: chip)), forward(chip, x, faults)).map { abs($0 - $1) }
        switch norm {
        case .linf: return d.max() ?? 0
        case .l1: return d.reduce(0, +)
        case .l2: return d.reduce(0) { $0 + $1 * $1 }.squareRoot()
        }
    }
}

extension WorstInputSearchTests {
    /// The search reads a sparse layer's CSR synapses (never expanded) and sums them in source order, so on a
    /// sparse chip it finds exactly what it finds on the dense expansion with the same faults, at the same input.
    @Test func onASparseChipTheSearchFindsWhatItFindsOnTheDenseExpansion() {
        var rng = Xoshiro256(seed: 146)
        for _ in 0..<100 {
            let chip = SparseChips.random(&rng)
            let dense = SparseChips.denseEquivalent(chip)
            var faults = randomFaultSet(chip, &rng)
            for (l, layer) in chip.allLayers.enumerated() where layer.synapseCount > 0 && rng.nextUnit() < 0.5 {
                let k = rng.nextIndex(layer.synapseCount)
                if !faults.synapses[l].contains(k) { faults.weights[l] = [FaultSet.Entry(index: k, value: rng.nextNormal())] }
            }
            let a = WorstInputSearch(chip: chip, randomStarts: 3, steps: 20, seed: 9).search(faults)
            let b = WorstInputSearch(chip: dense, randomStarts: 3, steps: 20, seed: 9)
                .search(SparseChips.denseFaults(faults, chip: chip))
            #expect(a.deviation == b.deviation && a.input == b.input)
        }
    }
}
