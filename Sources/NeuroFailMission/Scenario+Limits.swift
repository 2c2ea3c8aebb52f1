import NeuroFailCore

extension Scenario {
    /// Checkpoints of one run above which a scenario is refused (one timeline row each, one Ω measurement each).
    public static let checkpointLimit = 100_000.0
    /// Expected storms of one run above which a scenario is refused (each storm is kept and looked up per event).
    public static let stormLimit = 100_000.0
    /// Expected thinning candidates of one run (rate × storm and solar-cycle peak × duration, over every exposed
    /// component) above which a scenario is refused: beyond it a run takes minutes, and each candidate's time step
    /// comes close to the precision of the mission time.
    public static let candidateLimit = 1e9

    /// Refuses, before any run, a scenario whose work or memory is out of proportion (issue 12: `checkpointYears:
    /// 1e-18`, a storm multiplier of 1e20 or `durationYears: 1e9` with storms never ended or filled the memory). The
    /// error names the field to change and the limit (Docs/reliability.md).
    public func checkLimits() throws(InputError) {
        let checkpoints = durationYears / checkpointYears
        try ResourceLimit.checkCount(
            checkpoints, limit: Self.checkpointLimit, for: "durationYears / checkpointYears checkpoints per run",
            change: "give a larger checkpointYears"
        ) { .invalidField(file: file, field: "checkpointYears", reason: $0) }
        if let storms {
            try ResourceLimit.checkCount(
                storms.ratePerYear * durationYears, limit: Self.stormLimit, for: "storms per run (rate × durationYears)",
                change: "give a smaller environment.storms.rate or durationYears"
            ) { .invalidField(file: file, field: "environment.storms.rate", reason: $0) }
        }
        if let events = radiation?.spe {
            try ResourceLimit.checkCount(
                events.rate.peakFactor * durationYears, limit: Self.stormLimit,
                for: "solar particle events per run (largest rate × durationYears)",
                change: "give a smaller environment.spe.ratePerYearAtMaximum or durationYears"
            ) { .invalidField(file: file, field: "environment.spe.ratePerYearAtMaximum", reason: $0) }
        }
        var candidates = 0.0
        // The failures a run expects (each a timeline row): at most one per component for first failures, a
        // Poisson count for upsets and flips. The timelines' memory is judged on these, not on one row per
        // component, which for a chip of 10⁸ synapses would refuse any scenario.
        var expected = 0.0
        for model in failures {
            if let m = model as? WeibullWearoutModel {
                expected += Double(m.selection.components(of: chip).count) * m.cumulativeProbability(durationYears)
            } else if let m = model as? BitFlipModel {
                let weights = (1...(chip.depth + 1)).filter { m.layers?.contains($0) ?? true }
                    .reduce(0) { $0 + chip.layer($1).weights.count }
                expected += Double(weights * m.bitsPerWeight) * m.ratePerBitYear * peakModulation(m.exposure) * durationYears
            } else if let m = model as? TraceReplayModel {
                expected += Double(m.trace.events.count)
            }
        }
        if let period = recovery.scrubPeriodYears { expected += durationYears / period }
        for (i, model) in failures.enumerated() {
            let rate: Double, exposed: Int, exposure: RadiationExposure
            if let m = model as? RadiationLatchupModel {
                (rate, exposed, exposure) = (m.ratePerYear, m.selection.components(of: chip).count, m.exposure)
            } else if let m = model as? CoreLatchupModel {
                (rate, exposed, exposure) = (m.ratePerCoreYear, cores.count, m.exposure)
            } else if let m = model as? TransientUpsetModel {
                (rate, exposed, exposure) = (m.ratePerYear, m.selection.components(of: chip).count, m.exposure)
            } else {
                continue  // wear-out and traces draw each event directly
            }
            let peak = peakModulation(exposure)
            candidates += Double(exposed) * (1 + rate * peak * durationYears)
            // A core-latchup with recovery may come back and fail again: counted as a Poisson count, not capped.
            let mean = Double(exposed) * rate * peak * durationYears
            expected += model is CoreLatchupModel || model is TransientUpsetModel ? mean : min(Double(exposed), mean)
            try ResourceLimit.checkCount(
                candidates, limit: Self.candidateLimit,
                for: "thinning candidates per run (components × rate × peak storm and solar factor × durationYears)",
                change: "give a smaller rate, environment.storms.multiplier or durationYears"
            ) { .invalidField(file: file, field: "failures[\(i)]", reason: $0) }
        }
        // Every run's timeline is kept for the report: a row per checkpoint, per failure and per recovery (their
        // expected count at the peak rates, with a margin of 6 standard deviations and 1,000 rows), each about 16
        // numbers of observation and the failed counts per layer.
        let rows = checkpoints + expected + 6 * expected.squareRoot() + 1000
        let rowBytes = Double(256 + 16 * (2 * chip.depth + 1))
        try ResourceLimit.checkMemory(
            Double(runs) * rows * rowBytes, for: "the timelines of \(runs) runs",
            change: "give fewer runs (or --runs), or a larger checkpointYears"
        ) { .invalidField(file: file, field: "runs", reason: $0) }
        if case let .random(count, _) = workload {
            try ResourceLimit.checkMemory(
                Double(count) * Double(chip.inputCount + chip.outputCount) * 16, for: "\(count) random workload inputs",
                change: "give a smaller workload.random"
            ) { .invalidField(file: file, field: "workload.random", reason: $0) }
        }
    }

    /// The largest factor any run's ``SpaceEnvironment`` can put on a model's base rate under `exposure` (the peak
    /// solar-cycle factor times the largest storm multiplier; for a flux exposure the larger of the GCR flux at
    /// minimum and the event flux).
    func peakModulation(_ exposure: RadiationExposure) -> Double {
        if exposure.flux {
            guard let radiation else { return 0 }
            let quiet = exposure.solarCycle ? radiation.gcr.peakFactor : radiation.gcrMeanFlux
            return exposure.storms ? max(quiet, radiation.spe?.flux ?? 0) : quiet
        }
        let cycle = radiation?.gcrShape ?? solarCycle
        return (exposure.solarCycle ? cycle.peakFactor : 1) * (exposure.storms ? storms?.multiplier ?? 1 : 1)
    }
}
