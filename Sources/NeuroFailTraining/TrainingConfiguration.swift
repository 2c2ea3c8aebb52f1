import NeuroFailCore

/// How to train a chip: its hidden layers, the optimizer and its schedule, dropout, the seed.
///
/// The network is d inputs → `widths` hidden layers of `activation` → a linear readout of one output per class.
/// Softmax and cross-entropy exist only inside the loss: the chip's outputs are the readout's raw scores.
public struct TrainingConfiguration: Sendable, Hashable {
    /// The optimizer of the mini-batch updates.
    public enum Optimizer: Sendable, Hashable {
        /// Stochastic gradient descent with heavy-ball momentum: v ← μ·v + g, w ← w − η·v.
        case sgd(momentum: Double)
        /// Adam (Kingma and Ba 2015) with bias correction.
        case adam(beta1: Double, beta2: Double, epsilon: Double)

        /// Adam with its usual constants (0.9, 0.999, 1e-8).
        public static let adam = Optimizer.adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8)

        /// Adam's decay rates (0 for SGD, which has none).
        var beta1: Double {
            if case let .adam(b1, _, _) = self { return b1 }
            return 0
        }
        var beta2: Double {
            if case let .adam(_, b2, _) = self { return b2 }
            return 0
        }

        /// `sgd` or `adam`.
        public var name: String {
            switch self {
            case .sgd: return "sgd"
            case .adam: return "adam"
            }
        }
    }

    /// N_1...N_L, the hidden layer widths.
    public var widths: [Int]
    /// φ of every hidden layer: relu_K or sigmoid_K with its Lipschitz constant K.
    public var activation: Activation
    public var optimizer: Optimizer
    /// η, the step size.
    public var learningRate: Double
    /// Passes over the training set.
    public var epochs: Int
    /// Images per mini-batch (the last one of an epoch may be smaller).
    public var batchSize: Int
    /// The probability that a hidden neuron is switched off for one training image (inverted dropout: kept
    /// neurons are scaled by 1/(1 − p) during training, so the trained chip is used as is). 0 disables it.
    public var dropout: Double
    /// λ of the L2 penalty (λ/2)·Σ w² on the weights (not the biases). 0 disables it.
    public var l2: Double
    /// Seeds the initial weights, the per-epoch shuffles and the dropout masks.
    public var seed: UInt64
    /// Worker threads; nil for every core. It never changes the result (see ``Trainer``).
    public var threads: Int?

    public init(
        widths: [Int], activation: Activation = Activation(.relu, lipschitz: 1), optimizer: Optimizer = .adam,
        learningRate: Double = 1e-3, epochs: Int = 10, batchSize: Int = 32, dropout: Double = 0, l2: Double = 0,
        seed: UInt64 = 1, threads: Int? = nil
    ) {
        self.widths = widths
        self.activation = activation
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.epochs = epochs
        self.batchSize = batchSize
        self.dropout = dropout
        self.l2 = l2
        self.seed = seed
        self.threads = threads
    }

    /// The first thing wrong with this configuration, as an ``InputError/invalidOption(option:reason:)`` named
    /// after the `neurofail train` option that sets it; nil when it is valid.
    public var problem: InputError? {
        if widths.isEmpty || widths.contains(where: { $0 < 1 }) {
            return .invalidOption(option: "--widths", reason: "needs at least one hidden layer, every width >= 1")
        }
        if !(activation.lipschitz > 0 && activation.lipschitz.isFinite) {
            return .invalidOption(option: "--lipschitz", reason: "must be a finite number > 0")
        }
        if !(learningRate > 0 && learningRate.isFinite) {
            return .invalidOption(option: "--learning-rate", reason: "must be a finite number > 0")
        }
        if epochs < 1 { return .invalidOption(option: "--epochs", reason: "must be >= 1") }
        if batchSize < 1 { return .invalidOption(option: "--batch-size", reason: "must be >= 1") }
        if !(dropout >= 0 && dropout < 1) { return .invalidOption(option: "--dropout", reason: "must be in [0, 1)") }
        if !(l2 >= 0 && l2.isFinite) { return .invalidOption(option: "--l2", reason: "must be a finite number >= 0") }
        if let threads, threads < 1 { return .invalidOption(option: "--threads", reason: "must be >= 1") }
        switch optimizer {
        case let .sgd(momentum) where !(momentum >= 0 && momentum < 1):
            return .invalidOption(option: "--momentum", reason: "must be in [0, 1)")
        case let .adam(b1, b2, eps) where !(b1 >= 0 && b1 < 1 && b2 >= 0 && b2 < 1 && eps > 0):
            return .invalidOption(option: "--optimizer", reason: "Adam needs 0 <= beta1, beta2 < 1 and epsilon > 0")
        default: return nil
        }
    }

    /// The optimizer and its constants, as recorded in a chip's provenance.
    var optimizerJSON: JSONValue {
        switch optimizer {
        case let .sgd(momentum):
            return ["name": "sgd", "learningRate": .number(learningRate), "momentum": .number(momentum)]
        case let .adam(b1, b2, eps):
            return [
                "name": "adam", "learningRate": .number(learningRate), "beta1": .number(b1), "beta2": .number(b2),
                "epsilon": .number(eps),
            ]
        }
    }
}
