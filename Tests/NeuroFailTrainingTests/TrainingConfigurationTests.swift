import NeuroFailCore
import Testing
@testable import NeuroFailTraining

@Suite struct TrainingConfigurationTests {
    @Test func acceptsTheDefaults() {
        #expect(TrainingConfiguration(widths: [48]).problem == nil)
    }

    @Test func namesTheOptionOfEachProblem() {
        func option(_ change: (inout TrainingConfiguration) -> Void) -> String? {
            var c = TrainingConfiguration(widths: [4])
            change(&c)
            guard case let .invalidOption(option, _)? = c.problem else { return nil }
            return option
        }
        #expect(option { $0.widths = [] } == "--widths")
        #expect(option { $0.widths = [3, 0] } == "--widths")
        #expect(option { $0.activation = Activation(.sigmoid, lipschitz: 0) } == "--lipschitz")
        #expect(option { $0.learningRate = -1 } == "--learning-rate")
        #expect(option { $0.epochs = 0 } == "--epochs")
        #expect(option { $0.batchSize = 0 } == "--batch-size")
        #expect(option { $0.dropout = -0.1 } == "--dropout")
        #expect(option { $0.l2 = .nan } == "--l2")
        #expect(option { $0.threads = 0 } == "--threads")
        #expect(option { $0.optimizer = .sgd(momentum: 1) } == "--momentum")
    }

    @Test func recordsTheOptimizerConstants() {
        var c = TrainingConfiguration(widths: [4], optimizer: .sgd(momentum: 0.8), learningRate: 0.05)
        #expect(c.optimizerJSON == ["name": "sgd", "learningRate": 0.05, "momentum": 0.8])
        c.optimizer = .adam
        #expect(c.optimizerJSON["beta2"] == 0.999 && c.optimizer.name == "adam")
    }
}
