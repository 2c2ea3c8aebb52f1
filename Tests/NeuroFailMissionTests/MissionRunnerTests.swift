import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailMission

struct MissionRunnerTests {
    @Test func checkpointsCoverTheMissionIncludingItsEnd() throws {
        let runner = try MissionRunner(scenario: MissionFixtures.scenario())
        #expect(runner.checkpoints == [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5])
    }

    @Test func timelineHasARowPerCheckpointAndPerFailureInTimeOrder() throws {
        let runner = try MissionRunner(scenario: MissionFixtures.scenario())
        let run = runner.fly(run: 0)
        #expect(!run.failures.isEmpty)
        #expect(run.timeline.count == runner.checkpoints.count + run.failures.count)
        #expect(zip(run.timeline, run.timeline.dropFirst()).allSatisfy { $0.time <= $1.time })
        // Failures are cumulative: the neuron counts never decrease.
        #expect(zip(run.timeline, run.timeline.dropFirst()).allSatisfy { a, b in
            zip(a.neuronsFailed, b.neuronsFailed).allSatisfy { $0 <= $1 }
        })
    }

    @Test func erfStaysAboveTheMeasuredDegradationThroughout() throws {
        let runner = try MissionRunner(scenario: MissionFixtures.scenario(runs: 8))
        for run in runner.flyAll(runs: 0..<8) {
            #expect(run.boundViolations == 0)
            for row in run.timeline {
                #expect(row.observation.omegaMax <= row.observation.erf * (1 + 1e-9))
                #expect(row.observation.omegaAverage <= row.observation.omegaMax)
            }
        }
    }

    @Test func sameSeedGivesTheSameRunsWhateverTheThreadCount() throws {
        let runner = try MissionRunner(scenario: MissionFixtures.scenario(runs: 6))
        let one = runner.flyAll(runs: 0..<6, threads: 1)
        let two = runner.flyAll(runs: 0..<6, threads: 2)
        let three = runner.flyAll(runs: 0..<6, threads: 3)
        #expect(one == two && two == three)
        #expect(one[0] != one[1], "runs draw from different streams")
    }

    @Test func replayingTheRecordedTraceGivesTheSameTimelineByteForByte() throws {
        let scenario = try MissionFixtures.scenario()
        let runner = try MissionRunner(scenario: scenario)
        let run = runner.fly(run: 2)
        let traceText = FailureTrace(events: run.failures).rendered()
        let parsed = try FailureTrace.parse(
            traceText, file: "trace.csv", chip: scenario.chip, cores: scenario.cores,
            durationYears: scenario.durationYears)
        let replayed = runner.fly(run: 0, events: parsed.events, detailed: false)
        #expect(MissionReport.timelineCSV(replayed, chip: scenario.chip, labelled: false) == MissionReport.timelineCSV(run, chip: scenario.chip, labelled: false))
    }

    @Test func referenceEngineFliesTheSameMission() throws {
        let scenario = try MissionFixtures.scenario(runs: 1, workload: 8)
        let fast = try MissionRunner(scenario: scenario, engine: .fast).fly(run: 1)
        let reference = try MissionRunner(scenario: scenario, engine: .reference).fly(run: 1)
        #expect(fast.failures == reference.failures)
        for (a, b) in zip(fast.timeline, reference.timeline) {
            #expect(abs(a.observation.omegaAverage - b.observation.omegaAverage) <= 1e-12 * max(1, a.observation.omegaAverage))
            #expect(a.observation.erf == b.observation.erf)
        }
    }
}
