import Foundation
import NeuroFailCore

/// A failure trace: the permanent failures of one mission run as CSV (Docs/trace-format.md).
///
/// ```
/// time_years,component,kind
/// 1.25,n2.5,latchup
/// 3.5,s3.0.7,wearout
/// 4,core2,core-latchup
/// ```
/// Times are years since launch in Swift's shortest round-trip form (integers without a fraction), so
/// ``rendered()`` of a parsed trace gives back the same bytes, and a recorded trace replays exactly.
///
/// Invariants checked by ``load(path:chip:cores:durationYears:storage:inputs:)`` and ``parse(_:file:chip:cores:durationYears:storage:inputs:)``: times finite, `0 ≤ time ≤` mission duration,
/// non-decreasing; components exist on the chip and core map; no component fails twice.
public struct FailureTrace: Sendable, Hashable {
    /// The header line, exactly, of a trace whose events carry no value (crashes only: every trace before the
    /// fault kinds with values, byte for byte).
    public static let header = "time_years,component,kind"
    /// The header of a trace with a `value` column (a stuck value, a flipped bit).
    public static let valuedHeader = "time_years,component,kind,value"
    /// The events in order.
    public var events: [FailureEvent]

    /// A trace of `events`, kept in the given order (which should be by time, as ``FailureEvent/merged(_:)`` gives).
    public init(events: [FailureEvent]) { self.events = events }

    /// The CSV text: the header, then one line per event, each ending in `\n`; with a `value` column only if an
    /// event has a value (empty for the events that have none).
    public func rendered() -> String {
        let valued = events.contains { $0.value != nil }
        var out = (valued ? Self.valuedHeader : Self.header) + "\n"
        for e in events {
            out += "\(JSONValue.format(e.time)),\(e.component),\(e.kind.rawValue)"
            if valued { out += "," + (e.value.map { JSONValue.format($0) } ?? "") }
            out += "\n"
        }
        return out
    }

    /// Writes ``rendered()`` to `path` atomically.
    public func write(to path: String) throws(InputError) { try AtomicFile.write(rendered(), to: path) }

    /// The longest line a trace file may have, in bytes: a row is a time, a component, a kind and a value (well
    /// under 200 bytes); the rest is room for spaces and `#` comments. A longer line is refused naming its number,
    /// as soon as it is read that far, so a file of one enormous line costs neither the time nor the memory of it.
    public static let maxLineBytes = 65_536

    /// Reads and checks a trace file against `chip`, `cores` and the mission length, line by line: the memory held
    /// besides the events is one line (at most ``maxLineBytes``) and a chunk of the file, whatever its size.
    public static func load(
        path: String, chip: Chip, cores: CoreMap, durationYears: Double, storage: WeightStorage = .float64,
        inputs: Int? = nil
    ) throws(InputError) -> FailureTrace {
        var parser = Parser(
            file: path, chip: chip, cores: cores, durationYears: durationYears, storage: storage, inputs: inputs)
        try LineReader.forEachLine(in: path, maxLineBytes: maxLineBytes) { line, number throws(InputError) in
            try parser.consume(line, number: number)
        }
        return try parser.finish()
    }

    /// ``load(path:chip:cores:durationYears:storage:inputs:)`` for a trace whose `transient` rows must name inputs of
    /// a workload of `workloadSize()` inputs, asked for only when the trace has such rows. The file is read once;
    /// only when a row names an input the workload lacks is it read again with the size, so that the error names
    /// that row's line.
    public static func load(
        path: String, chip: Chip, cores: CoreMap, durationYears: Double, storage: WeightStorage = .float64,
        workloadSize: () throws(InputError) -> Int
    ) throws(InputError) -> FailureTrace {
        let trace = try load(path: path, chip: chip, cores: cores, durationYears: durationYears, storage: storage)
        guard let largest = trace.events.lazy.filter({ $0.kind == .transient }).compactMap(\.value).max() else {
            return trace
        }
        let inputs = try workloadSize()
        guard largest >= Double(inputs) else { return trace }
        return try load(
            path: path, chip: chip, cores: cores, durationYears: durationYears, storage: storage, inputs: inputs)
    }

    /// Parses trace text. Blank lines and lines starting with `#` are skipped; the first other line must be the
    /// header. Lines may end in `\n`, `\r\n` (Python's `csv` module, Excel) or `\r`; a byte-order mark is ignored. Errors name the file, the line and the column, e.g.
    /// `trace.csv: line 3, time_years: times out of order: 1.5 after 2`.
    ///
    /// `storage` is how the chip stores its weights: an `seu` row's bit must exist in a stored weight. `inputs` is
    /// the size of the workload a `transient` row's input must be in (nil: any input index is taken).
    public static func parse(
        _ text: String, file: String, chip: Chip, cores: CoreMap, durationYears: Double,
        storage: WeightStorage = .float64, inputs: Int? = nil
    ) throws(InputError) -> FailureTrace {
        var parser = Parser(
            file: file, chip: chip, cores: cores, durationYears: durationYears, storage: storage, inputs: inputs)
        let body = text.hasPrefix("\u{FEFF}") ? text.dropFirst() : Substring(text)
        for (i, line) in TextInput.lines(String(body)).enumerated() { try parser.consume(line, number: i + 1) }
        return try parser.finish()
    }

    /// The checks of a trace, one line at a time, shared by ``load(path:chip:cores:durationYears:storage:inputs:)`` (lines
    /// streamed from the file) and ``parse(_:file:chip:cores:durationYears:storage:inputs:)`` (lines of a string).
    private struct Parser {
        let file: String, chip: Chip, cores: CoreMap, durationYears: Double, storage: WeightStorage
        /// The workload size a `transient` row's input must be below (nil: any index).
        let inputs: Int?
        var events = [FailureEvent]()
        var firstLine = [Component: Int]()
        var sawHeader = false
        var columns = 3

        init(file: String, chip: Chip, cores: CoreMap, durationYears: Double, storage: WeightStorage, inputs: Int?) {
            (self.file, self.chip, self.cores, self.durationYears, self.storage) = (file, chip, cores, durationYears, storage)
            self.inputs = inputs
        }

        mutating func consume(_ rawLine: Substring, number lineNumber: Int) throws(InputError) {
            // Blank and comment lines (the bulk of a large file) are skipped on their bytes: Foundation's trimming
            // costs several times the reading. Whatever this does not decide goes through the full check below.
            guard let first = rawLine.utf8.first(where: { $0 != 0x20 && $0 != 0x09 }), first != UInt8(ascii: "#") else { return }
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { return }
            let file = self.file
            func fail(_ column: String, _ reason: String) -> InputError {
                .malformed(file: file, location: "line \(lineNumber), \(column)", reason: reason)
            }
            guard sawHeader else {
                let normalized = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                    .joined(separator: ",")
                guard normalized == header || normalized == valuedHeader else {
                    throw .malformed(
                        file: file, location: "line \(lineNumber)",
                        reason: "expected header \"\(header)[,value]\", found \"\(TextInput.excerpt(line))\"")
                }
                columns = normalized == header ? 3 : 4
                sawHeader = true
                return
            }
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == columns else {
                throw .malformed(
                    file: file, location: "line \(lineNumber)",
                    reason: "has \(cells.count) fields, expected \(columns) (\(columns == 3 ? header : valuedHeader))")
            }
            guard let time = Double(cells[0]) else {
                throw fail("time_years", "\"\(TextInput.excerpt(cells[0]))\" is not a number")
            }
            guard time.isFinite else { throw fail("time_years", "must be finite, found \(TextInput.excerpt(cells[0]))") }
            guard time >= 0 else { throw fail("time_years", "must be >= 0, found \(TextInput.excerpt(cells[0]))") }
            guard time <= durationYears else {
                throw fail(
                    "time_years",
                    "\(TextInput.excerpt(cells[0])) is beyond the mission (\(JSONValue.format(durationYears)) years)")
            }
            if let last = events.last, time < last.time {
                throw fail(
                    "time_years", "times out of order: \(TextInput.excerpt(cells[0])) after \(JSONValue.format(last.time))")
            }
            guard let component = Component(parsing: cells[1]) else {
                throw fail(
                    "component", "\"\(TextInput.excerpt(cells[1]))\" is not a component (expected n<layer>.<index>, "
                        + "s<layer>.<target>.<source> or core<index>)")
            }
            if let reason = component.invalidReason(chip: chip, cores: cores) {
                throw fail("component", "unknown component: \(reason)")
            }
            if let earlier = firstLine[component] {
                throw fail("component", "\(component) already failed at line \(earlier)")
            }
            guard let kind = FailureKind(rawValue: cells[2]) else {
                let known = FailureKind.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
                throw fail("kind", "unknown kind \"\(TextInput.excerpt(cells[2]))\", expected one of \(known)")
            }
            if let reason = FailureTrace.mismatch(kind, component) { throw fail("kind", reason) }
            let value = try FailureTrace.parseValue(
                columns == 4 ? cells[3] : "", kind: kind, storage: storage, inputs: inputs, fail: fail)
            if kind.isPermanent { firstLine[component] = lineNumber }
            events.append(FailureEvent(time: time, component: component, kind: kind, value: value))
            // Events that repeat (bit flips, outages) are not bounded by the chip, and the list is held whole: checked
            // against the memory limit every 2^20 events, counting twice its size for the array's growth by doubling.
            if events.count.isMultiple(of: 1 << 20) {
                try ResourceLimit.checkMemory(
                    Double(events.count) * Double(MemoryLayout<FailureEvent>.stride) * 2, for: "the trace's events",
                    change: "give a shorter trace") { .malformed(file: file, location: "line \(lineNumber)", reason: $0) }
            }
        }

        func finish() throws(InputError) -> FailureTrace {
            guard sawHeader else {
                throw .malformed(file: file, location: "line 1", reason: "empty trace: expected the header \"\(header)\"")
            }
            return FailureTrace(events: events)
        }
    }

    /// Why `kind` cannot happen to `component` (a stuck core, a flipped neuron), or nil.
    fileprivate static func mismatch(_ kind: FailureKind, _ component: Component) -> String? {
        switch (kind, component) {
        case (.stuckAt, .neuron), (.bitFlip, .synapse), (.coreOutage, .core), (.transient, .neuron),
            (.transient, .synapse):
            return nil
        case (.stuckAt, _): return "\"stuck-at\" needs a neuron, found \(component)"
        case (.bitFlip, _): return "\"seu\" flips a bit of a synapse's stored weight, found \(component)"
        case (.coreOutage, _): return "\"core-outage\" needs a core, found \(component)"
        case (.transient, _): return "\"transient\" upsets a neuron's or a synapse's message, found \(component)"
        default: return nil
        }
    }

    /// The `value` cell of a row of `kind`: a finite number for `stuck-at`, a bit that exists in a weight stored
    /// as `storage` for `seu`, a workload input (an index below `inputs`, when known) for `transient`, empty for
    /// every other kind.
    fileprivate static func parseValue(
        _ cell: String, kind: FailureKind, storage: WeightStorage, inputs: Int?, fail: (String, String) -> InputError
    ) throws(InputError) -> Double? {
        guard kind.hasValue else {
            guard cell.isEmpty else { throw fail("value", "\"\(kind.rawValue)\" takes no value, found \"\(TextInput.excerpt(cell))\"") }
            return nil
        }
        guard !cell.isEmpty else { throw fail("value", "\"\(kind.rawValue)\" needs a value (the value column)") }
        guard let value = Double(cell), value.isFinite else {
            throw fail("value", "\"\(TextInput.excerpt(cell))\" is not a finite number")
        }
        if kind == .transient {
            guard value == value.rounded(), value >= 0, value < Double(inputs ?? Int.max) else {
                let range = inputs.map { " 0...\($0 - 1) (the workload has \(Noun.count($0, "input")))" } ?? " >= 0"
                throw fail("value", "input \(cell) does not exist: a transient's value is a workload input, an integer\(range)")
            }
        }
        if kind == .bitFlip {
            guard storage != .float64 else {
                throw fail("value", "bit \(cell): the chip declares no weightStorage, so no stored bit can flip")
            }
            guard value == value.rounded(), (0..<Double(storage.bitsPerWeight)).contains(value) else {
                throw fail(
                    "value", "bit \(cell) does not exist: \(storage.format) weights have bits 0...\(storage.bitsPerWeight - 1)")
            }
        }
        return value
    }
}
