import Dispatch
import Foundation
import NeuroFailCore

/// One epoch of training, as the trainer reports it.
public struct EpochRecord: Sendable, Hashable {
    /// 1-based.
    public let epoch: Int
    /// The mean cross-entropy of the epoch's mini-batches, as trained (with dropout).
    public let trainLoss: Double
    /// Accuracy on the whole training set after the epoch, without dropout.
    public let trainAccuracy: Double
    /// Accuracy and mean cross-entropy on the held-out set after the epoch; nil without one.
    public let heldOutAccuracy: Double?
    public let heldOutLoss: Double?
    /// Wall-clock seconds of the epoch's training (not its evaluation). Not recorded in the chip: it varies.
    public let seconds: Double
}

/// What ``Trainer/train(_:heldOut:name:inputDomain:progress:)`` returns.
public struct TrainingResult: Sendable {
    /// The trained chip, its `"provenance"` metadata saying how it was made.
    public let chip: Chip
    /// One record per epoch.
    public let history: [EpochRecord]
}

/// Trains a chip (a multilayer perceptron with a linear readout) by mini-batch gradient descent on softmax
/// cross-entropy.
///
/// Determinism: the result depends on the configuration and the data only, never on the thread count. Each
/// mini-batch is cut into ``gradientShards`` fixed slices; workers compute the slices' gradients into separate
/// buffers, which are then summed in slice order. The shuffles come from stream `epoch` of the seed, and the
/// dropout mask of the image at position `i` of epoch `e` from its own stream `(e, i)`.
public struct Trainer: Sendable {
    /// The number of slices each mini-batch's gradient is computed in (fewer when the batch is smaller).
    public static let gradientShards = 4

    public var configuration: TrainingConfiguration

    public init(configuration: TrainingConfiguration) {
        self.configuration = configuration
    }

    /// Trains on `training`, evaluating on `heldOut` after each epoch.
    ///
    /// - Parameters:
    ///   - name: the chip's name; default `<data set>-<d>-<widths>-<classes>-<activation>`.
    ///   - inputDomain: the chip's input domain; every pixel of both sets must lie in it (scale them first).
    ///   - progress: called after each epoch on the calling thread.
    /// - Throws: ``InputError`` for an invalid configuration (named after the `neurofail train` option), an empty
    ///   training set, a held-out set of another shape, or pixels outside `inputDomain`.
    public func train(
        _ training: Dataset, heldOut: Dataset? = nil, name: String? = nil, inputDomain: InputDomain = .unit,
        progress: (EpochRecord) -> Void = { _ in }
    ) throws(InputError) -> TrainingResult {
        let config = configuration
        if let problem = config.problem { throw problem }
        let heldOut = heldOut.flatMap { $0.count > 0 ? $0 : nil }  // an empty held-out set is no held-out set
        try check(training, heldOut: heldOut, domain: inputDomain)
        let threads = max(1, config.threads ?? ProcessInfo.processInfo.activeProcessorCount)
        let sizes = [training.dimension] + config.widths + [training.classes]
        var net = Network.initialized(sizes: sizes, activation: config.activation, seed: config.seed)
        var optimizer = OptimizerState(config, net)
        let count = training.count
        let d = training.dimension
        let dropout = Float(config.dropout)
        let shards = Self.gradientShards
        let parameterCount = net.parameters.count

        let gradients = UnsafeMutableBufferPointer<Float>.allocate(capacity: shards * parameterCount)
        let workspaces = UnsafeMutableBufferPointer<Workspace>.allocate(capacity: shards)
        _ = workspaces.initialize(from: repeatElement(Workspace(net), count: shards))
        let shardLoss = UnsafeMutableBufferPointer<Double>.allocate(capacity: shards)
        defer {
            gradients.deallocate()
            _ = workspaces.deinitialize()
            workspaces.deallocate()
            shardLoss.deallocate()
        }

        var history = [EpochRecord]()
        for epoch in 1...config.epochs {
            let started = Date()
            var order = Array(0..<count)
            var shuffle = Xoshiro256(seed: config.seed, stream: UInt64(epoch))
            for i in stride(from: count - 1, to: 0, by: -1) { order.swapAt(i, shuffle.nextIndex(i + 1)) }
            var lossSum = 0.0
            training.images.withUnsafeBufferPointer { images in
                training.labels.withUnsafeBufferPointer { labels in
                    order.withUnsafeBufferPointer { order in
                        for batchStart in stride(from: 0, to: count, by: config.batchSize) {
                            let batch = min(config.batchSize, count - batchStart)
                            let slices = min(shards, batch)
                            let scale = 1 / Float(batch)
                            let current = net
                            parallel(slices, threads: threads) { s in
                                let g = gradients.baseAddress! + s * parameterCount
                                g.initialize(repeating: 0, count: parameterCount)
                                var loss = 0.0
                                for position in (batchStart + s * batch / slices)..<(batchStart + (s + 1) * batch / slices) {
                                    let i = order[position]
                                    var rng: Xoshiro256? =
                                        dropout > 0
                                        ? Xoshiro256(seed: config.seed, stream: UInt64(epoch) << 32 | UInt64(position)) : nil
                                    loss += current.accumulate(
                                        images.baseAddress! + i * d, label: labels[i], scale: scale, dropout: dropout,
                                        rng: &rng, &workspaces[s], into: g)
                                }
                                shardLoss[s] = loss
                            }
                            for s in 0..<slices { lossSum += shardLoss[s] }
                            optimizer.step(&net.parameters, gradients: gradients, slices: slices, threads: threads)
                        }
                    }
                }
            }
            let seconds = Date().timeIntervalSince(started)
            let train = Self.evaluate(net, training, threads: threads)
            let held = heldOut.map { Self.evaluate(net, $0, threads: threads) }
            let record = EpochRecord(
                epoch: epoch, trainLoss: lossSum / Double(count), trainAccuracy: train.accuracy,
                heldOutAccuracy: held?.accuracy, heldOutLoss: held?.loss, seconds: seconds)
            history.append(record)
            progress(record)
        }

        let chipName = name ?? defaultName(training)
        let metadata = [("provenance", provenance(training, heldOut: heldOut, history: history))]
        return TrainingResult(chip: net.chip(name: chipName, inputDomain: inputDomain, metadata: metadata), history: history)
    }

    private func check(_ training: Dataset, heldOut: Dataset?, domain: InputDomain) throws(InputError) {
        guard training.count > 0 else { throw .invalidField(file: training.name, field: "images", reason: "no training images") }
        guard training.classes >= 2 else {
            throw .invalidField(file: training.name, field: "labels", reason: "needs at least 2 classes, found \(training.classes)")
        }
        if let heldOut {
            guard heldOut.dimension == training.dimension, heldOut.classes <= training.classes else {
                throw .invalidField(
                    file: heldOut.name, field: "shape",
                    reason: "held-out images have \(heldOut.dimension) pixels and \(heldOut.classes) classes, the training set \(training.dimension) and \(training.classes)")
            }
        }
        for set in [training] + (heldOut.map { [$0] } ?? []) {
            if let bad = set.images.firstIndex(where: { !domain.contains(Double($0)) }) {
                throw .invalidField(
                    file: set.name, field: "image \(bad / set.dimension), pixel \(bad % set.dimension)",
                    reason: "\(set.images[bad]) is outside the input domain [\(JSONValue.format(domain.lower)), \(JSONValue.format(domain.upper))]; scale the pixels first (neurofail train: --pixel-max)")
            }
        }
    }

    /// Accuracy and mean loss of `net` on `data` without dropout, over fixed chunks summed in order.
    static func evaluate(_ net: Network, _ data: Dataset, threads: Int) -> (accuracy: Double, loss: Double) {
        guard data.count > 0 else { return (0, 0) }
        let chunks = min(16, data.count)
        let results = UnsafeMutableBufferPointer<(Int, Double)>.allocate(capacity: chunks)
        defer { results.deallocate() }
        data.images.withUnsafeBufferPointer { images in
            parallel(chunks, threads: threads) { c in
                var ws = Workspace(net)
                var correct = 0
                var loss = 0.0
                for i in (c * data.count / chunks)..<((c + 1) * data.count / chunks) {
                    let r = net.classify(images.baseAddress! + i * data.dimension, label: data.labels[i], &ws)
                    if r.predicted == data.labels[i] { correct += 1 }
                    loss += r.loss
                }
                results[c] = (correct, loss)
            }
        }
        let correct = results.reduce(0) { $0 + $1.0 }
        let loss = results.reduce(0.0) { $0 + $1.1 }
        return (Double(correct) / Double(data.count), loss / Double(data.count))
    }

    private func defaultName(_ data: Dataset) -> String {
        let a = configuration.activation
        let shape = ([data.dimension] + configuration.widths + [data.classes]).map(String.init).joined(separator: "-")
        return "\(data.name)-\(shape)-\(a.function.rawValue)\(JSONValue.format(a.lipschitz))"
    }

    private func provenance(_ training: Dataset, heldOut: Dataset?, history: [EpochRecord]) -> JSONValue {
        let c = configuration
        let last = history[history.count - 1]
        func rounded(_ x: Double) -> JSONValue { .number((x * 1e6).rounded() / 1e6) }
        let epochs: [JSONValue] = history.map { r in
            var pairs: [(String, JSONValue)] = [
                ("epoch", .number(Double(r.epoch))), ("trainLoss", rounded(r.trainLoss)),
                ("trainAccuracy", rounded(r.trainAccuracy)),
            ]
            if let a = r.heldOutAccuracy, let l = r.heldOutLoss {
                pairs += [("heldOutAccuracy", rounded(a)), ("heldOutLoss", rounded(l))]
            }
            return .object(pairs)
        }
        var files = training.files
        for f in heldOut?.files ?? [] where !files.contains(f) { files.append(f) }
        return [
            "tool": "neurofail train",
            "dataset": .string(training.name),
            "files": .array(files.map { .string($0) }),
            "preprocessing": .array(training.preprocessing.map { .string($0) }),
            "trainSamples": .number(Double(training.count)),
            "heldOutSamples": .number(Double(heldOut?.count ?? 0)),
            "classes": .number(Double(training.classes)),
            "widths": .integers(c.widths),
            "activation": ["function": .string(c.activation.function.rawValue), "lipschitz": .number(c.activation.lipschitz)],
            "loss": "softmax cross-entropy (softmax inside the loss only; outputs are raw scores)",
            "optimizer": c.optimizerJSON,
            "epochs": .number(Double(c.epochs)),
            "batchSize": .number(Double(c.batchSize)),
            "dropout": .number(c.dropout),
            "l2": .number(c.l2),
            "seed": .number(Double(c.seed)),
            "trainAccuracy": rounded(last.trainAccuracy),
            "heldOutAccuracy": last.heldOutAccuracy.map(rounded) ?? .null,
            "history": .array(epochs),
        ]
    }
}

/// Runs `body(0..<tasks)` on up to `threads` workers; worker w takes tasks w, w + threads, … Which worker runs a
/// task never changes what the task computes.
func parallel(_ tasks: Int, threads: Int, _ body: (Int) -> Void) {
    let workers = min(threads, tasks)
    if workers <= 1 {
        for t in 0..<tasks { body(t) }
        return
    }
    // The tasks write to disjoint memory (their own slice buffers) that the caller reads only after this returns.
    withoutActuallyEscaping(body) { body in
        let task = UncheckedSendable(body)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            for t in stride(from: w, to: tasks, by: workers) { task.value(t) }
        }
    }
}

/// A value handed to worker threads that the compiler cannot prove safe to share (see ``parallel(_:threads:_:)``).
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// The optimizer's moments and step count, updated in one flat pass over the parameters.
struct OptimizerState {
    let optimizer: TrainingConfiguration.Optimizer
    let learningRate: Float
    let l2: Float
    let weightMask: [Float]
    var first: [Float]
    var second: [Float]
    var steps = 0

    init(_ config: TrainingConfiguration, _ net: Network) {
        optimizer = config.optimizer
        learningRate = Float(config.learningRate)
        l2 = Float(config.l2)
        weightMask = net.weightMask
        first = [Float](repeating: 0, count: net.parameters.count)
        second = [Float](repeating: 0, count: optimizer.name == "adam" ? net.parameters.count : 0)
    }

    /// Sums the `slices` gradient buffers in slice order (into the first), adds the L2 term, and updates
    /// `parameters`. Every operation is element-wise, so the parameters are cut into ranges shared among the
    /// threads, and each loop vectorises; the sum per element is ((g₀ + g₁) + g₂) + g₃ whatever the thread count.
    mutating func step(
        _ parameters: inout [Float], gradients: UnsafeMutableBufferPointer<Float>, slices: Int, threads: Int
    ) {
        steps += 1
        let n = parameters.count
        let g = gradients.baseAddress!
        let lr = learningRate
        let l2 = l2
        let optimizer = optimizer
        let (c1, c2) = (Float(1 - pow(optimizer.beta1, Double(steps))), Float(1 - pow(optimizer.beta2, Double(steps))))
        let ranges = threads > 1 ? 8 : 1
        parameters.withUnsafeMutableBufferPointer { w in
            first.withUnsafeMutableBufferPointer { m in
                second.withUnsafeMutableBufferPointer { v in
                    weightMask.withUnsafeBufferPointer { mask in
                        parallel(ranges, threads: threads) { r in
                            let lo = r * n / ranges
                            let hi = (r + 1) * n / ranges
                            for s in 1..<max(1, slices) {
                                let gs = g + s * n
                                for i in lo..<hi { g[i] += gs[i] }
                            }
                            if l2 > 0 {
                                for i in lo..<hi { g[i] += l2 * mask[i] * w[i] }
                            }
                            switch optimizer {
                            case let .sgd(momentum):
                                let mu = Float(momentum)
                                for i in lo..<hi {
                                    m[i] = mu * m[i] + g[i]
                                    w[i] -= lr * m[i]
                                }
                            case let .adam(beta1, beta2, epsilon):
                                let (b1, b2, eps) = (Float(beta1), Float(beta2), Float(epsilon))
                                for i in lo..<hi {
                                    let grad = g[i]
                                    m[i] = b1 * m[i] + (1 - b1) * grad
                                    v[i] = b2 * v[i] + (1 - b2) * grad * grad
                                    w[i] -= lr * (m[i] / c1) / ((v[i] / c2).squareRoot() + eps)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
