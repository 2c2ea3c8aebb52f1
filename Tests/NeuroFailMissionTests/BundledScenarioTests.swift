import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailMission

/// The scenarios shipped in Scenarios/, read against a stand-in for Chips/satellite-150.json (3 hidden layers of
/// 50 ReLU neurons), to keep their promises: a handful to a few tens of failures in LEO, many more in the stress
/// test, about 50 of 150 neurons for the paper's satellite.
@Suite struct BundledScenarioTests {
    static let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Scenarios").path

    /// Copies `name` next to a generated satellite chip and reads it.
    private func load(_ name: String) throws -> Scenario {
        let directory = TestSupport.temporaryDirectory()
        TestSupport.write(
            TestSupport.chip(inputs: 10, widths: [50, 50, 50], outputs: 10, seed: 150), "Chips/satellite-150.json",
            in: directory)
        // The workload files the scenarios name, as stand-ins shaped for the stand-in chip (10 inputs, a label
        // last): a scenario with transient upsets reads its workload's size when it is read.
        let row = Array(repeating: "0.5", count: 10).joined(separator: ",")
        for workload in (try? FileManager.default.contentsOfDirectory(atPath: Self.scenarios + "/workloads")) ?? [] {
            TestSupport.write((0..<5).map { "\(row),\($0)\n" }.joined(), "Scenarios/workloads/" + workload, in: directory)
        }
        let text = try String(contentsOfFile: Self.scenarios + "/" + name, encoding: .utf8)
        return try Scenario.load(path: TestSupport.write(text, "Scenarios/" + name, in: directory))
    }

    /// Mean failed neurons (directly or through their core), failed synapses and failure events over `runs` runs.
    private func meanLosses(_ s: Scenario, runs: Int) -> (neurons: Double, synapses: Double, events: Double) {
        var neurons = 0
        var synapses = 0
        var events = 0
        for run in 0..<runs {
            var faults = FaultSet(pristine: s.chip)
            let schedule = s.failureEvents(run: run)
            for event in schedule { faults.apply(event, chip: s.chip, cores: s.cores) }
            neurons += faults.neuronCounts.reduce(0, +)
            synapses += faults.synapseCounts.reduce(0, +)
            events += schedule.count
        }
        let n = Double(runs)
        return (Double(neurons) / n, Double(synapses) / n, Double(events) / n)
    }

    @Test func everyBundledScenarioReads() throws {
        for name in [
            "leo-10y.json", "geo-10y.json", "solar-storm.json", "paper-satellite.json", "leo-10y-seu-scrub.json",
            "leo-10y-latchup-recovery.json", "leo-10y-spares.json", "leo-10y-transients.json",
        ] {
            let s = try load(name)
            #expect(s.chip.widths == [50, 50, 50] && s.durationYears == 10, "\(name)")
        }
    }

    /// The stand-in's 150 neurons at 6.46e-6 and 6,000 synapses at 6.46e-8 upsets per day: λT = (150 × 6.46e-6 +
    /// 6,000 × 6.46e-8) × 3,652.5 ≈ 4.96 upsets per mission drawn (storms add about 6 %), within 4σ over 40 runs.
    @Test func theTransientScenarioDrawsAboutFiveUpsetsOfTheStandInPerMission() throws {
        let s = try load("leo-10y-transients.json")
        var upsets = 0
        for run in 0..<40 { upsets += s.failureEvents(run: run).filter { $0.kind == .transient }.count }
        let mean = 40 * (150 * 6.46e-6 + 6_000 * 6.46e-8) * 3_652.5 * 1.06
        #expect(abs(Double(upsets) - mean) < 4 * mean.squareRoot(), "\(upsets) upsets in 40 runs, expected about \(mean)")
    }

    /// The stand-in chip has 6,000 weights, 48,000 int8 bits: at 4.04e-7 per bit-day, λBT = 48,000 × 4.04e-7 ×
    /// 3,652.5 ≈ 70.8 upsets in 10 years (the cycle averages 1; storms add about 2.8 × 2/365.25 × 4 ≈ 6 %).
    @Test func theSEUScenarioFlipsAboutSeventyBitsOfTheStandInPerMission() throws {
        let s = try load("leo-10y-seu-scrub.json")
        #expect(s.weightStorage.bitsPerWeight == 8 && s.recovery.scrubPeriodYears == 1 / 365.25)
        var flips = 0
        for run in 0..<40 { flips += s.failureEvents(run: run).filter { $0.kind == .bitFlip }.count }
        let mean = Double(flips) / 40
        #expect(mean > 60 && mean < 90, "upsets per run \(mean)")
    }

    /// 12 cores of the stand-in at 6.4e-4 × 0.2 × 365.25 = 0.0468 latch-ups per core-year: about 5.6 per mission,
    /// one in 20 for good.
    @Test func theRecoverableLatchupScenarioHasAFewOutagesPerMission() throws {
        let s = try load("leo-10y-latchup-recovery.json")
        #expect(s.recovery.powerCycleYears == 1 / (365.25 * 24))
        var outages = 0, damaged = 0
        for run in 0..<100 {
            for e in s.failureEvents(run: run) {
                if e.kind == .coreOutage { outages += 1 }
                if e.kind == .coreLatchup { damaged += 1 }
            }
        }
        #expect(Double(outages) / 100 > 4 && Double(outages) / 100 < 7.5, "outages per run \(Double(outages) / 100)")
        #expect(damaged < outages / 5, "damaged \(damaged) of \(outages + damaged)")
    }

    @Test func leoLosesAHandfulToAFewTensOfComponents() throws {
        let (neurons, _, events) = meanLosses(try load("leo-10y.json"), runs: 40)
        #expect(neurons > 4 && neurons < 30, "neurons \(neurons)")
        #expect(events > 4 && events < 40, "events \(events)")
    }

    @Test func theStressTestLosesManyMoreThanGeoAndGeoMoreThanLeo() throws {
        let leo = meanLosses(try load("leo-10y.json"), runs: 20).neurons
        let geo = meanLosses(try load("geo-10y.json"), runs: 20).neurons
        let storm = meanLosses(try load("solar-storm.json"), runs: 10).neurons
        #expect(leo < geo && geo * 2 < storm, "leo \(leo), geo \(geo), storm \(storm)")
    }

    @Test func thePaperSatelliteLosesAboutFiftyOfItsHundredFiftyNeurons() throws {
        let s = try load("paper-satellite.json")
        let (neurons, synapses, _) = meanLosses(s, runs: 60)
        // Binomial(150, 1/3) per run: mean 50, standard deviation 5.8; over 60 runs the mean's is 0.75.
        #expect(abs(neurons - 50) < 3, "\(neurons)")
        #expect(synapses == 0)
    }

    /// leo-10y-cnn.json is leo-10y.json with the convolutional chip (read in place, the real chip) and one core per
    /// feature map: every other field the same; 4 cores of 49 units, 8 of 16, 2 of 16 for the dense layer. Its
    /// events follow from leo's rates (Docs/scenarios.md): 356 neurons × 4.675e-3 /yr × 10 yr ≈ 16.6 latch-ups,
    /// 1 % wear-out ≈ 3.6, 9,216 synapses × 4.675e-5 /yr × 10 yr ≈ 4.3, 14 cores × 1.169e-3 /yr × 10 yr ≈ 0.16,
    /// ≈ 24.7 events before the solar cycle's modulation; a core takes 25 units on average.
    @Test func theCNNScenarioIsLeoWithTheConvolutionalChipAndFeatureMapCores() throws {
        func fields(_ name: String) throws -> [String: Any] {
            let data = try Data(contentsOf: URL(fileURLWithPath: Self.scenarios + "/" + name))
            var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            for key in ["name", "description", "chip", "cores"] { object[key] = nil }
            return object
        }
        #expect(NSDictionary(dictionary: try fields("leo-10y.json")).isEqual(to: try fields("leo-10y-cnn.json")))
        let s = try Scenario.load(path: Self.scenarios + "/leo-10y-cnn.json")
        #expect(s.chip.widths == [196, 128, 32] && s.chip.hidden.prefix(2).allSatisfy { !$0.isDense })
        #expect(s.cores.cores.map(\.count) == [49, 49, 49, 49] + [Int](repeating: 16, count: 10))
        let (neurons, _, events) = meanLosses(s, runs: 60)
        #expect(events > 22 && events < 30, "events \(events)")
        #expect(neurons > 20 && neurons < 32, "neurons \(neurons)")
    }
}
