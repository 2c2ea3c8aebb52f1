import Foundation
import NeuroFailCore

extension Scenario {
    /// `budget`: a number (a limit on the mean score deviation, the paper's ε − ε′) or
    /// `{"kind": "decisionFlips", "limit": 0.01}` with a kind of ``Budget/Kind``.
    static func decodeBudget(_ field: JSONField, chip: Chip) throws(InputError) -> Budget {
        guard case .object = field.value else { return Budget(.scoreDeviation, limit: try field.positiveNumber()) }
        try rejectUnknownKeys(field, allowed: ["kind", "limit", "note"])
        let name = try field["kind"].string()
        guard let kind = Budget.Kind(rawValue: name) else {
            let known = Budget.Kind.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            throw field["kind"].invalid("unknown budget kind \"\(name)\", expected one of \(known)")
        }
        let budget = Budget(kind, limit: try field["limit"].positiveNumber())
        if budget.isFraction, budget.limit > 1 {
            throw field["limit"].invalid("a \(name) budget is a fraction in (0, 1], found \(JSONValue.format(budget.limit))")
        }
        if budget.needsClasses, chip.outputCount < 2 {
            throw field["kind"].invalid("\"\(name)\" needs a classifier readout, but the chip has 1 output")
        }
        return budget
    }

    /// The number of inputs of `workload`, read from its file when it is one (not checked against the box: that is
    /// ``loadWorkload()``'s, after a command may have set `clip`).
    static func workloadSize(
        _ workload: ScenarioWorkload, chip: Chip, labelColumn: LabelledInputs.LabelColumn?
    ) throws(InputError) -> Int {
        switch workload {
        case let .random(count, _): return count
        case let .inputs(path):
            if let labelColumn {
                return try LabelledInputs.loadCSV(
                    path: path, dimension: chip.inputCount, labelColumn: labelColumn, classes: chip.outputCount
                ).inputs.count
            }
            return try InputBatch.loadCSV(path: path, dimension: chip.inputCount).count
        }
    }

    /// The number of workload inputs (read from the file when the workload is one).
    public func workloadSize() throws(InputError) -> Int {
        try Self.workloadSize(workload, chip: chip, labelColumn: labelColumn)
    }

    /// Whether the scenario's models include transient upsets (a `transient-upset` model, or a trace with
    /// `transient` rows): its timelines then carry the upsets' measured effect.
    public var hasTransients: Bool {
        failures.contains { model in
            if model is TransientUpsetModel { return true }
            return (model as? TraceReplayModel)?.trace.events.contains { $0.kind == .transient } ?? false
        }
    }

    /// `workload`: `{"inputs": "file.csv"}` or `{"inputs": ["first.csv", "fallback.csv"]}` (the first file that
    /// exists is used), with `"labels": "first" | "last"` for a labelled CSV; or `{"random": N, "seed": S}`.
    static func decodeWorkload(
        _ field: JSONField, chip: Chip, existingFile: (JSONField) throws(InputError) -> String
    ) throws(InputError) -> (ScenarioWorkload, LabelledInputs.LabelColumn?) {
        try rejectUnknownKeys(field, allowed: ["inputs", "random", "seed", "labels", "note"])
        var labelColumn: LabelledInputs.LabelColumn?
        if field["labels"].isPresent {
            switch try field["labels"].string() {
            case "first": labelColumn = .first
            case "last": labelColumn = .last
            case let other: throw field["labels"].invalid("expected \"first\" or \"last\" (the label's column), found \"\(other)\"")
            }
            if chip.outputCount < 2 {
                throw field["labels"].invalid("the chip has 1 output, not a classifier readout: labels need one output per class")
            }
        }
        if field["inputs"].isPresent {
            if case .array = field["inputs"].value {
                let candidates = try field["inputs"].array()
                guard !candidates.isEmpty else { throw field["inputs"].invalid("needs at least one file") }
                for candidate in candidates.dropLast() {
                    if let path = try? existingFile(candidate) { return (.inputs(path: path), labelColumn) }
                }
                return (.inputs(path: try existingFile(candidates[candidates.count - 1])), labelColumn)
            }
            return (.inputs(path: try existingFile(field["inputs"])), labelColumn)
        }
        if field["random"].isPresent {
            if labelColumn != nil { throw field["labels"].invalid("random inputs have no labels") }
            return (
                .random(
                    count: try field["random"].integer(in: 1...100_000_000),
                    seed: UInt64(try field["seed"].integer(in: 0...(1 << 53)))),
                nil
            )
        }
        throw field.invalid("expected {\"inputs\": \"file.csv\"} or {\"random\": N, \"seed\": S}")
    }

    /// `domain`: absent (the chip's domain), `{"lower": a, "upper": b}` (numbers or one per input),
    /// `{"envelope": "file.csv"}` (the per-feature min and max of a CSV's rows), or `"workload"` (the envelope of the
    /// workload itself). The box must lie inside the chip's domain, where Erf holds.
    static func decodeDomain(
        _ field: JSONField, chip: Chip, workload: ScenarioWorkload, labelColumn: LabelledInputs.LabelColumn?,
        existingFile: (JSONField) throws(InputError) -> String
    ) throws(InputError) -> InputBox {
        let declared = InputBox(chip: chip)
        guard field.isPresent else { return declared }
        let d = chip.inputCount
        let box: InputBox
        if case .string = field.value {
            guard try field.string() == "workload" else {
                throw field.invalid("expected \"workload\", {\"lower\": …, \"upper\": …} or {\"envelope\": \"file.csv\"}")
            }
            switch workload {
            case .random: return declared
            case let .inputs(path):
                let batch: InputBatch
                if let labelColumn {
                    batch = try LabelledInputs.loadCSV(path: path, dimension: d, labelColumn: labelColumn, classes: chip.outputCount).inputs
                } else {
                    batch = try InputBatch.loadCSV(path: path, dimension: d)
                }
                box = InputBox.envelope(of: batch, source: "envelope of the workload \(path)")
            }
        } else if field["envelope"].isPresent {
            try rejectUnknownKeys(field, allowed: ["envelope", "note"])
            let path = try existingFile(field["envelope"])
            box = InputBox.envelope(of: try InputBatch.loadCSV(path: path, dimension: d), source: "envelope of \(path)")
        } else {
            try rejectUnknownKeys(field, allowed: ["lower", "upper", "note"])
            box = try InputBox.decodeEnds(field, dimension: d, source: "scenario domain")
        }
        guard box.isInside(declared) else {
            throw field.invalid("the box must lie inside the chip's input domain \(declared.source), where its bounds hold")
        }
        return box
    }
}
