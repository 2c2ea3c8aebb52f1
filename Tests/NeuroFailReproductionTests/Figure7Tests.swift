import NeuroFailBounds
import NeuroFailCore
import NeuroFailEngine
import Testing
@testable import NeuroFailReproduction

@Suite struct Figure7Tests {
    @Test func quickRunWithoutDataGivesItsFilesAndHeadlineKeys() {
        let result = QuickRuns.fig7
        #expect(result.id == "fig7")
        #expect(result.data.map(\.name) == ["fig7.csv"])
        #expect(result.plots.map(\.name) == ["fig7-8x8x8.svg", "fig7-48.svg"])
        for key in ["dataset", "outputScale", "crashes", "networks", "readings", "erfBoundsOmegaMax", "erfAvBelowOmegaAv"] {
            #expect(result.headline.keys.contains(key), "missing \(key)")
        }
        #expect(result.summary.contains("synthetic"))
        #expect(result.headline["crashes"]!.numberList == [1, 2, 3])
        // 2 architectures × 2 dropouts × 3 crash counts, plus the header.
        #expect(result.data[0].text.split(separator: "\n").count == 13)
    }

    @Test func erfBoundsTheMeasuredWorstCaseOnEveryTrainedNetwork() {
        let headline = QuickRuns.fig7.headline
        #expect(headline["erfBoundsOmegaMax"] == .bool(true))
        for network in headline["networks"]!.items {
            let erf = network["erf"]!.numberList, omegaMax = network["omegaMax"]!.numberList
            for (bound, measured) in zip(erf, omegaMax) { #expect(measured <= bound) }
        }
    }

    @Test func omegaAndErfAvAreFiniteAndPositive() {
        for network in QuickRuns.fig7.headline["networks"]!.items {
            for key in ["omegaAv", "omegaMav", "omegaMax", "erfAv", "erf", "probabilityOmegaAv", "probabilityOmegaMav", "probabilityOmegaMax"] {
                let values = network[key]!.numberList
                #expect(values.count == 3)
                #expect(values.allSatisfy { $0.isFinite && $0 > 0 }, "\(key): \(values)")
            }
            // Probabilities move by at most 1.
            #expect(network["probabilityOmegaMax"]!.numberList.allSatisfy { $0 <= 1 })
        }
    }

    @Test func trainedNetworksLearnTheSyntheticDigitsAboveAFloor() {
        for network in QuickRuns.fig7.headline["networks"]!.items {
            let accuracy = network["heldOutAccuracy"]!.number!
            // Ten classes: chance is 10 %. Without dropout every network learns them; three layers of 8 with
            // dropout 0.3 learn slowly (30 % after 40 epochs on 400 examples), still well above chance.
            let floor = network["dropout"]!.number! == 0 ? 0.9 : 0.25
            #expect(accuracy >= floor, "\(network["name"]!): \(accuracy)")
        }
    }

    @Test func quickHeadlineNumbersAreTheRecordedOnes() {
        let headline = QuickRuns.fig7.headline
        let readings = headline["readings"]!
        #expect(readings["tolerate3CrashesAverage015"]!["byErfAv"]!.strings == Fig7Expected.tolerate3ByErfAv)
        #expect(readings["tolerate3CrashesAverage015"]!["byMeasuredOmegaMav"]!.strings == Fig7Expected.tolerate3Measured)
        #expect(readings["tolerate3CrashesAverage015"]!["byMeasuredOmegaAv"]!.strings == Fig7Expected.tolerate3ByOmegaAv)
        #expect(readings["tolerate1CrashMax003"]!["byErf"]!.strings == Fig7Expected.tolerate1ByErf)
        #expect(readings["tolerate1CrashMax003"]!["byMeasuredOmegaMax"]!.strings == Fig7Expected.tolerate1Measured)
        let first = headline["networks"]!.items[0]
        for (got, want) in zip(first["erfAv"]!.numberList, Fig7Expected.firstErfAv) {
            #expect(abs(got - want) <= 1e-6 * want, "\(got) vs \(want)")
        }
        for (got, want) in zip(first["omegaMav"]!.numberList, Fig7Expected.firstOmegaMav) {
            #expect(abs(got - want) <= 1e-6 * want, "\(got) vs \(want)")
        }
    }

    @Test func trainingAndMeasuringAreDeterministicForASeed() throws {
        func once(seed: UInt64) throws -> ([Double], Chip) {
            let data = DigitData.synthetic(count: 120, seed: seed)
            let trained = try TrainedNetworkExperiment.train(
                data, heldOut: nil, widths: [6], epochs: 2, seed: seed, threads: 2, name: "t")
            let m = TrainedNetworkExperiment.measure(
                chip: trained.chip, inputs: DigitData.inputs(DigitData.prefix(data, 20)), maxCrashes: 2,
                exhaustiveLimit: 3, samples: 4, probabilitySets: 3, seed: seed, threads: 1) { _ in }
            return (m.flatMap { [$0.logits.omegaAverage, $0.logits.omegaMax, $0.probabilityMaxAverage, $0.erfAverage] }, trained.chip)
        }
        let (a, chipA) = try once(seed: 5)
        let (b, chipB) = try once(seed: 5)
        let (c, _) = try once(seed: 6)
        #expect(a == b)
        #expect(chipA == chipB)
        #expect(a != c)
    }

    @Test func syntheticDigitsAreSeededAndInTheUnitBox() {
        let a = DigitData.synthetic(count: 50, seed: 1), b = DigitData.synthetic(count: 50, seed: 1)
        #expect(a == b)
        #expect(a != DigitData.synthetic(count: 50, seed: 2))
        #expect(a.images.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(Set(a.labels) == Set(0..<10))
    }

    @Test func softmaxBoundHalvesTheScoreBoundAndCapsAtOne() {
        #expect(TrainedNetworkExperiment.probabilityBound(0.1) == 0.05)
        #expect(TrainedNetworkExperiment.probabilityBound(10) == 1)
        // A score deviation of d moves a probability by at most d/2.
        var pristine = [0.3, -1.0, 2.0], moved = [0.3 + 0.4, -1.0, 2.0 - 0.4]
        TrainedNetworkExperiment.softmaxRows(&pristine, m: 3)
        TrainedNetworkExperiment.softmaxRows(&moved, m: 3)
        let change = zip(pristine, moved).map { abs($0 - $1) }.max()!
        #expect(change <= 0.4 / 2)
    }

    /// `reproduce fig7` runs for minutes: it reports how far it is, rising from near 0 to exactly 1.
    @Test func reportsItsProgressFromStartToFinish() {
        _ = QuickRuns.fig7
        let fractions = QuickRuns.fig7Fractions.values
        #expect(fractions.count == 4 * (40 + 3))  // 2 shapes × 2 dropouts, each: 40 epochs then 3 crash counts
        #expect(fractions == fractions.sorted(), "not monotone")
        #expect(fractions.first.map { $0 > 0 && $0 < 0.1 } == true)
        #expect(fractions.last == 1)
    }
}
