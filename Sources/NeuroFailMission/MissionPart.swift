import Foundation
import NeuroFailCore
import NeuroFailEngine

/// One shard of a Monte Carlo mission, as written by `neurofail mission --shard i/n --out FILE`
/// (format `neurofail.mission-part/3`, sealed with a checksum): the runs `runs` of the scenario, each complete (failures and timeline, every
/// Double as its bit pattern). Runs are independent, with streams derived from (seed, run), so parts covering
/// 0..<N merge into exactly the runs of the unsharded mission, and so into the same report files.
public struct MissionPart: Sendable, Hashable {
    public static let format = "neurofail.mission-part/3"
    /// What must agree between parts: the scenario file's bytes, chip and workload fingerprints, seed, total runs,
    /// engine.
    public let identity: JSONValue
    public let shard: Shard
    /// The runs in this part, among 0..<`totalRuns`.
    public let runs: Range<Int>
    public let totalRuns: Int
    /// The runs flown, in run order.
    public let flown: [MissionRun]
    /// The budget the runs' verdicts refer to.
    public let budget: Budget

    public init(identity: JSONValue, shard: Shard, runs: Range<Int>, totalRuns: Int, flown: [MissionRun], budget: Budget) {
        self.budget = budget
        self.identity = identity
        self.shard = shard
        self.runs = runs
        self.totalRuns = totalRuns
        self.flown = flown
    }

    /// The identity of `runner`'s scenario flown `totalRuns` times with `engine`.
    public static func identity(_ runner: MissionRunner, engine: MonitorEngine) throws(InputError) -> JSONValue {
        var bytes = Fingerprint()
        for byte in try InputError.readFile(runner.scenario.file) { bytes.add(Int(byte)) }
        return [
            "scenario": .string(bytes.description), "chip": .string(Fingerprint.of(runner.scenario.chip).description),
            "workload": .string(Fingerprint.of(runner.monitor.workload).description),
            "seed": .string(String(runner.scenario.seed)), "runs": .number(Double(runner.scenario.runs)),
            "engine": .string(engine.rawValue),
            "effort": .string(runner.effort.description),
        ]
    }

    public var json: JSONValue {
        [
            "format": .string(Self.format), "identity": identity, "shard": .integers([shard.index, shard.count]),
            "runs": .integers([runs.lowerBound, runs.upperBound]), "totalRuns": .number(Double(totalRuns)),
            "budget": .array([.string(budget.kind.rawValue), ExactJSON.encode(budget.limit)]),
            "flown": .array(flown.map(Self.encode)),
        ]
    }

    static func encode(_ event: FailureEvent) -> JSONValue {
        var items: [JSONValue] = [
            ExactJSON.encode(event.time), .string(event.component.description), .string(event.kind.rawValue),
        ]
        if let value = event.value { items.append(ExactJSON.encode(value)) }
        return .array(items)
    }

    /// A recovery as `["recovery", time, component or "memory", kind]`.
    static func encode(_ event: RecoveryEvent) -> JSONValue {
        [.string("recovery"), ExactJSON.encode(event.time), .string(event.componentName), .string(event.kind.rawValue)]
    }

    static func recovery(_ field: JSONField) throws(InputError) -> RecoveryEvent {
        let items = try field.array()
        guard items.count == 4 else { throw field.invalid("expected [\"recovery\", time, component, kind]") }
        let text = try items[2].string()
        let component = text == "memory" ? nil : Component(parsing: text)
        guard text == "memory" || component != nil else { throw items[2].invalid("not a component: '\(text)'") }
        let kindText = try items[3].string()
        guard let kind = RecoveryEvent.Kind(rawValue: kindText) else { throw items[3].invalid("unknown kind '\(kindText)'") }
        return RecoveryEvent(time: try ExactJSON.double(items[1]), component: component, kind: kind)
    }

    static func encode(_ run: MissionRun) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("run", .number(Double(run.run))), ("failures", .array(run.failures.map(encode))),
            ("timeline", .array(run.timeline.map(encode))),
        ]
        // The rows the monitor did not measure, by position (only when there are some: other parts keep their bytes).
        let unmeasured = run.timeline.indices.filter { !run.timeline[$0].observed }
        if !unmeasured.isEmpty { pairs.append(("unmeasured", .integers(unmeasured))) }
        return .object(pairs)
    }

    static func encode(_ row: TimelineRow) -> JSONValue {
        let cause: JSONValue
        switch row.cause {
        case .checkpoint: cause = .null
        case let .failure(event): cause = encode(event)
        case let .recovery(event): cause = encode(event)
        }
        var cells: [JSONValue] = [
            ExactJSON.encode(row.time), cause, .integers(row.neuronsFailed), .integers(row.synapsesFailed),
            encode(row.observation),
        ]
        // A transient upset's measured effect, as a sixth cell (only on its rows: other parts keep their bytes).
        if let u = row.upset { cells.append(.array([ExactJSON.encode(u.deviation), .bool(u.decisionFlipped)])) }
        return .array(cells)
    }

    /// An observation as exact numbers in a fixed order (nil as null); the budget is the part's own.
    static func encode(_ o: Observation) -> JSONValue {
        let values: [Double?] = [
            o.omegaAverage, o.omegaMax, o.erf, o.erfAverage, o.certifiedBound, o.foundDeviation, o.decisionFlips,
            o.probabilityDeviation, o.accuracy, o.pristineAccuracy, o.certifiedFlipBound, o.erfFlipBound, o.erfCeiling,
            o.certifiedCeiling, o.certifiedLinf, o.erfLinf,
        ]
        return .array(values.map { $0.map(ExactJSON.encode) ?? .null })
    }

    static func observation(_ field: JSONField, budget: Budget) throws(InputError) -> Observation {
        let cells = try field.array()
        guard cells.count == 16 else { throw field.invalid("expected 16 numbers") }
        var v = [Double?]()
        for cell in cells { v.append(cell.value == .null ? nil : try ExactJSON.double(cell)) }
        func x(_ i: Int) throws(InputError) -> Double {
            guard let value = v[i] else { throw cells[i].invalid("expected a number") }
            return value
        }
        return Observation(
            omegaAverage: try x(0), omegaMax: try x(1), erf: try x(2), erfAverage: try x(3), certifiedBound: try x(4),
            foundDeviation: v[5], decisionFlips: try x(6), probabilityDeviation: try x(7), accuracy: v[8],
            pristineAccuracy: v[9], certifiedFlipBound: try x(10), erfFlipBound: try x(11), budget: budget,
            erfCeiling: try x(12), certifiedCeiling: try x(13), certifiedLinf: try x(14), erfLinf: try x(15))
    }

    /// A transient upset's effect, `[deviation, decision flipped]`.
    static func upset(_ field: JSONField) throws(InputError) -> Monitor.UpsetEffect {
        let items = try field.array()
        guard items.count == 2 else { throw field.invalid("expected [deviation, decision flipped]") }
        return Monitor.UpsetEffect(deviation: try ExactJSON.double(items[0]), decisionFlipped: try items[1].bool())
    }

    static func budget(_ field: JSONField) throws(InputError) -> Budget {
        let items = try field.array()
        guard items.count == 2, let kind = Budget.Kind(rawValue: try items[0].string()) else {
            throw field.invalid("expected [kind, limit]")
        }
        return Budget(kind, limit: try ExactJSON.double(items[1]))
    }

    static func event(_ field: JSONField) throws(InputError) -> FailureEvent {
        let items = try field.array()
        guard items.count == 3 || items.count == 4 else { throw field.invalid("expected [time, component, kind(, value)]") }
        let text = try items[1].string()
        guard let component = Component(parsing: text) else { throw items[1].invalid("not a component: '\(text)'") }
        let kindText = try items[2].string()
        guard let kind = FailureKind(rawValue: kindText) else { throw items[2].invalid("unknown kind '\(kindText)'") }
        let value = items.count == 4 ? try ExactJSON.double(items[3]) : nil
        return FailureEvent(time: try ExactJSON.double(items[0]), component: component, kind: kind, value: value)
    }

    /// A list of failed counts (non-negative integers), each checked before conversion.
    static func counts(_ field: JSONField) throws(InputError) -> [Int] {
        var out = [Int]()
        for item in try field.array() { out.append(try item.integer(in: 0...Int(Int32.max))) }
        return out
    }

    static func run(_ field: JSONField, budget: Budget) throws(InputError) -> MissionRun {
        var failures = [FailureEvent]()
        for item in try field["failures"].array() { failures.append(try event(item)) }
        var timeline = [TimelineRow]()
        for row in try field["timeline"].array() {
            let cells = try row.array()
            guard cells.count == 5 || cells.count == 6 else {
                throw row.invalid("expected [time, cause, neurons, synapses, observation(, upset)]")
            }
            let cause: TimelineRow.Cause
            if !cells[1].isPresent {
                cause = .checkpoint
            } else if case let .array(items)? = cells[1].value, items.first == .string("recovery") {
                cause = .recovery(try recovery(cells[1]))
            } else {
                cause = .failure(try event(cells[1]))
            }
            timeline.append(TimelineRow(
                time: try ExactJSON.double(cells[0]), cause: cause, neuronsFailed: try counts(cells[2]),
                synapsesFailed: try counts(cells[3]),
                observation: try observation(cells[4], budget: budget),
                upset: cells.count == 6 ? try upset(cells[5]) : nil))
        }
        if field["unmeasured"].isPresent {
            for item in try field["unmeasured"].array() {
                let i = try item.integer(in: 0...Int(Int32.max))
                guard i < timeline.count else { throw item.invalid("row \(i) of \(timeline.count)") }
                timeline[i].observed = false
            }
        }
        return MissionRun(run: try field["run"].integer(in: 0...Int.max), failures: failures, timeline: timeline)
    }

    /// The part file's text: its JSON on one line, sealed with a checksum (``NeuroFailCore/FileSeal``).
    public var fileText: String { FileSeal.seal(json.rendered(indent: 0)) }

    /// Reads a part file, refusing it when its checksum does not match.
    public static func load(path: String) throws(InputError) -> MissionPart {
        let data = try FileSeal.open(try InputError.readFile(path), file: path)
        let root = JSONField(value: try JSONValue.parse(data, file: path), file: path)
        let format = try root["format"].string()
        guard format == Self.format else { throw root["format"].invalid("expected \(Self.format), found \(format)") }
        guard let identity = root["identity"].value else { throw root["identity"].invalid("missing") }
        let shard = try root["shard"].array()
        guard shard.count == 2 else { throw root["shard"].invalid("expected [i, n]") }
        let n = try shard[1].integer(in: 1...Int(Int32.max))
        let total = try root["totalRuns"].integer(in: 1...Int(Int32.max))
        let bounds = try root["runs"].array()
        guard bounds.count == 2 else { throw root["runs"].invalid("expected [lower, upper]") }
        let upper = try bounds[1].integer(in: 0...total)
        let lower = try bounds[0].integer(in: 0...upper)
        var flown = [MissionRun]()
        let budget = try budget(root["budget"])
        for item in try root["flown"].array() { flown.append(try run(item, budget: budget)) }
        guard flown.map(\.run) == Array(lower..<upper) else {
            throw root["flown"].invalid("holds runs other than \(lower)..<\(upper)")
        }
        return MissionPart(
            identity: identity, shard: Shard(index: try shard[0].integer(in: 1...n), count: n), runs: lower..<upper,
            totalRuns: total, flown: flown, budget: budget)
    }

    /// Refuses a part whose failures name a component `chip` (with `cores`) does not have, naming the field in `file`
    /// (a part that passed its checksum can still be of another chip's scenario file edited since).
    public func checkComponents(chip: Chip, cores: CoreMap, file: String) throws(InputError) {
        for (r, run) in flown.enumerated() {
            for (e, event) in run.failures.enumerated() {
                if let why = event.component.invalidReason(chip: chip, cores: cores) {
                    throw .invalidField(file: file, field: "flown[\(r)].failures[\(e)]", reason: why)
                }
            }
        }
    }

    /// Every run of the mission from parts of it: one identity, disjoint, covering 0..<totalRuns exactly once.
    /// `expected` (the identity of the scenario given to the merge) must match too; `scenario` names that scenario in
    /// the messages (its file, say). Errors are one line naming the file at fault and what differs, e.g.
    /// `part-2.json: identity: not a part of this mission (Scenarios/leo-10y.json): flown with seed 7, not 5`.
    public static func merge(
        _ parts: [(path: String, part: MissionPart)], expected: JSONValue, scenario: String
    ) throws(InputError) -> [MissionRun] {
        guard let first = parts.first else { throw .usage("mission-merge: no part files given") }
        for (path, part) in parts {
            if let why = difference(part.identity, from: expected) {
                throw .invalidField(file: path, field: "identity", reason: "not a part of this mission (\(scenario)): \(why)")
            }
        }
        let pieces = parts.map { Shard.Piece(path: $0.path, shard: $0.part.shard, items: $0.part.runs) }
        let order = try Shard.mergeOrder(
            of: pieces, total: first.part.totalRuns, command: "mission-merge", field: "runs", noun: "runs")
        return order.flatMap { parts[$0].part.flown }
    }

    /// What differs between a part's identity and the expected one, in words (nil when they are equal). The
    /// fingerprints themselves mean nothing to a user, so they are named by what they stand for.
    static func difference(_ identity: JSONValue, from expected: JSONValue) -> String? {
        guard identity != expected else { return nil }
        func text(_ value: JSONValue?) -> String {
            switch value {
            case .string(let s)?: return s
            case .number(let x)?: return JSONValue.format(x)
            case let other?: return other.rendered(indent: 0)
            case nil: return "nothing"
            }
        }
        let keys = ["seed", "runs", "engine", "effort", "scenario", "chip", "workload"]
        for key in keys where identity[key] != expected[key] {
            let (got, want) = (text(identity[key]), text(expected[key]))
            switch key {
            case "seed": return "flown with seed \(got), not \(want) (each part's seed must be the first part's)"
            case "runs": return "a part of a \(got)-run mission, not a \(want)-run one"
            case "engine": return "flown with --engine \(got), not \(want)"
            case "effort": return "flown with bounds and searches '\(got)', not '\(want)' (--tight, --search, --search-starts)"
            case "scenario": return "flown from another scenario file (its contents differ from this one's: another scenario, or this one edited since)"
            case "chip": return "flown with another chip (the scenario's chip file differs from the one it was flown with)"
            default: return "flown on other workload inputs than this scenario's"
            }
        }
        return "its identity has other fields (written by another version of neurofail?)"
    }
}
