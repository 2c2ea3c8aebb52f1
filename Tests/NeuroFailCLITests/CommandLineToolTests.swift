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
}
