import Foundation
import NeuroFailBounds
import NeuroFailCore
import NeuroFailEngine
import NeuroFailTraining

/// What Figs. 7 and 10 measure on one trained network for one number f of crashed neurons (anywhere in the network).
struct CrashMeasurement: Sendable {
    /// Crashed neurons.
    var crashes: Int
    /// Ω on the chip's outputs (the readout's linear scores, "logits"), from ``OmegaCampaign`` over `.total(f)`.
    var logits: OmegaStatistics
    /// Erf (worst case, a theorem) and Erf_av (the paper's estimator) at the worst placement of f crashes over the
    /// hidden layers, in score units.
    var erf: Double
    var erfAverage: Double
    /// Ω on the softmax probabilities of the outputs (the paper's output scale), over `probabilitySets` crash sets.
    var probabilityAverage: Double
    var probabilityMaxAverage: Double
    var probabilityMax: Double
    var probabilitySets: Int
    var probabilityExhaustive: Bool
}

/// The shared machinery of the trained-network figures: training, crash measurements on logits and on
/// probabilities, and small text helpers.
enum TrainedNetworkExperiment {
    /// Softmax is 1/2-Lipschitz from L∞ to L∞ (its Jacobian diag(p) − p pᵀ has row sums of absolute values
    /// 2 p_i (1 − p_i) ≤ 1/2), so a score deviation of at most Erf moves every probability by at most Erf/2 (and
    /// never by more than 1).
    static let softmaxLipschitz = 0.5

    /// A probability-scale bound from a score-scale one.
    static func probabilityBound(_ scoreBound: Double) -> Double { min(1, softmaxLipschitz * scoreBound) }

    /// Trains one network.
    static func train(
        _ train: Dataset, heldOut: Dataset?, widths: [Int], activation: Activation = Activation(.relu, lipschitz: 1),
        optimizer: TrainingConfiguration.Optimizer = .adam, learningRate: Double = 1e-3, epochs: Int,
        batchSize: Int = 32, dropout: Double = 0, seed: UInt64, threads: Int?, name: String,
        epochDone: (Int) -> Void = { _ in }
    ) throws -> TrainingResult {
        let config = TrainingConfiguration(
            widths: widths, activation: activation, optimizer: optimizer, learningRate: learningRate, epochs: epochs,
            batchSize: batchSize, dropout: dropout, seed: seed, threads: threads)
        return try Trainer(configuration: config).train(train, heldOut: heldOut, name: name) { record in
            epochDone(record.epoch)
        }
    }

    /// The fraction of `data` a chip classifies right (highest score).
    static func accuracy(_ chip: Chip, on data: Dataset, threads: Int?) -> Double {
        let evaluator = Evaluator(chip: chip)
        let out = evaluator.outputs(DigitData.inputs(data), faults: FaultSet(pristine: chip), threads: threads)
        let m = chip.outputCount
        var right = 0
        for i in 0..<data.count {
            var best = 0
            for k in 1..<m where out[i * m + k] > out[i * m + best] { best = k }
            if best == data.labels[i] { right += 1 }
        }
        return Double(right) / Double(data.count)
    }

    /// Softmax of each row of `scores` (`count × m`), in place.
    static func softmaxRows(_ scores: inout [Double], m: Int) {
        let count = scores.count / m
        for i in 0..<count {
            let base = i * m
            var top = -Double.infinity
            for k in 0..<m { top = max(top, scores[base + k]) }
            var total = 0.0
            for k in 0..<m {
                let e = Foundation.exp(scores[base + k] - top)
                scores[base + k] = e
                total += e
            }
            for k in 0..<m { scores[base + k] /= total }
        }
    }

    /// Measures f = 1...`maxCrashes` crashed neurons anywhere on `chip` over `inputs`.
    ///
    /// - Logits: ``OmegaCampaign`` with `.total(f)`, exhaustive up to `exhaustiveLimit` crash sets, else
    ///   `samples` uniformly drawn sets (then Ω_av has a 95 % confidence interval, and Ω_mav, Ω_max are lower
    ///   estimates).
    /// - Probabilities: the same selection, capped at `probabilitySets` sets (exhaustive when there are no more), each
    ///   evaluated on every input with the engine's ``Evaluator``, then softmax, then the L∞ deviation.
    static func measure(
        chip: Chip, inputs: InputBatch, maxCrashes: Int, exhaustiveLimit: Double, samples: Int, probabilitySets: Int,
        seed: UInt64, threads: Int?, progress: (String) -> Void, crashCountDone: (Int) -> Void = { _ in }
    ) -> [CrashMeasurement] {
        let bound = ErfBound(chip: chip)
        let worst = bound.worstPlacements(upTo: maxCrashes, .max)
        let worstAv = bound.worstPlacements(upTo: maxCrashes, .mean)
        let evaluator = Evaluator(chip: chip)
        let prepared = evaluator.prepare(inputs, threads: threads)
        let m = chip.outputCount
        var pristine = evaluator.outputs(prepared, faults: FaultSet(pristine: chip), threads: threads)
        softmaxRows(&pristine, m: m)
        var results = [CrashMeasurement]()
        for f in 1...maxCrashes {
            progress("\(chip.name): f = \(f)")
            let campaign = OmegaCampaign(
                chip: chip, inputs: inputs, selection: .total(f),
                mode: .automatic(exhaustiveLimit: exhaustiveLimit, samples: samples), seed: seed &+ UInt64(f))
            let logits = campaign.run(threads: threads)
            let probe = OmegaCampaign(
                chip: chip, inputs: inputs, selection: .total(f),
                mode: .automatic(exhaustiveLimit: Double(probabilitySets), samples: probabilitySets),
                seed: seed &+ 0x100 &+ UInt64(f))
            var perInputMax = [Double](repeating: 0, count: inputs.count)
            var sum = CompensatedSum()
            var top = 0.0
            for s in 0..<probe.setCount {
                var p = evaluator.outputs(prepared, faults: probe.faultSet(at: s), threads: threads)
                softmaxRows(&p, m: m)
                for i in 0..<inputs.count {
                    var d = 0.0
                    for k in 0..<m { d = max(d, abs(p[i * m + k] - pristine[i * m + k])) }
                    sum.add(d)
                    perInputMax[i] = max(perInputMax[i], d)
                    top = max(top, d)
                }
            }
            let runs = Double(probe.setCount * inputs.count)
            results.append(
                CrashMeasurement(
                    crashes: f, logits: logits, erf: worst[f].erf, erfAverage: worstAv[f].erf,
                    probabilityAverage: sum.value / runs,
                    probabilityMaxAverage: perInputMax.reduce(0, +) / Double(inputs.count), probabilityMax: top,
                    probabilitySets: probe.setCount, probabilityExhaustive: probe.isExhaustive))
            crashCountDone(f)
        }
        return results
    }

    /// A number for CSV and summaries: 6 significant digits.
    static func num(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        return String(format: "%.6g", x)
    }

    /// A CSV document.
    static func csv(_ header: [String], _ rows: [[String]]) -> String {
        ([header] + rows).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
    }
}
