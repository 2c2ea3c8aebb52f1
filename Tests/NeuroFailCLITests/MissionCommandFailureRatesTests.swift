import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailCLI

struct MissionCommandFailureRatesTests {
    /// Three runs of a 4-year mission on a 3-6-5-2 chip (11 hidden neurons, 3·6 + 6·5 + 5·2 = 58 synapses) with
    /// neuron and synapse latch-up: T = 3 × 4 × 8,766 = 105,192 chip-hours, and the rows' events add up to the
    /// failures of all runs as runs.csv counts them.
    @Test func summaryStatesFITAndMTTFFromTheEventsOfAllRuns() throws {
        let scenario = try smallScenario(failures: """
            [{"model": "radiation-latchup", "components": "neurons", "rate": 0.2},
             {"model": "radiation-latchup", "components": "synapses", "rate": 0.02}]
            """)
        let dir = (scenario as NSString).deletingLastPathComponent
        let out = dir + "/m"
        let r = neurofail("mission", scenario, "--out", out, "--json", "--search", "none")
        #expect(r.status == 0, "\(r.err)")
        let rates = try #require(json(r)["failureRates"] as? [String: Any])
        #expect(rates["chipHours"] as? Double == 105_192)
        #expect(rates["confidence"] as? Double == 0.95)
        let kinds = try #require(rates["kinds"] as? [[String: Any]])
        #expect(kinds.map { "\($0["kind"] ?? "") \($0["component"] ?? "") \($0["componentsPerChip"] ?? "")" }
            == ["latchup neuron 11", "latchup synapse 58"])
        let csv = try String(contentsOfFile: out + "/runs.csv", encoding: .utf8).split(separator: "\n").dropFirst()
        let failures = csv.compactMap { Int($0.split(separator: ",")[1]) }.reduce(0, +)
        let events = kinds.compactMap { $0["events"] as? Int }.reduce(0, +)
        #expect(events == failures)
        let chipRate = try #require(rates["chip"] as? [String: Any])
        #expect(chipRate["events"] as? Int == failures)
        let fit = try #require(chipRate["fit"] as? Double)
        #expect(abs(fit - Double(failures) / 105_192 * 1e9) <= 1e-9 * fit)
        let readable = neurofail("mission", scenario, "--out", out, "--search", "none")
        #expect(readable.out.contains("Failure rates (JESD89) over 105192 chip-hours; bounds one-sided at 95% confidence"))
        #expect(readable.out.contains("latchup    neuron"))
    }
}
