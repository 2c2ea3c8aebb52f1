import Foundation
import NeuroFailBounds
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

    /// Part files record the effort as text and mission-merge reads it back: every effort round-trips, and text
    /// that names no effort is nil (a negative number of starts too: a part file is user input, and a search
    /// cannot run −1 starts).
    @Test func effortDescriptionRoundTripsAndUnknownTextIsNil() {
        var seen = Set<String>()
        for method in FaultSetBound.Method.allCases {
            for search in MissionRunner.Effort.Search.allCases {
                for starts in [0, 1, 32, 256, 100_000] {
                    let effort = MissionRunner.Effort(method: method, search: search, searchStarts: starts)
                    #expect(MissionRunner.Effort(parsing: effort.description) == effort, "\(effort.description)")
                    seen.insert(effort.description)
                }
            }
        }
        #expect(seen.count == FaultSetBound.Method.allCases.count * MissionRunner.Effort.Search.allCases.count * 5, "every effort has its own text")
        #expect(MissionRunner.Effort().description == "difference-intervals, search failures (32 starts)")
        for text in ["", "difference-intervals", "linear-relaxation, search sometimes (3 starts)", "lp, search none (3 starts)",
                     "linear-relaxation, search none (three starts)", "linear-relaxation, search none (3 starts) ",
                     "linear-relaxation, search none (-1 starts)"] {
            #expect(MissionRunner.Effort(parsing: text) == nil, "\(text)")
        }
    }

    /// Run 0 is the detailed run (the tight bound at every change, the search at failure rows): replaying its trace
    /// with the same effort gives its timeline byte for byte; with another effort the found deviations differ.
    @Test func replayingRunZerosTraceWithTheSameEffortGivesTheSameTimelineBytes() throws {
        let scenario = try MissionFixtures.scenario(runs: 1, workload: 16)
        let effort = MissionRunner.Effort(search: .failures, searchStarts: 2)
        let runner = try MissionRunner(scenario: scenario, effort: effort)
        let run = runner.fly(run: 0)
        #expect(run.timeline.contains { $0.observation.foundDeviation != nil }, "run 0 searched")
        let parsed = try FailureTrace.parse(
            FailureTrace(events: run.failures).rendered(), file: "trace.csv", chip: scenario.chip, cores: scenario.cores,
            durationYears: scenario.durationYears)
        let replayed = runner.fly(run: 0, events: parsed.events)
        let csv = { (r: MissionRun) in MissionReport.timelineCSV(r, chip: scenario.chip, labelled: false) }
        #expect(csv(replayed) == csv(run))
        let other = try MissionRunner(scenario: scenario, effort: .init(search: .none)).fly(run: 0, events: parsed.events)
        #expect(csv(other) != csv(run))
        #expect(other.timeline.allSatisfy { $0.observation.foundDeviation == nil })
        let final = try MissionRunner(scenario: scenario, effort: .init(search: .final, searchStarts: 2)).fly(run: 0, events: parsed.events)
        #expect(final.timeline.dropLast().allSatisfy { $0.observation.foundDeviation == nil } && final.final?.observation.foundDeviation != nil)
    }

    /// `all`: run 0 searches at every failure row, every other run at its last row only (with the tight bound
    /// there); `failures` leaves the other runs unsearched.
    @Test func searchAllAlsoSearchesTheLastRowOfEveryOtherRun() throws {
        let scenario = try MissionFixtures.scenario(runs: 2, workload: 16)
        let all = try MissionRunner(scenario: scenario, effort: .init(search: .all, searchStarts: 1)).flyAll(runs: 0..<2, threads: 1)
        let failures = try MissionRunner(scenario: scenario, effort: .init(search: .failures, searchStarts: 1)).flyAll(runs: 0..<2, threads: 1)
        #expect(all[0] == failures[0], "run 0 is searched alike")
        #expect(all[1].timeline.dropLast().allSatisfy { $0.observation.foundDeviation == nil })
        let last = try #require(all[1].final?.observation)
        #expect(last.foundDeviation != nil && !all[1].failures.isEmpty)
        #expect(last.certifiedBound <= failures[1].final?.observation.certifiedBound ?? 0, "the tight bound at the searched row")
        #expect(failures[1].timeline.allSatisfy { $0.observation.foundDeviation == nil })
    }

    /// Runs other than 0 get the effort's method at every row; run 0 always the linear relaxation, so its certified
    /// bound is never looser than the same run flown undetailed with difference intervals.
    @Test func theDetailedRunGetsTheTightBound() throws {
        let scenario = try MissionFixtures.scenario(runs: 1, workload: 16)
        let runner = try MissionRunner(scenario: scenario, effort: .init(search: .none))
        let detailed = runner.fly(run: 0)
        let plain = runner.fly(run: 0, detailed: false)
        #expect(detailed.failures == plain.failures)
        var tighter = 0
        for (a, b) in zip(detailed.timeline, plain.timeline) {
            #expect(a.observation.certifiedBound <= b.observation.certifiedBound)
            if a.observation.certifiedBound < b.observation.certifiedBound * 0.999 { tighter += 1 }
        }
        #expect(tighter > 0)
    }

    /// `clip` in the scenario moves the workload into the box and the runner says how many inputs moved.
    @Test func theRunnerCountsTheClippedInputs() throws {
        var scenario = try MissionFixtures.scenario(runs: 1, workload: 50)
        scenario.domain = InputBox(lower: [0, 0, 0], upper: [0.5, 1, 1], source: "left half")
        #expect(throws: InputError.self) { try MissionRunner(scenario: scenario) }
        scenario.clip = true
        let runner = try MissionRunner(scenario: scenario)
        let moved = InputBatch.uniform(count: 50, dimension: 3, domain: .unit, seed: 3).values.enumerated().filter { $0.offset % 3 == 0 && $0.element > 0.5 }.count
        #expect(runner.clippedInputs == moved && moved > 10)
        #expect(runner.monitor.box.source == "left half")
    }
}
