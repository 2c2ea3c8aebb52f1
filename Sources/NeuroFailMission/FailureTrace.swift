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
/// Invariants checked by ``parse(_:file:chip:cores:durationYears:)``: times finite, `0 ≤ time ≤` mission duration,
/// non-decreasing; components exist on the chip and core map; no component fails twice.
public struct FailureTrace: Sendable, Hashable {
    /// The header line, exactly.
    public static let header = "time_years,component,kind"
    /// The events in order.
    public var events: [FailureEvent]

    /// A trace of `events`, kept in the given order (which should be by time, as ``FailureEvent/merged(_:)`` gives).
    public init(events: [FailureEvent]) { self.events = events }

    /// The CSV text: the header, then one line per event, each ending in `\n`.
    public func rendered() -> String {
        var out = Self.header + "\n"
        for e in events { out += "\(JSONValue.format(e.time)),\(e.component),\(e.kind.rawValue)\n" }
        return out
    }

    /// Writes ``rendered()`` to `path` atomically.
    public func write(to path: String) throws(InputError) { try AtomicFile.write(rendered(), to: path) }

    /// Reads and checks a trace file against `chip`, `cores` and the mission length.
    public static func load(
        path: String, chip: Chip, cores: CoreMap, durationYears: Double
    ) throws(InputError) -> FailureTrace {
        let data = try InputError.readFile(path)
        // A failure is permanent, so a trace has at most one line per component: a file far beyond that (a 1 GB
        // single line took minutes and gigabytes) is refused before it is split into lines.
        let components = chip.widths.reduce(0, +) + chip.allLayers.reduce(0) { $0 + $1.synapseCount } + cores.count
        let limit = max(64 << 20, 128 * (components + 1))
        guard data.count <= limit else {
            throw .malformed(
                file: path, location: "line 1",
                reason: "\(data.count) bytes, more than \(limit) for a chip of \(components) components (a trace has at most one line per component)")
        }
        guard let text = TextInput.decode(data) else {
            throw .malformed(file: path, location: "line 1", reason: "not UTF-8 text")
        }
        return try parse(text, file: path, chip: chip, cores: cores, durationYears: durationYears)
    }

    /// Parses trace text. Blank lines and lines starting with `#` are skipped; the first other line must be the
    /// header. Lines may end in `\n`, `\r\n` (Python's `csv` module, Excel) or `\r`; a byte-order mark is ignored. Errors name the file, the line and the column, e.g.
    /// `trace.csv: line 3, time_years: times out of order: 1.5 after 2`.
    public static func parse(
        _ text: String, file: String, chip: Chip, cores: CoreMap, durationYears: Double
    ) throws(InputError) -> FailureTrace {
        var events = [FailureEvent]()
        var firstLine = [Component: Int]()
        var sawHeader = false
        var lineNumber = 0
        let body = text.hasPrefix("\u{FEFF}") ? text.dropFirst() : Substring(text)
        for rawLine in TextInput.lines(String(body)) {
            lineNumber += 1
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            func fail(_ column: String, _ reason: String) -> InputError {
                .malformed(file: file, location: "line \(lineNumber), \(column)", reason: reason)
            }
            guard sawHeader else {
                let normalized = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                    .joined(separator: ",")
                guard normalized == header else {
                    throw .malformed(
                        file: file, location: "line \(lineNumber)",
                        reason: "expected the header \"\(header)\", found \"\(TextInput.excerpt(line))\"")
                }
                sawHeader = true
                continue
            }
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 3 else {
                throw .malformed(
                    file: file, location: "line \(lineNumber)",
                    reason: "has \(cells.count) fields, expected 3 (\(header))")
            }
            guard let time = Double(cells[0]) else {
                throw fail("time_years", "\"\(TextInput.excerpt(cells[0]))\" is not a number")
            }
            guard time.isFinite else { throw fail("time_years", "must be finite, found \(cells[0])") }
            guard time >= 0 else { throw fail("time_years", "must be >= 0, found \(cells[0])") }
            guard time <= durationYears else {
                throw fail(
                    "time_years",
                    "\(cells[0]) is beyond the mission (\(JSONValue.format(durationYears)) years)")
            }
            if let last = events.last, time < last.time {
                throw fail(
                    "time_years", "times out of order: \(cells[0]) after \(JSONValue.format(last.time))")
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
            firstLine[component] = lineNumber
            events.append(FailureEvent(time: time, component: component, kind: kind))
        }
        guard sawHeader else {
            throw .malformed(file: file, location: "line 1", reason: "empty trace: expected the header \"\(header)\"")
        }
        return FailureTrace(events: events)
    }
}
