import NeuroFailCore

/// What makes results of one campaign comparable: the chip's and the inputs' fingerprints and the campaign's
/// options (see ``OmegaCampaign/options``). Part files and checkpoints carry it; merging and resuming refuse a
/// mismatch.
public struct OmegaIdentity: Sendable, Hashable {
    public let chip: String
    public let inputs: String
    public let options: JSONValue

    /// The identity of `campaign`.
    public init(_ campaign: OmegaCampaign) {
        chip = Fingerprint.of(campaign.chip).description
        inputs = Fingerprint.of(campaign.inputs).description
        options = campaign.options
    }

    init(chip: String, inputs: String, options: JSONValue) {
        self.chip = chip
        self.inputs = inputs
        self.options = options
    }

    var jsonPairs: [(String, JSONValue)] {
        [("chipFingerprint", .string(chip)), ("inputsFingerprint", .string(inputs)), ("options", options)]
    }

    init(_ json: JSONField) throws(InputError) {
        chip = try json["chipFingerprint"].string()
        inputs = try json["inputsFingerprint"].string()
        guard let options = json["options"].value else { throw json["options"].invalid("missing") }
        self.options = options
    }

    /// Why `other` (read from `file`) cannot be combined with this, or nil when it can.
    func mismatch(_ other: OmegaIdentity) -> String? {
        if chip != other.chip { return "another chip (fingerprint \(other.chip), expected \(chip))" }
        if inputs != other.inputs { return "another input set (fingerprint \(other.inputs), expected \(inputs))" }
        if options != other.options {
            return "other options (\(other.options.rendered(indent: 0)), expected \(options.rendered(indent: 0)))"
        }
        return nil
    }
}

/// One shard's result, as written by `neurofail omega --shard i/n --out FILE` (format `neurofail.omega-part/2`, sealed with a checksum):
/// the exact moments of the crash sets `sets`, so parts covering every set merge into the whole run's statistics.
///
/// Every Double is stored as its 16-hex-digit bit pattern, so nothing is lost in the text (including −∞ for an
/// empty shard's maxima).
public struct OmegaPart: Sendable, Hashable {
    public static let format = "neurofail.omega-part/2"
    /// Which campaign.
    public let identity: OmegaIdentity
    /// The slice as given on the command line (informative; `sets` is what merging checks).
    public let shard: Shard
    /// The crash sets measured, among 0..<`setCount`.
    public let sets: Range<Int>
    /// The number of crash sets of the whole run.
    public let setCount: Int
    /// The measurement.
    public let statistics: OmegaStatistics
    /// What the command needs to print the result like the unsharded run (chip name, Erf, …): carried, not read.
    public let report: JSONValue

    public init(
        identity: OmegaIdentity, shard: Shard, sets: Range<Int>, setCount: Int, statistics: OmegaStatistics,
        report: JSONValue
    ) {
        self.identity = identity
        self.shard = shard
        self.sets = sets
        self.setCount = setCount
        self.statistics = statistics
        self.report = report
    }

    /// The part file's JSON.
    public var json: JSONValue {
        .object(
            [("format", .string(Self.format))] + identity.jsonPairs + [
                ("shard", .integers([shard.index, shard.count])), ("sets", .integers([sets.lowerBound, sets.upperBound])),
                ("setCount", .number(Double(setCount))), ("statistics", ExactJSON.encode(statistics)), ("report", report),
            ])
    }

    /// The part file's text: its JSON on one line, sealed with a checksum (``NeuroFailCore/FileSeal``).
    public var fileText: String { FileSeal.seal(json.rendered(indent: 0)) }

    /// Reads a part file, refusing it when its checksum does not match.
    public static func load(path: String) throws(InputError) -> OmegaPart {
        let data = try FileSeal.open(try InputError.readFile(path), file: path)
        let root = JSONField(value: try JSONValue.parse(data, file: path), file: path)
        let format = try root["format"].string()
        guard format == Self.format else {
            throw root["format"].invalid("expected \(Self.format), found \(format)")
        }
        let identity = try OmegaIdentity(root)
        let shard = try root["shard"].array()
        guard shard.count == 2 else { throw root["shard"].invalid("expected [i, n]") }
        let n = try shard[1].integer(in: 1...Int(Int32.max))
        let i = try shard[0].integer(in: 1...n)
        let setCount = try root["setCount"].integer(in: 0...Int(9e15))
        let bounds = try root["sets"].array()
        guard bounds.count == 2 else { throw root["sets"].invalid("expected [lower, upper]") }
        let upper = try bounds[1].integer(in: 0...setCount)
        let lower = try bounds[0].integer(in: 0...upper)
        let statistics = try ExactJSON.statistics(root["statistics"])
        guard statistics.configurations == upper - lower else {
            throw root["statistics"]["configurations"].invalid("\(statistics.configurations) crash sets for the range \(lower)..<\(upper)")
        }
        return OmegaPart(
            identity: identity, shard: Shard(index: i, count: n), sets: lower..<upper, setCount: setCount,
            statistics: statistics, report: root["report"].value ?? .null)
    }

    /// The whole run's result from parts read from `paths`: they must be of one campaign (same fingerprints and
    /// options), disjoint, and together cover every crash set exactly once. Merged in set order, so the first worst
    /// run in enumeration order is kept. The report (how to print the result) is the first file's: parts may differ
    /// there only cosmetically, e.g. in a relative path. Errors are one line naming the file at fault.
    public static func merge(_ parts: [(path: String, part: OmegaPart)]) throws(InputError) -> OmegaPart {
        guard let first = parts.first else { throw .usage("merge: no part files given") }
        for (path, part) in parts.dropFirst() {
            if let why = first.part.identity.mismatch(part.identity) {
                throw .invalidField(file: path, field: "(root)", reason: "not a part of the same run as \(first.path): \(why)")
            }
            if part.setCount != first.part.setCount {
                throw .invalidField(file: path, field: "setCount", reason: "\(part.setCount) crash sets, \(first.path) has \(first.part.setCount)")
            }
        }
        let pieces = parts.map { Shard.Piece(path: $0.path, shard: $0.part.shard, items: $0.part.sets) }
        let order = try Shard.mergeOrder(
            of: pieces, total: first.part.setCount, command: "merge", field: "sets", noun: "crash sets")
        var statistics = OmegaStatistics(
            inputs: first.part.statistics.inputs, exhaustive: first.part.statistics.exhaustive, norm: first.part.statistics.norm)
        for i in order { statistics = statistics.merged(with: parts[i].part.statistics) }
        return OmegaPart(
            identity: first.part.identity, shard: .whole, sets: 0..<first.part.setCount, setCount: first.part.setCount,
            statistics: statistics, report: first.part.report)
    }
}

/// Exact JSON forms of numbers: Doubles as 16-hex-digit bit patterns, so part files and checkpoints lose nothing.
public enum ExactJSON {
    public static func encode(_ x: Double) -> JSONValue { .string(hex(x.bitPattern)) }
    static func encode(_ s: CompensatedSum) -> JSONValue { .array([encode(s.sum), encode(s.compensation)]) }

    public static func double(_ field: JSONField) throws(InputError) -> Double {
        let text = try field.string()
        guard text.count == 16, let bits = UInt64(text, radix: 16) else {
            throw field.invalid("expected 16 hex digits (a Double's bit pattern), found '\(text)'")
        }
        return Double(bitPattern: bits)
    }

    static func sum(_ field: JSONField) throws(InputError) -> CompensatedSum {
        let items = try field.array()
        guard items.count == 2 else { throw field.invalid("expected [sum, compensation]") }
        return CompensatedSum(sum: try double(items[0]), compensation: try double(items[1]))
    }

    static func doubles(_ field: JSONField) throws(InputError) -> [Double] {
        var out = [Double]()
        for item in try field.array() { out.append(try double(item)) }
        return out
    }

    static func encode(_ s: OmegaStatistics) -> JSONValue {
        [
            "configurations": .number(Double(s.configurations)), "inputs": .number(Double(s.inputs)),
            "exhaustive": .bool(s.exhaustive), "norm": .string(s.norm.rawValue),
            "deviationSum": encode(s.deviationSum), "deviationSquareSum": encode(s.deviationSquareSum),
            "setMeanSum": encode(s.setMeanSum), "setMeanSquareSum": encode(s.setMeanSquareSum),
            "omegaMax": encode(s.omegaMax),
            "worstCrashSet": s.worstFaultSet.map {
                ["neurons": .array($0.neurons.map { .integers($0) }), "synapses": .array($0.synapses.map { .integers($0) })]
            } ?? .null,
            "worstInput": s.worstInput.map { .number(Double($0)) } ?? .null,
            "perInputMax": .array(s.perInputMax.map(encode)),
        ]
    }

    /// A list of indices (non-negative integers), each checked before conversion.
    public static func indices(_ field: JSONField) throws(InputError) -> [Int] {
        var out = [Int]()
        for item in try field.array() { out.append(try item.integer(in: 0...Int(Int32.max))) }
        return out
    }

    static func statistics(_ json: JSONField) throws(InputError) -> OmegaStatistics {
        let inputs = try json["inputs"].integer(in: 1...Int(9e15))
        let normName = try json["norm"].string()
        guard let norm = DeviationNorm(rawValue: normName) else { throw json["norm"].invalid("unknown norm '\(normName)'") }
        let perInputMax = try doubles(json["perInputMax"])
        guard perInputMax.count == inputs else {
            throw json["perInputMax"].invalid("\(perInputMax.count) maxima for \(inputs) inputs")
        }
        var worst: FaultSet?
        if json["worstCrashSet"].isPresent {
            let neurons = try json["worstCrashSet"]["neurons"].array().map { (f) throws(InputError) in try Self.indices(f) }
            let synapses = try json["worstCrashSet"]["synapses"].array().map { (f) throws(InputError) in try Self.indices(f) }
            worst = FaultSet(neurons: neurons, synapses: synapses)
        }
        return OmegaStatistics(
            configurations: try json["configurations"].integer(in: 0...Int(9e15)), inputs: inputs,
            exhaustive: try json["exhaustive"].bool(), norm: norm, deviationSum: try sum(json["deviationSum"]),
            deviationSquareSum: try sum(json["deviationSquareSum"]), setMeanSum: try sum(json["setMeanSum"]),
            setMeanSquareSum: try sum(json["setMeanSquareSum"]), perInputMax: perInputMax,
            omegaMax: try double(json["omegaMax"]), worstFaultSet: worst,
            worstInput: json["worstInput"].isPresent ? try json["worstInput"].integer(in: 0...Int(9e15)) : nil)
    }
}
