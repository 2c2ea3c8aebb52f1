import Foundation
import Testing

@testable import NeuroFailCLI

struct CommandLineToolTests {
    @Test func versionPrintsTheVersion() {
        let r = neurofail("--version")
        #expect(r.status == 0 && r.out == "neurofail \(CommandLineTool.version)\n")
    }

    @Test func everyCommandHasHelp() {
        for command in ["erf", "omega", "tolerance", "compare", "inspect", "generate", "mission", "replay"] {
            let r = neurofail(command, "--help")
            #expect(r.status == 0, "\(command)")
            #expect(r.out.hasPrefix("OVERVIEW: "), "\(command)")
            #expect(r.out.contains("USAGE: neurofail \(command)"), "\(command)")
        }
        #expect(neurofail("--help").out.contains("COMMANDS:"))
    }

    @Test func unknownCommandIsAUsageError() {
        expectBadInput(neurofail("erff"), "unknown command 'erff'")
    }

    @Test func unknownFlagSuggestsTheClosestOption() {
        expectBadInput(
            neurofail("erf", repo("Chips/hand-2-2-1.json"), "--fialures", "1,0"),
            "unknown option '--fialures'; did you mean '--failures'?")
    }

    @Test func missingArgumentIsAUsageError() {
        expectBadInput(neurofail("erf"), "missing <chip>")
        expectBadInput(neurofail("erf", repo("Chips/hand-2-2-1.json")), "missing --failures")
    }

    @Test func optionWithoutItsValueIsAUsageError() {
        expectBadInput(neurofail("erf", repo("Chips/hand-2-2-1.json"), "--failures"), "--failures: missing value")
    }

    @Test func helpListsEveryCommandWithItsAbstractInOneColumn() {
        let r = neurofail("--help")
        let rows = r.out.split(separator: "\n").filter { line in
            CommandLineTool.commands.contains { line.hasPrefix("  " + $0.spec.name + " ") }
        }
        #expect(rows.count == CommandLineTool.commands.count)
        let columns = Set(rows.map { row -> Int in
            let afterName = row.dropFirst(2).drop { $0 != " " }
            return row.count - afterName.drop { $0 == " " }.count
        })
        #expect(columns.count == 1, "abstracts start at columns \(columns)")
        #expect(r.out.contains("  mission-merge  Combine"))
    }

    /// On a terminal: a note shows at once; after two seconds a fraction shows with the time left and the note.
    @Test func progressLineShowsTheStepThenTheFractionAndClears() async throws {
        let captured = Console.Capture()
        let console = Console(
            out: { _ in }, err: { text in captured.storage.withLock { $0.err += text } }, errIsTerminal: true)
        let line = ProgressLine(console: console, label: "fig7")
        line.note("training digits-48")
        #expect(captured.err == "\rfig7: training digits-48\u{1B}[K")
        try await Task.sleep(for: .milliseconds(2_100))
        line.update(0.25)
        #expect(captured.err.contains("\rfig7:  25.0%, "), "\(captured.err.debugDescription)")
        #expect(captured.err.contains(" s left · training digits-48\u{1B}[K"), "\(captured.err.debugDescription)")
        line.finish()
        #expect(captured.err.hasSuffix("\r\u{1B}[K"))
    }
}
