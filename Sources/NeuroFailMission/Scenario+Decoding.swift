import Foundation
import NeuroFailBounds
import NeuroFailCore

extension Scenario {
    /// Top-level keys of `neurofail.scenario/1`.
    static let knownKeys: Set<String> = [
        "format", "name", "description", "chip", "durationYears", "checkpointYears", "workload", "budget", "norm",
        "failures", "seed", "runs", "startDate", "environment", "cores", "domain", "clip", "weightStorage", "recovery",
        "areaCm2", "observe",
    ]
    /// Keys each failure model accepts, besides `model`.
    static let modelKeys: [String: Set<String>] = [
        RadiationLatchupModel.tag: [
            "rate", "rateUnit", "flux", "crossSection", "weibull", "components", "layers", "solarCycle", "storms", "note",
        ],
        WeibullWearoutModel.tag: ["shape", "scaleYears", "components", "layers", "note"],
        CoreLatchupModel.tag: [
            "rate", "rateUnit", "flux", "crossSection", "weibull", "solarCycle", "storms", "permanentDamage", "note",
        ],
        StuckAtModel.tag: ["rate", "rateUnit", "flux", "crossSection", "layers", "value", "solarCycle", "storms", "note"],
        BitFlipModel.tag: [
            "rate", "rateUnit", "flux", "crossSection", "weibull", "layers", "solarCycle", "storms", "note",
        ],
        TransientUpsetModel.tag: [
            "rate", "rateUnit", "flux", "crossSection", "components", "layers", "solarCycle", "storms", "note",
        ],
        TraceReplayModel.tag: ["file", "note"],
    ]
    /// The output norms a scenario may name.
    public static let norms = ["linf", "l1", "l2"]

    /// Reads a chip file for a scenario's `chip` field. The default reads chip JSON and `.npy` manifests; the CLI
    /// passes NeuroFailImport's loader, which also reads ONNX (Mission does not depend on the importers).
    public typealias ChipLoader = (String) throws(InputError) -> Chip

    /// Reads and checks a scenario file, its chip (with `loadChip`) and any trace or input files it names (paths
    /// relative to the scenario's folder).
    ///
    /// - Throws: ``InputError`` in one line naming the file and the field, e.g.
    ///   `Scenarios/x.json: failures[1].rate: must be >= 0, found -2`; errors inside the chip, trace or input file
    ///   name that file.
    public static func load(path: String, loadChip: ChipLoader = { p throws(InputError) in try Chip.loadAny(path: p) })
        throws(InputError) -> Scenario
    {
        try decode(JSONValue.load(path: path), file: path, loadChip: loadChip)
    }

    /// Checks a parsed scenario document; `file` locates relative paths and names the file in errors.
    public static func decode(
        _ json: JSONValue, file: String,
        loadChip: ChipLoader = { p throws(InputError) in try Chip.loadAny(path: p) }
    ) throws(InputError) -> Scenario {
        let root = JSONField(value: json, file: file)
        guard case .object = json else { throw root.invalid("expected a JSON object") }
        try rejectUnknownKeys(root, allowed: knownKeys)
        let format = try root["format"].string()
        guard format == formatTag else {
            throw root["format"].invalid("unknown format \"\(format)\", expected \"\(formatTag)\"")
        }
        let directory = PathName.parent(file)
        func resolve(_ relative: String) -> String {
            if relative.hasPrefix("/") { return relative }
            // "Scenarios/../data/x.csv" reads as "data/x.csv" in messages and reports (no symlinks are resolved).
            let joined = ((directory.isEmpty ? "." : directory) as NSString).appendingPathComponent(relative)
            return Self.lexicallyNormalized(joined)
        }
        func existingFile(_ field: JSONField) throws(InputError) -> String {
            let given = try field.string()
            let path = resolve(given)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue
            else { throw field.invalid("no such file \"\(given)\" (looked for \(path))") }
            return path
        }

        let name = root["name"].isPresent ? try root["name"].string() : baseName(file)
        let description = root["description"].isPresent ? try root["description"].string() : ""
        let chipPath = try existingFile(root["chip"])
        let designed = try loadChip(chipPath)
        // The monitor's fault-set bound analyses the chip as dense matrices (convolutions expanded).
        do { try FaultSetBound.check(designed) } catch { throw root["chip"].invalid("\(chipPath): \(error)") }
        // The engines, the bounds and the failures all see the chip as its memory stores it.
        let storage = try decodeStorage(root["weightStorage"], chip: designed, chipPath: chipPath)
        let chip = storage.chip
        let duration = try root["durationYears"].positiveNumber()
        let checkpoint = try root["checkpointYears"].positiveNumber()
        guard checkpoint <= duration else {
            throw root["checkpointYears"].invalid(
                "must be <= durationYears (\(JSONValue.format(duration))), found \(JSONValue.format(checkpoint))")
        }
        let normName = root["norm"].isPresent ? try root["norm"].string() : "linf"
        guard let norm = DeviationNorm(rawValue: normName) else {
            throw root["norm"].invalid("unknown norm \"\(normName)\", expected \"linf\", \"l1\" or \"l2\"")
        }
        let budget = try decodeBudget(root["budget"], chip: chip)
        let seed = UInt64(try root["seed"].integer(in: 0...(1 << 53)))
        let runs = root["runs"].isPresent ? try root["runs"].integer(in: 1...1_000_000) : 1

        let (workload, labelColumn) = try decodeWorkload(root["workload"], chip: chip, existingFile: existingFile)
        if budget.needsLabels, labelColumn == nil {
            throw root["budget"]["kind"].invalid(
                "\"\(budget.kind.rawValue)\" needs a labelled workload (give workload.labels: \"first\" or \"last\")")
        }
        let clip = root["clip"].isPresent ? try root["clip"].bool() : false
        let domain = try decodeDomain(root["domain"], chip: chip, workload: workload, labelColumn: labelColumn, existingFile: existingFile)

        let startDate = root["startDate"].isPresent ? try root["startDate"].string() : "2027-01-01"
        guard let startYear = MissionCalendar.decimalYear(iso: startDate) else {
            throw root["startDate"].invalid("expected a date YYYY-MM-DD, found \"\(startDate)\"")
        }
        let radiation =
            RadiationEnvironment.isComponentForm(root["environment"])
            ? try RadiationEnvironment.decode(root["environment"]) : nil
        let (solarCycle, storms) = radiation == nil ? try decodeEnvironment(root["environment"]) : (.flat, nil)
        let areas = try ComponentArea.decode(root["areaCm2"])
        let context = FailureRate.Context(componentForm: radiation != nil, areas: areas)
        let cores =
            root["cores"].isPresent
            ? try CoreMap.decode(root["cores"], chip: chip) : try CoreMap.of(chip, file: chipPath)

        // Upsets draw which workload input they hit, and a trace's upsets must name one: read its size once, when
        // a model needs it (a file workload is read again, in full, by ``loadWorkload()``), and never otherwise.
        var workloadInputs: Int?
        func inputs() throws(InputError) -> Int {
            if let workloadInputs { return workloadInputs }
            let n = try workloadSize(workload, chip: chip, labelColumn: labelColumn)
            workloadInputs = n
            return n
        }
        var failures = [any FailureModel]()
        for field in try root["failures"].array() {
            let tag = try field["model"].string()
            guard let allowed = modelKeys[tag] else {
                let known = modelKeys.keys.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
                throw field["model"].invalid("unknown model \"\(tag)\", expected one of \(known)")
            }
            try rejectUnknownKeys(field, allowed: allowed.union(["model"]))
            switch tag {
            case RadiationLatchupModel.tag:
                failures.append(try RadiationLatchupModel.decode(field, chip: chip, context: context))
            case WeibullWearoutModel.tag: failures.append(try WeibullWearoutModel.decode(field, chip: chip))
            case CoreLatchupModel.tag: failures.append(try CoreLatchupModel.decode(field, context: context))
            case StuckAtModel.tag: failures.append(try StuckAtModel.decode(field, chip: chip, context: context))
            case BitFlipModel.tag:
                // A convolution stores its kernel, shared by many synapses; flips are modelled per synapse's own
                // weight (dense and sparse layers).
                guard chip.allLayers.allSatisfy(\.ownsWeights) else {
                    throw field["model"].invalid(
                        "\(BitFlipModel.tag) needs dense or sparse layers: bit flips in a convolution's shared kernel are not modelled yet")
                }
                failures.append(try BitFlipModel.decode(field, chip: chip, storage: storage.storage, context: context))
            case TransientUpsetModel.tag:
                failures.append(try TransientUpsetModel.decode(field, chip: chip, inputs: try inputs(), context: context))
            default:
                let trace = try FailureTrace.load(
                    path: try existingFile(field["file"]), chip: chip, cores: cores, durationYears: duration,
                    storage: storage.storage, workloadSize: inputs)
                failures.append(TraceReplayModel(trace: trace))
            }
        }
        var scenario = Scenario(
            file: file, name: name, description: description, chipPath: chipPath, chip: chip,
            durationYears: duration, checkpointYears: checkpoint, workload: workload, labelColumn: labelColumn, clip: clip, budget: budget, norm: norm, domain: domain,
            failures: failures, seed: seed, runs: runs, startDate: startDate, startYear: startYear,
            solarCycle: solarCycle, storms: storms, cores: cores)
        scenario.radiation = radiation
        scenario.areas = areas
        scenario.weightStorage = storage.storage
        scenario.quantizationError = storage.error
        if storage.storage != .float64 { scenario.designedChip = designed }
        scenario.recovery = try RecoveryPlan.decode(root["recovery"], chip: chip)
        scenario.schedule = try MonitorSchedule.decode(root["observe"])
        try scenario.checkLimits()
        // The workload is read (labels and the box checked) by ``loadWorkload()``, which ``MissionRunner`` calls before
        // any work: after a command has set `clip`.
        return scenario
    }

    /// The scenario's `weightStorage`, else the chip's metadata `weightStorage`, else float64; and the chip as stored
    /// with the cost of quantizing it. A weight the storage cannot hold is an error naming the field.
    static func decodeStorage(_ field: JSONField, chip: Chip, chipPath: String) throws(InputError)
        -> (storage: WeightStorage, chip: Chip, error: [Double])
    {
        var source = field
        if !field.isPresent {
            guard let value = chip.metadata("weightStorage") else {
                return (.float64, chip, Array(repeating: 0, count: chip.depth + 1))
            }
            source = JSONField(value: value, file: chipPath, path: "weightStorage")
        }
        let storage = try WeightStorage.decode(source, chip: chip)
        guard chip.allLayers.allSatisfy(\.ownsWeights) || storage == .float64 else {
            throw source.invalid("stored weights of convolutional layers are not modelled yet; leave weightStorage out for this chip")
        }
        switch storage.quantize(chip) {
        case let .success((stored, error)): return (storage, stored, error)
        case let .failure(unfit):
            throw source.invalid(
                "weight \(unfit.index) of matrix \(unfit.matrix + 1) (\(JSONValue.format(unfit.weight))) does not fit "
                    + "\(storage) (give a larger scale, or \"scales\": \"fit\")")
        }
    }

    /// The legacy form of `environment`: `solarCycle` (dimensionless factors) and `storms` (multipliers); both
    /// optional. The component form (`gcr`, `spe`) is ``RadiationEnvironment/decode(_:)``.
    static func decodeEnvironment(_ field: JSONField) throws(InputError) -> (SolarCycle, StormProcess?) {
        guard field.isPresent else { return (.flat, nil) }
        try rejectUnknownKeys(field, allowed: ["solarCycle", "storms", "note"])
        var cycle = SolarCycle.flat
        let c = field["solarCycle"]
        if c.isPresent {
            try rejectUnknownKeys(c, allowed: ["lastMinimum", "periodYears", "minimumFactor", "maximumFactor"])
            cycle = SolarCycle(
                lastMinimumYear: try decodeMinimum(c["lastMinimum"]) ?? SolarCycle.cycle25Minimum,
                periodYears: c["periodYears"].isPresent ? try c["periodYears"].positiveNumber() : 11,
                minimumFactor: try c["minimumFactor"].nonNegativeNumber(),
                maximumFactor: try c["maximumFactor"].nonNegativeNumber())
        }
        var storms: StormProcess?
        let s = field["storms"]
        if s.isPresent {
            try rejectUnknownKeys(s, allowed: ["rate", "durationDays", "multiplier"])
            let multiplier = try s["multiplier"].number()
            guard multiplier >= 1 else {
                throw s["multiplier"].invalid("must be >= 1, found \(JSONValue.format(multiplier))")
            }
            // Shorter storms than about 0.1 s are below the resolution of mission time in years (and 5e-324 days
            // divided by 365.25 is 0).
            let days = try s["durationDays"].positiveNumber()
            guard days >= 1e-6 else {
                throw s["durationDays"].invalid("must be >= 1e-6 (days), found \(JSONValue.format(days))")
            }
            storms = StormProcess(
                ratePerYear: try s["rate"].nonNegativeNumber(), durationYears: days / MissionCalendar.daysPerYear,
                multiplier: multiplier)
        }
        return (cycle, storms)
    }

    /// The optional date of a solar minimum (`YYYY-MM` or `YYYY-MM-DD`) as a decimal year; nil if absent.
    static func decodeMinimum(_ field: JSONField) throws(InputError) -> Double? {
        guard field.isPresent else { return nil }
        let text = try field.string()
        guard let year = MissionCalendar.decimalYear(iso: text) else {
            throw field.invalid("expected a date YYYY-MM or YYYY-MM-DD, found \"\(text)\"")
        }
        return year
    }

    /// Throws for a key of the object `field` not in `allowed` (a typo would otherwise be ignored silently).
    static func rejectUnknownKeys(_ field: JSONField, allowed: Set<String>) throws(InputError) {
        try field.rejectUnknownKeys(allowed: allowed)
    }

    private static func baseName(_ file: String) -> String {
        let base = (file as NSString).lastPathComponent
        return base.hasSuffix(".json") ? String(base.dropLast(5)) : base
    }

    /// `path` with `.` and `name/..` components removed, textually (so a relative path stays relative).
    static func lexicallyNormalized(_ path: String) -> String {
        var parts = [Substring]()
        let absolute = path.hasPrefix("/")
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            if part == "..", absolute, parts.isEmpty { continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }
}
