import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailMission

/// Observing at checkpoints only: the same failures as observing after every change, the same measurement at every
/// checkpoint, the rows in between recorded unmeasured (and written so), and the flag kept through part files.
struct MonitorScheduleTests {
    static func runners() throws -> (changes: MissionRunner, checkpoints: MissionRunner) {
        let scenario = try MissionFixtures.scenario(runs: 4)
        var sparse = scenario
        sparse.schedule = .checkpoints
        let effort = MissionRunner.Effort(search: .none)
        return (try MissionRunner(scenario: scenario, effort: effort), try MissionRunner(scenario: sparse, effort: effort))
    }

    @Test func checkpointRowsMeasureWhatObservingEveryChangeMeasures() throws {
        let (every, atCheckpoints) = try Self.runners()
        var unmeasured = 0
        for r in 0..<4 {
            let a = every.fly(run: r), b = atCheckpoints.fly(run: r)
            #expect(a.failures == b.failures, "run \(r): the failures do not depend on when the monitor looks")
            #expect(a.timeline.count == b.timeline.count)
            for (x, y) in zip(a.timeline, b.timeline) {
                #expect(x.time == y.time && x.cause == y.cause && x.neuronsFailed == y.neuronsFailed)
                #expect(x.observed)
                if case .checkpoint = y.cause { #expect(y.observed, "run \(r) at \(y.time)") }
                // A row still measured (a checkpoint, or a failure that changed nothing since the last look, such as
                // the latch-up of a neuron already dead) measures exactly what observing every change measures.
                if y.observed { #expect(y.observation == x.observation, "run \(r) at \(y.time)") } else { unmeasured += 1 }
            }
        }
        #expect(unmeasured > 10)
    }

    @Test func unmeasuredRowsAreWrittenEmptyAndKeptThroughPartFiles() throws {
        let (_, atCheckpoints) = try Self.runners()
        let run = atCheckpoints.fly(run: 1)
        let budget = atCheckpoints.scenario.budget
        let back = try MissionPart.run(JSONField(value: MissionPart.encode(run), file: "p"), budget: budget)
        #expect(back == run)
        let csv = MissionReport.timelineCSV(run, chip: atCheckpoints.scenario.chip, labelled: false)
        let lines = csv.split(separator: "\n").dropFirst()
        #expect(lines.count == run.timeline.count)
        for (line, row) in zip(lines, run.timeline) {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            #expect((cells.last == "unmeasured") == !row.observed)
            if !row.observed {
                // omega_av, the first measure, follows the four leading cells and the per-layer counts.
                let first = 4 + row.neuronsFailed.count + row.synapsesFailed.count
                #expect(cells[first].isEmpty && cells[first + 1].isEmpty)
            }
        }
        // A run measured everywhere has no "unmeasured" key: parts of other scenarios keep their bytes.
        let (every, _) = try Self.runners()
        #expect(MissionPart.encode(every.fly(run: 1))["unmeasured"] == nil)
        #expect(MissionPart.encode(run)["unmeasured"] != nil)
    }

    @Test func unknownScheduleIsRefusedNamingTheField() throws {
        let dir = TestSupport.temporaryDirectory()
        TestSupport.write(MissionFixtures.chip, "chip.json", in: dir)
        let text = """
            {"format": "neurofail.scenario/1", "name": "s", "chip": "chip.json", "durationYears": 1,
             "checkpointYears": 0.5, "workload": {"random": 4, "seed": 3}, "budget": 0.5, "seed": 1,
             "observe": "sometimes", "failures": []}
            """
        let path = TestSupport.write(text, "s.json", in: dir)
        #expect(throws: InputError.self) { try Scenario.load(path: path) }
        do {
            _ = try Scenario.load(path: path)
        } catch {
            #expect(error.description.contains("observe") && error.description.contains("\"checkpoints\""))
        }
        let good = text.replacingOccurrences(of: "sometimes", with: "checkpoints")
        #expect(try Scenario.load(path: TestSupport.write(good, "g.json", in: dir)).schedule == .checkpoints)
    }
}
