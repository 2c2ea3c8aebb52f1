import NeuroFailCore
import Synchronization
import Testing

@testable import NeuroFailEngine

@Suite struct OmegaCampaignTests {
    // Hand computation (Chips/hand-2-2-1.json; inputs A = (1, 0), B = (0, 1), C = (0.5, 0.5)):
    // h = relu(x1 + 2·x2), relu(−x1 + x2 + 0.5); g = relu(h1 + h2), relu(2·h1 − h2); F = g1 − 2·g2.
    // Pristine F: A −3, B −1.5, C −3.
    // Crash h1: F = 0, 1.5, 0.5 → deviations 3, 3, 3.5.    Crash h2: F = −3, −6, −4.5 → deviations 0, 4.5, 1.5.
    // Crash g1: deviation |g1| = 1, 3.5, 2.                  Crash g2: deviation |2·g2| = 4, 5, 5.

    @Test func handChipOneCrashInTheFirstLayer() throws {
        let stats = OmegaCampaign(chip: try handChip(), inputs: handInputs, selection: .perLayer(neurons: [1, 0])).run()
        #expect(stats.configurations == 2 && stats.inputs == 3 && stats.runs == 6 && stats.exhaustive)
        #expect(close(stats.omegaAverage, 15.5 / 6, 1e-15))
        #expect(close(stats.omegaMaxAverage, 11.0 / 3, 1e-15))
        #expect(stats.omegaMax == 4.5)
        #expect(close(stats.omegaStd, (52.75 / 6 - (15.5 / 6) * (15.5 / 6)).squareRoot(), 1e-14))
        #expect(stats.worstFaultSet == FaultSet(neurons: [[1], []]))
        #expect(stats.worstInput == 1)
        #expect(stats.perInputMax == [3, 4.5, 3.5])
        #expect(stats.confidenceInterval95 == nil)
    }

    @Test func handChipOneCrashInTheLastLayerTakesTheLinearPath() throws {
        let campaign = OmegaCampaign(chip: try handChip(), inputs: handInputs, selection: .perLayer(neurons: [0, 1]))
        #expect(campaign.linearCrashCount == 1)
        let stats = campaign.run()
        #expect(close(stats.omegaAverage, 20.5 / 6, 1e-15))
        #expect(close(stats.omegaMaxAverage, 14.0 / 3, 1e-15))
        #expect(stats.omegaMax == 5)
        #expect(stats.worstFaultSet == FaultSet(neurons: [[], [1]]))
        #expect(stats.worstInput == 1)
    }

    @Test func handChipOneCrashAnywhereCoversBothLayers() throws {
        let stats = OmegaCampaign(chip: try handChip(), inputs: handInputs, selection: .total(1)).run()
        #expect(stats.configurations == 4)
        #expect(close(stats.omegaAverage, 3, 1e-15))
        #expect(stats.omegaMax == 5)
        #expect(stats.perInputMax == [4, 5, 5])
    }

    @Test func noCrashMeansNoDeviation() throws {
        let stats = OmegaCampaign(chip: try handChip(), inputs: handInputs, selection: .perLayer(neurons: [0, 0])).run()
        #expect(stats.configurations == 1 && stats.omegaAverage == 0 && stats.omegaMax == 0)
    }

    @Test(arguments: DeviationNorm.allCases)
    func linearPathEqualsThePlainPath(_ norm: DeviationNorm) {
        for (seed, f) in [(1, 1), (2, 2), (3, 3)] {
            let chip = randomChip(3, [4, 7], 3, seed: UInt64(seed))
            let inputs = InputBatch.uniform(count: 70, dimension: 3, domain: .unit, seed: UInt64(seed))
            let campaign = OmegaCampaign(chip: chip, inputs: inputs, selection: .perLayer(neurons: [0, f]), norm: norm)
            #expect(campaign.linearCrashCount == f)
            expectEqual(campaign.run(), plainOmega(campaign))
        }
    }

    @Test(arguments: [
        CrashSelection.perLayer(neurons: [1, 0, 0]), .perLayer(neurons: [0, 2, 0]), .perLayer(neurons: [1, 1, 1]),
        .perLayer(neurons: [0, 0, 0], synapses: [1, 0, 0, 0]), .perLayer(neurons: [0, 0, 0], synapses: [0, 0, 1, 0]),
        .perLayer(neurons: [0, 0, 0], synapses: [0, 0, 0, 2]), .perLayer(neurons: [0, 0, 1], synapses: [0, 0, 0, 1]),
        .perLayer(neurons: [1, 0, 1], synapses: [1, 1, 0, 0]), .total(2),
    ])
    func generalPathEqualsThePlainPath(_ selection: CrashSelection) {
        let chip = randomChip(3, [4, 3, 3], 2, .sigmoid, seed: 11)
        let inputs = InputBatch.uniform(count: 67, dimension: 3, domain: .unit, seed: 12)
        let campaign = OmegaCampaign(chip: chip, inputs: inputs, selection: selection)
        expectEqual(campaign.run(), plainOmega(campaign))
        let relu = OmegaCampaign(chip: randomChip(3, [4, 3, 3], 2, seed: 13), inputs: inputs, selection: selection)
        expectEqual(relu.run(), plainOmega(relu))
    }

    /// Integer weights and 0/1 inputs make every deviation exact and most of them tied: the linear path must still
    /// name the worst run the tallies' rule names (blocks of inputs in order, then sets in order, then inputs in
    /// order; the first strictly larger), for readouts with their own loop (2, 10) and one without (3).
    @Test(arguments: [2, 3, 10])
    func linearPathNamesTheFirstWorstRunAmongTies(_ outputs: Int) throws {
        let (chip, inputs) = try tiedChip(hidden: [6], outputs: outputs, seed: UInt64(outputs))
        for f in 1...3 {
            let campaign = OmegaCampaign(chip: chip, inputs: inputs, selection: .perLayer(neurons: [f]))
            #expect(campaign.linearCrashCount == f)
            let worst = firstWorstRun(campaign, blocks: true)
            for threads in [1, 2, 3] {
                let stats = campaign.run(threads: threads)
                #expect(stats.omegaMax == worst.value)
                #expect(stats.worstFaultSet == campaign.faultSet(at: worst.set), "f = \(f), \(threads) threads")
                #expect(stats.worstInput == worst.input, "f = \(f), \(threads) threads")
            }
        }
    }

    @Test func sampledCampaignEqualsThePlainPathOverTheSameSets() {
        let chip = randomChip(3, [5, 6], 2, seed: 5)
        let inputs = InputBatch.uniform(count: 20, dimension: 3, domain: .unit, seed: 6)
        for selection in [CrashSelection.perLayer(neurons: [0, 3]), .perLayer(neurons: [1, 2], synapses: [1, 0, 1])] {
            let campaign = OmegaCampaign(chip: chip, inputs: inputs, selection: selection, mode: .sampled(50), seed: 9)
            expectEqual(campaign.run(), plainOmega(campaign))
        }
    }

    @Test(arguments: [
        OmegaCampaign.Mode.exhaustive, .sampled(300),
    ])
    func resultsAreIdenticalForOneTwoAndThreeThreads(_ mode: OmegaCampaign.Mode) {
        let chip = randomChip(4, [6, 9], 3, seed: 21)
        let inputs = InputBatch.uniform(count: 150, dimension: 4, domain: .unit, seed: 22)
        for selection in [CrashSelection.perLayer(neurons: [0, 3]), .perLayer(neurons: [1, 1])] {
            let campaign = OmegaCampaign(chip: chip, inputs: inputs, selection: selection, mode: mode, seed: 5)
            let one = campaign.run(threads: 1)
            #expect(campaign.run(threads: 2) == one)
            #expect(campaign.run(threads: 3) == one)
        }
    }

    @Test func sampledModeIsDeterministicForASeed() {
        let chip = randomChip(4, [10, 12], 2, seed: 31)
        let inputs = InputBatch.uniform(count: 40, dimension: 4, domain: .unit, seed: 32)
        func run(_ seed: UInt64) -> OmegaStatistics {
            OmegaCampaign(chip: chip, inputs: inputs, selection: .perLayer(neurons: [2, 2]), mode: .sampled(200), seed: seed)
                .run()
        }
        let first = run(1)
        #expect(run(1) == first)
        #expect(run(2) != first)
        #expect(!first.exhaustive && first.configurations == 200)
    }

    @Test func sampledConfidenceIntervalCoversTheExhaustiveAverage() {
        let chip = randomChip(4, [10, 12], 2, seed: 31)
        let inputs = InputBatch.uniform(count: 40, dimension: 4, domain: .unit, seed: 32)
        let selection = CrashSelection.perLayer(neurons: [1, 2])  // 10 · 66 = 660 sets
        let exact = OmegaCampaign(chip: chip, inputs: inputs, selection: selection).run()
        let sampled = OmegaCampaign(chip: chip, inputs: inputs, selection: selection, mode: .sampled(400), seed: 3).run()
        let interval = try! #require(sampled.confidenceInterval95)
        #expect(interval.contains(exact.omegaAverage))
        #expect(interval.contains(sampled.omegaAverage))
    }

    @Test func automaticModeSamplesAboveTheLimit() {
        let chip = randomChip(4, [10, 12], 2, seed: 31)
        let inputs = InputBatch.uniform(count: 5, dimension: 4, domain: .unit, seed: 32)
        let small = OmegaCampaign(chip: chip, inputs: inputs, selection: .perLayer(neurons: [1, 1]), mode: .automatic(exhaustiveLimit: 120, samples: 7))
        #expect(small.isExhaustive && small.setCount == 120)
        let large = OmegaCampaign(chip: chip, inputs: inputs, selection: .perLayer(neurons: [1, 2]), mode: .automatic(exhaustiveLimit: 120, samples: 7))
        #expect(!large.isExhaustive && large.setCount == 7)
    }

    @Test func shardsMergeIntoTheWholeRun() {
        let chip = randomChip(3, [5, 8], 2, seed: 41)
        let inputs = InputBatch.uniform(count: 30, dimension: 3, domain: .unit, seed: 42)
        for selection in [CrashSelection.perLayer(neurons: [0, 3]), .perLayer(neurons: [2, 1])] {
            let campaign = OmegaCampaign(chip: chip, inputs: inputs, selection: selection)
            let whole = campaign.run()
            let cut = campaign.setCount / 3
            let merged = campaign.run(sets: 0..<cut).merged(with: campaign.run(sets: cut..<campaign.setCount))
            #expect(merged.configurations == whole.configurations)
            #expect(close(merged.omegaAverage, whole.omegaAverage, 1e-14))
            #expect(close(merged.omegaStd, whole.omegaStd, 1e-12))
            #expect(merged.perInputMax == whole.perInputMax)
            #expect(merged.omegaMax == whole.omegaMax && merged.worstFaultSet == whole.worstFaultSet)
            #expect(merged.worstInput == whole.worstInput)
        }
    }

    @Test func progressReachesOne() {
        let chip = randomChip(3, [5, 8], 2, seed: 41)
        let inputs = InputBatch.uniform(count: 10, dimension: 3, domain: .unit, seed: 42)
        let campaign = OmegaCampaign(chip: chip, inputs: inputs, selection: .perLayer(neurons: [1, 2]))
        let last = Last()
        _ = campaign.run(threads: 2) { fraction in last.update(fraction) }
        #expect(last.value == 1)
    }

    // Reference values from a plain NumPy reading of the paper, pasted as literals; the chips (drawn with NumPy's
    // default_rng, seed 20261126) and inputs are the literals below. To recompute them inside the repository, save
    // `reluChip` as relu.json and `x3` as x3.csv (three numbers a line), then
    //   python3 Tests/Reference/paper_reference.py relu.json --neurons 1,1 --inputs x3.csv   (then 2,0 and 0,2)
    // and likewise `sigmoidChip` with --neurons 2 on x2.csv; the printed configurations, omegaAverage,
    // omegaMaxAverage, omegaMax and omegaStd agree with these to 7e-16 relative.
    @Test(arguments: [
        ("relu", [1, 1], 12, 290.16924012303673, 517.3848441379129, 683.9897977961969, 160.16745903723583),
        ("relu", [2, 0], 6, 253.74026821226957, 440.21794556048866, 587.8282982307901, 155.12376599150147),
        ("relu", [0, 2], 3, 324.91919343705626, 449.2069421456667, 612.1773204433109, 132.90993890408728),
        ("sigmoid", [2], 10, 1.1011537272402365, 2.1226628266938095, 2.5548707668848065, 0.9325834211874843),
    ])
    func agreesWithThePaperReference(
        _ name: String, _ f: [Int], _ sets: Int, _ average: Double, _ maxAverage: Double, _ max: Double, _ std: Double
    ) throws {
        let (chipText, rows, dimension) = name == "relu" ? (Self.reluChip, Self.x3, 3) : (Self.sigmoidChip, Self.x2, 2)
        let inputs = InputBatch(count: rows.count / dimension, dimension: dimension, values: rows)
        let stats = OmegaCampaign(chip: try chip(json: chipText), inputs: inputs, selection: .perLayer(neurons: f)).run()
        #expect(stats.configurations == sets)
        #expect(close(stats.omegaAverage, average, 1e-9))
        #expect(close(stats.omegaMaxAverage, maxAverage, 1e-9))
        #expect(close(stats.omegaMax, max, 1e-9))
        #expect(close(stats.omegaStd, std, 1e-9))
    }

    static let reluChip = """
        {"format": "neurofail.chip/1", "name": "random-relu", "inputs": 3, "activation": {"function": "relu", "lipschitz": 1.0}, "layers": [{"weights": [[-0.8704529869103956, -0.2781700225637165, 5.6920922353124315], [7.960556618427941, -6.082185828847374, 1.3624271441252391], [10.39606287287125, 5.4149935569571594, -7.546276303189089], [6.561815035937503, -2.076235809573566, -3.7185834562186377]], "bias": [2.989205035682591, 1.4273805624449867, -0.6968484998851161, 8.005747865958526]}, {"weights": [[4.2930064689272776, -0.05706778871493934, 1.9575798744214379, -3.6682503359538563], [-0.17907464777093285, 4.3611837581299575, 4.578055160096578, 4.332337326157459], [7.007677446341737, 0.5002358322459701, -4.751833634185164, 8.643513363403311]], "bias": [9.07576085615864, -6.587004892992827, -3.289575800340695]}], "readout": {"weights": [[-3.3003917888284873, -2.256418974829759, -1.4917029104155648], [-4.053755987798847, -1.8509294601961503, 5.036783278448196]], "bias": [8.995511755342319, -3.696931249690018]}}
        """
    static let sigmoidChip = """
        {"format": "neurofail.chip/1", "name": "random-sigmoid", "inputs": 2, "activation": {"function": "sigmoid", "lipschitz": 0.5}, "layers": [{"weights": [[5.2427556533928605, 0.9518980146286431], [2.1388937571226427, 0.20291542759892445], [-4.865580467615886, 1.4830617244139725], [0.15924123887352548, 1.1494766533583949], [-5.1630341348111415, -0.28417448739442097]], "bias": [-1.7963712685099207, -1.7557145943607524, -9.642779943601946, -3.8142418513602827, -0.09614373463609716]}], "readout": {"weights": [[2.6376135302427355, -0.23523727941055328, 7.379951942015039, 6.074299576188715, -1.6556180678648529], [0.651457267060821, 4.753514323677148, -1.783397283254938, 6.218342799541426, -5.027256722138439]], "bias": [6.320706680257899, 8.332973740789129]}}
        """
    static let x3: [Double] = [
        0.76627096240038661, 0.042906558938044848, 0.34628167395653797,
        0.25940271668719705, 0.99050721694340826, 0.74012419666415263,
        0.59991707964954732, 0.5702754429770529, 0.11251945660267171,
        0.48535649786448753, 0.13986359090215461, 0.20169491263241224,
        0.88016249339431185, 0.0095851027196041105, 0.59951939825536227,
        0.25554706691035234, 0.73166599098908724, 0.51669180074068111,
    ]
    static let x2: [Double] = [
        0.49520218825128992, 0.82736379022326856,
        0.39425851367744336, 0.86138059977338177,
        0.46265083655969985, 0.49796405431539525,
        0.34369226663682206, 0.67761044858675235,
        0.22182451217187193, 0.55233911625150522,
    ]
}

/// Fast-path statistics against the plain computation: 1e-12 relative.
func expectEqual(_ stats: OmegaStatistics, _ plain: PlainOmega, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(close(stats.omegaAverage, plain.average, 1e-12), sourceLocation: sourceLocation)
    #expect(close(stats.omegaMaxAverage, plain.maxAverage, 1e-12), sourceLocation: sourceLocation)
    #expect(close(stats.omegaMax, plain.max, 1e-12), sourceLocation: sourceLocation)
    #expect(close(stats.omegaStd, plain.std, 1e-9), sourceLocation: sourceLocation)
}

/// The last value reported to a progress callback.
final class Last: Sendable {
    private let storage = Mutex(0.0)
    func update(_ x: Double) { storage.withLock { $0 = max($0, x) } }
    var value: Double { storage.withLock { $0 } }
}
