import NeuroFailCore

/// A mission to simulate: a chip, how long it flies, how often it is checked, on what inputs, against what error
/// budget, and what makes it fail. Read from a `neurofail.scenario/1` file by ``load(path:)``
/// (Docs/scenario-format.md). Time is in years throughout.
///
/// Invariants (checked by the decoder): `durationYears > 0`, `0 < checkpointYears ≤ durationYears`, `budget.limit > 0`,
/// `runs ≥ 1`, every model's parameters valid for `chip`.
public struct Scenario: Sendable {
    /// The format tag this version reads.
    public static let formatTag = "neurofail.scenario/1"
    /// The scenario file as the user named it (for messages).
    public var file: String
    /// A short name (the file's base name unless given).
    public var name: String
    /// Free text.
    public var description: String
    /// The chip file, resolved against the scenario's folder.
    public var chipPath: String
    /// The chip flown.
    public var chip: Chip
    /// The mission length in years (> 0).
    public var durationYears: Double
    /// The time between monitor checkpoints, in years (> 0).
    public var checkpointYears: Double
    /// The inputs evaluated at checkpoints, as the scenario names them.
    public var workload: ScenarioWorkload
    /// Where each workload input's label sits in its CSV row, when the workload is labelled.
    public var labelColumn: LabelledInputs.LabelColumn?
    /// Whether workload inputs outside the box are clipped into it (and counted) instead of refused.
    public var clip: Bool
    /// What the chip must keep doing: the budget's measure and limit.
    public var budget: Budget
    /// The output norm of score deviations and bounds: `linf` (default, the paper's max over outputs), `l1`, `l2`.
    public var norm: DeviationNorm
    /// The box every bound and search holds over: the chip's domain, or a narrower envelope (`domain`).
    public var domain: InputBox
    /// The failure models, in file order.
    public var failures: [any FailureModel]
    /// The master seed of every random draw.
    public var seed: UInt64
    /// The number of Monte Carlo runs (≥ 1).
    public var runs: Int
    /// The mission start as an ISO date (`YYYY-MM-DD`).
    public var startDate: String
    /// The mission start as a decimal year (sets the solar-cycle phase).
    public var startYear: Double
    /// The solar cycle of the legacy form of `environment` (flat if the scenario gives none).
    public var solarCycle: SolarCycle
    /// The storms of the legacy form, if any.
    public var storms: StormProcess?
    /// The component form of `environment` (GCR and SPE fluxes), if the scenario gives it; `solarCycle` and `storms`
    /// are then flat and nil.
    public var radiation: RadiationEnvironment?
    /// The component areas the scenario declares (`areaCm2`), which bound its cross-sections.
    public var areas: ComponentArea = .undeclared
    /// Which neurons share a core.
    public var cores: CoreMap
    /// How the chip stores its weights (`weightStorage`; float64 when not declared). `chip` holds the weights as
    /// stored: quantized on load.
    public var weightStorage: WeightStorage = .float64
    /// Per weight matrix, the largest |w − stored w| that quantizing to `weightStorage` cost (zeros for float64).
    public var quantizationError: [Double] = []
    /// The chip as its file gives it, before quantization (nil when the storage is float64: `chip` is it).
    public var designedChip: Chip?
    /// How the mission recovers (`recovery`; none when not given).
    public var recovery: RecoveryPlan = .none
    /// When the monitor evaluates the chip (`observe`; after every change when not given).
    public var schedule: MonitorSchedule = .changes

    /// A scenario from its parts (decoders check the invariants first).
    public init(
        file: String, name: String, description: String = "", chipPath: String, chip: Chip, durationYears: Double,
        checkpointYears: Double, workload: ScenarioWorkload, labelColumn: LabelledInputs.LabelColumn? = nil,
        clip: Bool = false, budget: Budget, norm: DeviationNorm = .linf, domain: InputBox? = nil,
        failures: [any FailureModel], seed: UInt64, runs: Int = 1, startDate: String = "2027-01-01",
        startYear: Double = 2027, solarCycle: SolarCycle = .flat, storms: StormProcess? = nil, cores: CoreMap
    ) {
        self.file = file
        self.name = name
        self.description = description
        self.chipPath = chipPath
        self.chip = chip
        self.durationYears = durationYears
        self.checkpointYears = checkpointYears
        self.workload = workload
        self.labelColumn = labelColumn
        self.clip = clip
        self.budget = budget
        self.norm = norm
        self.domain = domain ?? InputBox(chip: chip)
        self.failures = failures
        self.seed = seed
        self.runs = runs
        self.startDate = startDate
        self.startYear = startYear
        self.solarCycle = solarCycle
        self.storms = storms
        self.cores = cores
    }

    /// The random stream of model `index` (0 is the environment, 1... the models in file order) in run `run`.
    /// Each (run, model) pair has its own stream, so adding a model does not change the others' draws.
    public func generator(run: Int, index: Int) -> Xoshiro256 {
        Xoshiro256(seed: seed, stream: UInt64(run) &* 4096 &+ UInt64(index))
    }

    /// The space weather of run `run` (its storms drawn from its own stream).
    public func environment(run: Int) -> SpaceEnvironment {
        var rng = generator(run: run, index: 0)
        if let radiation {
            return radiation.sample(startYear: startYear, durationYears: durationYears, rng: &rng)
        }
        return SpaceEnvironment.sample(
            startYear: startYear, durationYears: durationYears, solarCycle: solarCycle, stormProcess: storms,
            rng: &rng)
    }

    /// Every failure of run `run` from all models, merged (``FailureEvent/merged(_:)``): the same bytes for the
    /// same seed and run, whatever else runs in parallel.
    public func failureEvents(run: Int) -> [FailureEvent] {
        let environment = environment(run: run)
        var all = [FailureEvent]()
        for (i, model) in failures.enumerated() {
            var rng = generator(run: run, index: i + 1)
            all += model.failures(chip: chip, cores: cores, environment: environment, rng: &rng)
        }
        return FailureEvent.merged(all)
    }

    /// The workload, read (or drawn) and checked against the box: inputs, labels when the scenario declares them,
    /// and how many inputs were clipped (0 unless `clip`).
    ///
    /// - Throws: ``InputError`` naming the workload file, the row and the column of a bad label or of an input
    ///   outside the box.
    public func loadWorkload() throws(InputError) -> (inputs: InputBatch, labels: [Int]?, clippedInputs: Int) {
        var inputs: InputBatch
        var labels: [Int]?
        let file: String
        switch workload {
        case let .inputs(path):
            file = path
            if let labelColumn {
                let labelled = try LabelledInputs.loadCSV(
                    path: path, dimension: chip.inputCount, labelColumn: labelColumn, classes: chip.outputCount)
                inputs = labelled.inputs
                labels = labelled.labels
            } else {
                inputs = try InputBatch.loadCSV(path: path, dimension: chip.inputCount)
            }
        case let .random(count, seed):
            file = self.file
            inputs = InputBatch.uniform(count: count, dimension: chip.inputCount, domain: chip.inputDomain, seed: seed)
        }
        var clipped = 0
        if clip {
            let result = inputs.clipped(to: domain)
            inputs = result.batch
            clipped = result.inputs
        } else {
            try inputs.checkInside(domain, file: file, hint: "set \"clip\": true in the scenario or give --clip to clip inputs into it")
        }
        return (inputs, labels, clipped)
    }
}
