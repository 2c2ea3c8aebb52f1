import NeuroFailCore
import Testing
@testable import NeuroFailTraining

@Suite struct TrainerTests {
    static let moons = twoMoons(count: 600, seed: 3).split(heldOutFraction: 0.25, seed: 1)

    static func configuration(dropout: Double = 0, threads: Int? = nil, epochs: Int = 30) -> TrainingConfiguration {
        TrainingConfiguration(
            widths: [16, 16], activation: Activation(.relu, lipschitz: 1), optimizer: .adam, learningRate: 0.03,
            epochs: epochs, batchSize: 16, dropout: dropout, seed: 42, threads: threads)
    }

    /// Two moons are not linearly separable (a linear classifier stays near 86%); the net must bend.
    @Test func learnsTwoMoonsBeyondALinearClassifier() throws {
        let result = try Trainer(configuration: Self.configuration()).train(Self.moons.train, heldOut: Self.moons.heldOut)
        let first = result.history[0]
        let last = result.history[result.history.count - 1]
        #expect(last.trainLoss < first.trainLoss / 3)
        #expect(try #require(last.heldOutAccuracy) >= 0.95)
        #expect(result.history.count == 30)
    }

    @Test func sameSeedGivesTheSameChipOnOneOrTwoThreads() throws {
        // Dropout on and a batch (16) that 4 slices cut unevenly at the end of the epoch (450 = 28·16 + 2).
        let one = try Trainer(configuration: Self.configuration(dropout: 0.2, threads: 1, epochs: 4))
            .train(Self.moons.train, heldOut: Self.moons.heldOut)
        let two = try Trainer(configuration: Self.configuration(dropout: 0.2, threads: 2, epochs: 4))
            .train(Self.moons.train, heldOut: Self.moons.heldOut)
        #expect(one.chip == two.chip)
        #expect(one.chip.json.rendered() == two.chip.json.rendered())
    }

    @Test func dropoutChangesTheResult() throws {
        let without = try Trainer(configuration: Self.configuration(epochs: 3)).train(Self.moons.train)
        let with = try Trainer(configuration: Self.configuration(dropout: 0.3, epochs: 3)).train(Self.moons.train)
        #expect(without.chip.hidden != with.chip.hidden)
    }

    @Test func sgdWithMomentumAlsoLearns() throws {
        var config = Self.configuration(epochs: 30)
        config.optimizer = .sgd(momentum: 0.9)
        config.learningRate = 0.05
        config.l2 = 1e-4
        let result = try Trainer(configuration: config).train(Self.moons.train, heldOut: Self.moons.heldOut)
        #expect(try #require(result.history.last?.heldOutAccuracy) >= 0.9)
    }

    @Test func recordsProvenanceAndRoundTripsAsAChipFile() throws {
        let result = try Trainer(configuration: Self.configuration(epochs: 2))
            .train(Self.moons.train, heldOut: Self.moons.heldOut, name: "moons")
        let p = try #require(result.chip.metadata("provenance"))
        #expect(p["dataset"] == "two-moons")
        #expect(p["trainSamples"] == 450 && p["heldOutSamples"] == 150 && p["epochs"] == 2 && p["seed"] == 42)
        #expect(p["optimizer"]?["name"] == "adam" && p["dropout"] == 0)
        if case let .array(history)? = p["history"] { #expect(history.count == 2) } else { Issue.record("no history") }
        #expect(p["heldOutAccuracy"] != nil && p["heldOutAccuracy"] != .null)
        #expect(p["date"] == nil)
        let decoded = try Chip.decode(result.chip.json, file: "moons.json")
        #expect(decoded == result.chip)
        #expect(result.chip.inputDomain == .unit && result.chip.name == "moons")
    }

    @Test func rejectsABadConfigurationAndPixelsOutsideTheDomain() {
        var config = Self.configuration()
        config.dropout = 1
        #expect(throws: InputError.invalidOption(option: "--dropout", reason: "must be in [0, 1)")) {
            try Trainer(configuration: config).train(Self.moons.train)
        }
        let raw = Dataset(name: "raw", dimension: 2, images: [0, 255, 3, 4], labels: [0, 1])
        #expect {
            try Trainer(configuration: Self.configuration()).train(raw)
        } throws: { "\($0)".hasPrefix("raw: image 0, pixel 1: 255.0 is outside the input domain [0, 1]") }
    }
}
