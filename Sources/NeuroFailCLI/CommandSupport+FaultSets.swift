import Foundation
import NeuroFailBounds
import NeuroFailCore
import NeuroFailMission

extension CommandSupport {
    /// The concrete fault set of `--crashed n1.3,n2.17,s1.4.20` (the trace's component names) or `--crashed-file`
    /// (every permanent failure in a trace, cores expanded to their neurons and synapses, stuck neurons stuck; bit flips
    /// and outages pass and are left out), or nil when neither is given.
    static func crashedFaultSet(_ args: ParsedArguments, chip: Chip, chipPath: String) throws(InputError) -> FaultSet? {
        let names = args.string("crashed"), file = args.string("crashed-file")
        if names != nil, file != nil {
            throw .invalidOption(option: "--crashed", reason: "give either --crashed or --crashed-file, not both")
        }
        let cores = try CoreMap.of(chip, file: chipPath)
        var faults = FaultSet(pristine: chip)
        if let names {
            for name in names.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
                guard let component = Component(parsing: name) else {
                    throw .invalidOption(
                        option: "--crashed",
                        reason: "'\(name)' is not a component name (expected n<layer>.<index>, s<layer>.<target>.<source> or core<index>)")
                }
                if let reason = component.invalidReason(chip: chip, cores: cores) {
                    throw .invalidOption(option: "--crashed", reason: "\(name) is not a component of \(chipPath): \(reason)")
                }
                faults.apply(FailureEvent(time: 0, component: component, kind: .replay), chip: chip, cores: cores)
            }
            return faults
        }
        if let file {
            var storage = WeightStorage.float64
            if let declared = chip.metadata("weightStorage") {
                storage = try WeightStorage.decode(JSONField(value: declared, file: chipPath, path: "weightStorage"), chip: chip)
            }
            let trace = try FailureTrace.load(
                path: file, chip: chip, cores: cores, durationYears: .greatestFiniteMagnitude, storage: storage)
            // The condition the trace leaves for good: bit flips, outages and upsets pass (a scrub, a power cycle, the
            // inference).
            for event in trace.events where event.kind.isPermanent { faults.apply(event, chip: chip, cores: cores) }
            return faults
        }
        return nil
    }

    /// `--domain FILE`: the box bounds and searches hold over (a CSV's envelope or a `neurofail.domain/1` file),
    /// else the chip's declared domain.
    static func domain(_ args: ParsedArguments, chip: Chip) throws(InputError) -> InputBox {
        guard let path = args.string("domain") else { return InputBox(chip: chip) }
        return try InputBox.load(path: path, chip: chip)
    }

    /// `--subdomains N` (default 1; `--tight` makes it 64): boxes the tight bound may split the domain into.
    static func subdomains(_ args: ParsedArguments) throws(InputError) -> Int {
        if let n = try args.integer("subdomains", in: 1...100_000) { return n }
        return args.has("tight") ? 64 : 1
    }

    /// `--search-starts N` (default 32; `--tight` makes it 256).
    static func searchStarts(_ args: ParsedArguments) throws(InputError) -> Int {
        if let n = try args.integer("search-starts", in: 0...1_000_000) { return n }
        return args.has("tight") ? 256 : 32
    }

    /// A bound value for people: `overflow (> 1.8e308)` when it left Float64, never `inf` or `nan`.
    static func bound(_ x: Double) -> String {
        if x.isNaN { return "undefined (overflow: no guarantee)" }
        return x.isFinite ? formatNumber(x) : "overflow (> 1.8e308: no guarantee)"
    }

    /// The error of a command whose result would hold Erf (or Erf_av) at `counts` when it overflows Float64: names
    /// the chip and the first layer whose term overflows, says why the command cannot go on (`consequence`, e.g.
    /// "so Omega cannot be checked against it") and what to change. Every command refuses alike (exit 2, nothing
    /// written) rather than print, rank or write a bound that is not a number.
    static func erfOverflow(
        _ bound: ErfBound, _ counts: FaultCounts, chipPath: String,
        consequence: String = "so Omega cannot be checked against it"
    ) -> InputError {
        let terms = bound.terms(counts, .max)
        let layer = (terms.neurons.firstIndex { !$0.isFinite } ?? terms.synapses.firstIndex { !$0.isFinite }).map { $0 + 1 }
        let field = layer.map { $0 <= bound.depth ? "layers[\($0 - 1)]" : "readout" } ?? "layers"
        let where_ = layer.map { " from layer \($0)" } ?? ""
        return .invalidField(
            file: chipPath, field: field,
            reason: "Erf overflows Float64 (> 1.8e308)\(where_) at these crashes, \(consequence); scale the weights down or crash fewer neurons")
    }

    /// Throws ``erfOverflow(_:_:chipPath:consequence:)`` when Erf or Erf_av at `counts` is not finite.
    static func requireFiniteErf(
        _ bound: ErfBound, _ counts: FaultCounts, chipPath: String, consequence: String
    ) throws(InputError) {
        guard bound.erf(counts, .max).isFinite, bound.erf(counts, .mean).isFinite else {
            throw erfOverflow(bound, counts, chipPath: chipPath, consequence: consequence)
        }
    }

    /// A bound value for JSON: null when it overflowed (with a separate `…Overflow: true` key).
    static func boundJSON(_ x: Double) -> JSONValue { x.isFinite ? .number(x) : .null }

    /// The ratio a/b for people (`-` when undefined).
    static func ratio(_ a: Double, _ b: Double) -> String {
        guard a.isFinite, b > 0 else { return "-" }
        let r = a / b
        guard r.isFinite else { return "-" }
        // Grouped digits only while the ratio fits an Int comfortably (a ratio of 1e300 would trap the conversion).
        return r >= 100 && r < 1e15 ? formatCount(Int(r.rounded())) + "x" : String(format: "%.3gx", r)
    }

    /// "The worst case over B lies in [found, certified]", or, when rounding puts the search above the bound, why.
    static func bracket(found: Double, certified: Double, allowance: Double, box: String) -> String {
        if found <= certified {
            return "The worst case over \(box) lies in [\(formatNumber(found)), \(bound(certified))]"
        }
        return "The search's \(formatNumber(found)) exceeds the certified \(bound(certified)) only by Float64 rounding (at most \(formatNumber(allowance)) at this chip's magnitudes): deviations this small are below its numerical resolution over \(box)"
    }

    /// The JSON and the table of a fault-set study.
    static func studyJSON(_ s: FaultSetStudy) -> [(String, JSONValue)] {
        [
            // Erf is finite here: a study whose Erf overflows is refused (`erf --crashed`), and the worst crash set of
            // `omega` has at most the campaign's counts, whose Erf was checked.
            ("erf", .number(s.erf)), ("erfAverage", .number(s.erfAverage)),
            ("certifiedBound", boundJSON(s.certified)),
            ("certifiedBoundIntervals", boundJSON(s.intervals.value(s.norm))),
            ("certifiedBoundLinear", boundJSON(s.linear.value(s.norm))),
            ("subdomains", .number(Double(s.linear.subdomains))),
            ("roundingAllowance", .number(s.linear.allowance(s.norm))),
            ("foundDeviation", .number(s.found.deviation)), ("foundInput", .numbers(s.found.input)),
            ("foundOutput", .number(Double(s.found.output))),
            ("searchStarts", .number(Double(s.found.starts))), ("searchSteps", .number(Double(s.found.steps))),
            ("certifiedOverFound", s.found.deviation > 0 && s.certified.isFinite ? .number(s.certified / s.found.deviation) : .null),
            ("erfOverFound", s.found.deviation > 0 && s.erf.isFinite ? .number(s.erf / s.found.deviation) : .null),
            ("domain", .string(s.linear.domain)),
        ]
    }

    /// Why a fault-set bound came from intervals on a large chip, in the words of every command that says so.
    static var tooLargeToBackSubstitute: String {
        "the chip is too large to back-substitute (over \(formatCount(FaultSetBound.maximumDenseWeightsForLinearRelaxation)) dense weights)"
    }

    static func studyTable(_ s: FaultSetStudy) -> String {
        var t = TextTable(["", "value", "x found", "what it is"])
        t.add(["Erf", bound(s.erf), ratio(s.erf, s.found.deviation), "the paper's bound at these counts (any placement): a theorem"])
        t.add(["Erf_av", bound(s.erfAverage), ratio(s.erfAverage, s.found.deviation), "the paper's estimator of Omega_av (not a bound)"])
        t.add(["certified (intervals)", bound(s.intervals.value(s.norm)), ratio(s.intervals.value(s.norm), s.found.deviation), "difference intervals for these failures: a theorem"])
        let splits = s.linear.subdomains > 1 ? ", \(s.linear.subdomains) subdomains" : ""
        let linear = s.linear.method == .linearRelaxation
            ? "back-substitution on the difference network\(splits): a theorem"
            : "the intervals\(splits): \(tooLargeToBackSubstitute)"
        t.add(["certified (linear)", bound(s.linear.value(s.norm)), ratio(s.linear.value(s.norm), s.found.deviation), linear])
        t.add(["found", formatNumber(s.found.deviation), "1x", "largest deviation a search over the box found (\(counted(s.found.starts, "start")), \(s.found.steps) steps)"])
        var text = t.rendered + "\n\n"
        text += bracket(found: s.found.deviation, certified: s.certified, allowance: s.linear.allowance(s.norm), box: s.linear.domain)
            + " (\(s.norm.rawValue)).\n"
        return text
    }
}
