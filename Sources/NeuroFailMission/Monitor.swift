import Foundation
import NeuroFailBounds
import NeuroFailCore
import NeuroFailEngine
import NeuroFailKernel

/// Watches a chip as it degrades: evaluates it under the current failures on the workload, against the pristine
/// chip, and sets the measurements (scores, probabilities, decisions, accuracy) beside the bounds that hold over
/// the whole input box: the paper's Erf, the certified bound for the failures that happened
/// (``NeuroFailBounds/FaultSetBound``), and the decision-flip bounds they imply.
///
/// Ω here is over the workload, a sample of the paper's L¹ average over the input space when the workload is uniform
/// over the input domain. Erf is computed for the *effective* fault set: a crashed synapse from or into a crashed
/// neuron changes nothing (the neuron already sends nothing, or ignores what it receives), so it is not counted; the
/// chip's function, and hence the bound, is the same.
public struct Monitor: Sendable {
    /// How hard the monitor works on the guaranteed side at one observation.
    public struct Effort: Sendable, Hashable {
        /// The fault-set bound's method: difference intervals (cheap, the default) or linear relaxation (tight).
        public var method: FaultSetBound.Method
        /// Whether to search the box for the worst input (the found deviation).
        public var search: Bool

        public init(method: FaultSetBound.Method = .differenceIntervals, search: Bool = false) {
            self.method = method
            self.search = search
        }

        /// Intervals, no search: what every row of every Monte Carlo run gets.
        public static let cheap = Effort()
        /// Linear relaxation and the search.
        public static let thorough = Effort(method: .linearRelaxation, search: true)
    }

    /// The chip as launched.
    public let chip: Chip
    /// The inputs evaluated at every observation.
    public let workload: InputBatch
    /// The class of each workload input, when labelled.
    public let labels: [Int]?
    /// The output deviation norm of the score measures and bounds.
    public let norm: DeviationNorm
    /// The budget the verdicts refer to.
    public let budget: Budget
    /// The box every bound holds over (the chip's domain or a narrower envelope containing the workload).
    public let box: InputBox
    /// Makes the evaluator of each run: the dense engine or the message-level processes (the monitor does not care
    /// which; both give the same outputs).
    public let factory: any ChipEvaluatorFactory
    /// Random starts and steps of the worst-input search.
    public let searchStarts: Int
    let bound: ErfBound
    let faultSetBound: FaultSetBound
    /// The pristine chip's outputs on the workload, `workload.count × M` row-major.
    public let pristine: [Double]
    /// The pristine decisions, softmax probabilities and top-two margins of the workload.
    let pristineDecisions: [Int]
    let pristineProbabilities: [Double]
    let sortedMargins: [Double]
    /// The pristine accuracy on the labelled workload.
    public let pristineAccuracy: Double?
    /// Erf's factor for the norm: 1 for L∞ (per output), M for L¹, √M for L².
    let erfScale: Double
    /// The rounding slack of a measured deviation of any faulty chip (Docs/theory.md, section 14).
    let anyFaultAllowance: Double

    /// A monitor of `chip` on `workload` with the evaluator `engine` names. `threads` bounds the evaluator's
    /// workers (nil: all cores).
    ///
    /// Preconditions (checked by the scenario decoder first, with user-facing errors): the workload lies in `box`,
    /// labels have one entry per input in 0..<M.
    public init(
        chip: Chip, workload: InputBatch, labels: [Int]? = nil, norm: DeviationNorm = .linf, budget: Budget,
        box: InputBox? = nil, engine: MonitorEngine = .fast, searchStarts: Int = 32, threads: Int? = nil
    ) throws(KernelError) {
        self.init(
            factory: try engine.factory(chip: chip, workload: workload, threads: threads), labels: labels, norm: norm,
            budget: budget, box: box, searchStarts: searchStarts)
    }

    /// A monitor of the chip and workload of `factory`, whose evaluators it uses.
    public init(
        factory: any ChipEvaluatorFactory, labels: [Int]? = nil, norm: DeviationNorm = .linf, budget: Budget,
        box: InputBox? = nil, searchStarts: Int = 32
    ) {
        let chip = factory.chip, workload = factory.inputs
        let box = box ?? InputBox(chip: chip)
        self.chip = chip
        self.workload = workload
        self.labels = labels
        self.norm = norm
        self.budget = budget
        self.box = box
        self.factory = factory
        self.searchStarts = searchStarts
        bound = ErfBound(chip: chip)
        faultSetBound = FaultSetBound(chip: chip, box: box)
        erfScale = norm.erfScale(outputs: chip.outputCount)
        anyFaultAllowance = faultSetBound.anyFaultRoundingAllowance(norm)
        let outputs = factory.makeEvaluator().outputs()
        pristine = outputs
        let m = chip.outputCount
        pristineDecisions = (0..<workload.count).map { Self.argmax(outputs, $0 * m, m) }
        pristineProbabilities = Self.softmax(outputs, m)
        sortedMargins = (0..<workload.count).map { Self.margin(outputs, $0 * m, m) }.sorted()
        if let labels {
            pristineAccuracy = Self.accuracy(pristineDecisions, labels)
        } else {
            pristineAccuracy = nil
        }
    }

    /// A monitor with a plain score budget `budget` (``Budget/Kind/scoreDeviation``).
    public init(
        chip: Chip, workload: InputBatch, norm: DeviationNorm = .linf, budget: Double, engine: MonitorEngine = .fast,
        threads: Int? = nil
    ) throws(KernelError) {
        try self.init(
            chip: chip, workload: workload, norm: norm, budget: Budget(.scoreDeviation, limit: budget), engine: engine,
            threads: threads)
    }

    /// A new evaluator of the pristine chip on the workload (one per mission run).
    public func makeEvaluator() -> any ChipEvaluator { factory.makeEvaluator() }

    /// `faults` without the synapse crashes that cannot matter (from or into a crashed neuron).
    public func effective(_ faults: FaultSet) -> FaultSet { faults.effective(on: chip) }

    /// Erf and Erf_av for `faults`, scaled to the norm.
    public func bounds(for faults: FaultSet) -> (erf: Double, erfAverage: Double) {
        let counts = FaultCounts(effective(faults), chip: chip)
        return (bound.erf(counts, .max) * erfScale, bound.erf(counts, .mean) * erfScale)
    }

    /// Evaluates the chip under `faults` (on a new evaluator) and compares it with the pristine chip and the bounds,
    /// spending `effort` on the guaranteed side.
    ///
    /// - Throws: ``NeuroFailKernel/KernelError/faultSetDoesNotFit(chipName:)`` if `faults` is shaped for another chip.
    public func observe(_ faults: FaultSet, effort: Effort = .cheap) throws(KernelError) -> Observation {
        guard faults.isValid(for: chip) else { throw .faultSetDoesNotFit(chipName: chip.name) }
        let evaluator = makeEvaluator()
        for change in faults.changes(on: chip) { evaluator.apply(change) }
        return observe(evaluator, effort: effort)
    }

    /// Evaluates `evaluator`'s chip in its present condition and compares it with the pristine chip and the bounds,
    /// spending `effort` on the guaranteed side.
    public func observe(_ evaluator: any ChipEvaluator, effort: Effort = .cheap) -> Observation {
        let faults = evaluator.faults
        let counts = FaultCounts(effective(faults), chip: chip)
        let erfLinf = bound.erf(counts, .max)
        let (erf, erfAverage) = (erfLinf * erfScale, bound.erf(counts, .mean) * erfScale)
        let crashCeiling = bound.certifiedErf(counts, .max) * erfScale + anyFaultAllowance
        if faults.isEmpty {
            return Observation(
                omegaAverage: 0, omegaMax: 0, erf: erf, erfAverage: erfAverage, certifiedBound: 0,
                foundDeviation: effort.search ? 0 : nil, accuracy: pristineAccuracy, pristineAccuracy: pristineAccuracy,
                budget: budget, erfCeiling: crashCeiling, certifiedCeiling: anyFaultAllowance, certifiedLinf: 0,
                erfLinf: erfLinf)
        }
        let certified = faultSetBound.bound(faults, method: effort.method)
        // The any-fault allowance covers crashes only (every synapse delivers or not, every neuron may send 0); a stuck
        // value or a flipped weight can take the faulty chip elsewhere, where this fault set's own allowance holds.
        let erfCeiling = faults.isCrashOnly ? crashCeiling : crashCeiling + certified.allowance(norm)
        let outputs = evaluator.outputs()
        let m = chip.outputCount, n = workload.count
        // Compensated: the averages stay exact to rounding however many inputs there are.
        var sum = CompensatedSum(), probabilitySum = CompensatedSum()
        var worst = 0.0, worstInputs = [(Double, Int)]()
        var flips = 0, correct = 0, mayFlip = 0
        let probabilities = Self.softmax(outputs, m)
        for i in 0..<n {
            let d = deviation(outputs, i * m, m)
            sum.add(d)
            if d > worst { worst = d }
            if effort.search { worstInputs.append((d, i)) }
            var p = 0.0
            for k in (i * m)..<((i + 1) * m) { p = max(p, abs(probabilities[k] - pristineProbabilities[k])) }
            probabilitySum.add(p)
            let decision = Self.argmax(outputs, i * m, m)
            if decision != pristineDecisions[i] { flips += 1 }
            if let labels, decision == labels[i] { correct += 1 }
            if certified.mayFlip(scores: pristine[(i * m)..<((i + 1) * m)]) { mayFlip += 1 }
        }
        var found: Double?
        if effort.search {
            // Start from the workload's worst inputs and the corners the relaxation points to.
            let hints = worstInputs.sorted { ($0.0, -$0.1) > ($1.0, -$1.1) }.prefix(4).map { Array(workload.row($0.1)) }
            let search = WorstInputSearch(chip: chip, box: box, randomStarts: searchStarts, steps: 100, seed: 1)
            found = search.search(faults, norm: norm, hints: hints + certified.suggestedInputs).deviation
        }
        // Erf bounds every output's move, so a decision can flip only if its top-two margin is ≤ 2·Erf.
        let extra = faults.isCrashOnly ? 0 : certified.allowance(norm)
        let erfFlips = Self.countAtMost(sortedMargins, 2 * bound.certifiedErf(counts, .max) + anyFaultAllowance + extra)
        return Observation(
            omegaAverage: sum.value / Double(n), omegaMax: worst, erf: erf, erfAverage: erfAverage,
            certifiedBound: certified.value(norm), foundDeviation: found, decisionFlips: Double(flips) / Double(n),
            probabilityDeviation: probabilitySum.value / Double(n),
            accuracy: labels.map { _ in Double(correct) / Double(n) }, pristineAccuracy: pristineAccuracy,
            certifiedFlipBound: Double(mayFlip) / Double(n), erfFlipBound: Double(erfFlips) / Double(n),
            budget: budget, erfCeiling: erfCeiling,
            certifiedCeiling: certified.value(norm) + certified.allowance(norm), certifiedLinf: certified.value(.linf),
            erfLinf: erfLinf)
    }

    private func deviation(_ outputs: [Double], _ start: Int, _ m: Int) -> Double {
        var acc = 0.0
        for k in start..<(start + m) {
            let d = abs(outputs[k] - pristine[k])
            switch norm {
            case .linf: acc = max(acc, d)
            case .l1: acc += d
            case .l2: acc += d * d
            }
        }
        return norm == .l2 ? acc.squareRoot() : acc
    }

    /// The index of the largest of `m` scores from `start` (the first on ties).
    static func argmax(_ scores: [Double], _ start: Int, _ m: Int) -> Int {
        var best = 0
        for k in 1..<max(m, 1) where scores[start + k] > scores[start + best] { best = k }
        return best
    }

    /// The winner's lead over the runner-up (∞ with one output: nothing to flip to).
    static func margin(_ scores: [Double], _ start: Int, _ m: Int) -> Double {
        guard m > 1 else { return .infinity }
        let c = argmax(scores, start, m)
        var gap = Double.infinity
        for k in 0..<m where k != c { gap = min(gap, scores[start + c] - scores[start + k]) }
        return gap
    }

    /// Row-wise softmax of `count × m` scores (shifted by each row's maximum, so it never overflows).
    static func softmax(_ scores: [Double], _ m: Int) -> [Double] {
        var out = scores
        for start in stride(from: 0, to: scores.count, by: m) {
            var top = -Double.infinity
            for k in start..<(start + m) { top = max(top, scores[k]) }
            var total = 0.0
            for k in start..<(start + m) {
                out[k] = exp(scores[k] - top)
                total += out[k]
            }
            for k in start..<(start + m) { out[k] /= total }
        }
        return out
    }

    static func accuracy(_ decisions: [Int], _ labels: [Int]) -> Double {
        Double(zip(decisions, labels).filter { $0 == $1 }.count) / Double(max(1, labels.count))
    }

    /// How many of the sorted values are ≤ `limit`.
    static func countAtMost(_ sorted: [Double], _ limit: Double) -> Int {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] <= limit { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
