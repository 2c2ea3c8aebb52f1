import NeuroFailBounds
import NeuroFailCore
import NeuroFailEngine
import NeuroFailKernel

/// Watches a chip as it degrades: evaluates it under the current failures on the workload, against the pristine
/// chip, and sets the measurement beside the Erf bound and the Erf_av estimate.
///
/// Ω here is over the workload, a sample of the paper's L¹ average over the input space when the workload is uniform
/// over the input domain. Erf is computed for the *effective* fault set: a crashed synapse from or into a crashed
/// neuron changes nothing (the neuron already sends nothing, or ignores what it receives), so it is not counted; the
/// chip's function, and hence the bound, is the same.
public struct Monitor: Sendable {
    /// The chip as launched.
    public let chip: Chip
    /// The inputs evaluated at every observation.
    public let workload: InputBatch
    /// The output deviation norm.
    public let norm: DeviationNorm
    /// The error budget ε − ε′.
    public let budget: Double
    /// The evaluator used.
    public let engine: MonitorEngine
    let bound: ErfBound
    let evaluator: Evaluator
    /// The workload's pristine activations, so each observation recomputes only what the failures changed.
    let prepared: Evaluator.PreparedBatch
    /// The pristine chip's outputs on the workload, `workload.count × M` row-major.
    public let pristine: [Double]
    /// Erf's factor for the norm: 1 for L∞ (per output), M for L¹, √M for L².
    let erfScale: Double
    let threads: Int?

    /// A monitor of `chip` on `workload`. `threads` bounds the evaluator's workers (nil: all cores).
    public init(
        chip: Chip, workload: InputBatch, norm: DeviationNorm = .linf, budget: Double, engine: MonitorEngine = .fast,
        threads: Int? = nil
    ) throws(KernelError) {
        self.chip = chip
        self.workload = workload
        self.norm = norm
        self.budget = budget
        self.engine = engine
        self.threads = threads
        bound = ErfBound(chip: chip)
        evaluator = Evaluator(chip: chip)
        prepared = evaluator.prepare(workload, threads: threads)
        erfScale = norm.erfScale(outputs: chip.outputCount)
        pristine = try Self.outputs(
            chip: chip, evaluator: evaluator, prepared: prepared, faults: FaultSet(pristine: chip), engine: engine,
            threads: threads)
    }

    private static func outputs(
        chip: Chip, evaluator: Evaluator, prepared: Evaluator.PreparedBatch, faults: FaultSet, engine: MonitorEngine,
        threads: Int?
    ) throws(KernelError) -> [Double] {
        switch engine {
        case .fast:
            return evaluator.outputs(prepared, faults: faults, threads: threads)
        case .reference:
            let network = try ChipNetwork(chip: chip, faults: faults)
            return try network.infer(prepared.inputs)
        }
    }

    /// `faults` without the synapse crashes that cannot matter (from or into a crashed neuron).
    public func effective(_ faults: FaultSet) -> FaultSet {
        var out = faults
        let layers = chip.allLayers
        for l in 0..<out.synapses.count where !out.synapses[l].isEmpty {
            let inputs = layers[l].inputs
            let deadSources = l > 0 ? Set(faults.neurons[l - 1]) : []
            let deadTargets = l < chip.depth ? Set(faults.neurons[l]) : []
            out.synapses[l] = out.synapses[l].filter { flat in
                !deadSources.contains(flat % inputs) && !deadTargets.contains(flat / inputs)
            }
        }
        return out
    }

    /// The bound and estimate for `faults` (scaled to the norm).
    public func bounds(for faults: FaultSet) -> (erf: Double, erfAverage: Double) {
        let counts = FaultCounts(effective(faults))
        return (bound.erf(counts, .max) * erfScale, bound.erf(counts, .mean) * erfScale)
    }

    /// Evaluates the chip under `faults` and compares it with the pristine chip and the bound.
    public func observe(_ faults: FaultSet) throws(KernelError) -> Observation {
        let (erf, erfAverage) = bounds(for: faults)
        if faults.isEmpty {
            return Observation(omegaAverage: 0, omegaMax: 0, erf: erf, erfAverage: erfAverage, budget: budget)
        }
        let outputs = try Self.outputs(
            chip: chip, evaluator: evaluator, prepared: prepared, faults: faults, engine: engine, threads: threads)
        let m = chip.outputCount
        // Compensated: the average stays exact to rounding however many inputs there are.
        var sum = CompensatedSum()
        var worst = 0.0
        for i in 0..<workload.count {
            let d = deviation(outputs, i * m, m)
            sum.add(d)
            worst = max(worst, d)
        }
        let average = sum.value / Double(workload.count)
        return Observation(omegaAverage: average, omegaMax: worst, erf: erf, erfAverage: erfAverage, budget: budget)
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
}
