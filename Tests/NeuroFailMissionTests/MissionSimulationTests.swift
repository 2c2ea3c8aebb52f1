import NeuroFailCore
import Testing

@testable import NeuroFailMission

struct MissionSimulationTests {
    /// The mission as it was flown before it ran on the kernel: every model's failures merged up front (sorted,
    /// first failure of each component kept), applied in time order, a row after each failure and at each checkpoint.
    /// An independent reading of the same semantics, to hold the processes to.
    static func sortedMerge(_ runner: MissionRunner, run: Int) throws -> MissionRun {
        let scenario = runner.scenario
        let events = scenario.failureEvents(run: run).filter { $0.time <= scenario.durationYears }
        let effort = Monitor.Effort(method: runner.effort.method, search: false)
        var faults = FaultSet(pristine: scenario.chip)
        var current = try runner.monitor.observe(faults, effort: effort)
        var rows = [TimelineRow]()
        var e = 0
        func row(_ t: Double, _ cause: TimelineRow.Cause) -> TimelineRow {
            TimelineRow(time: t, cause: cause, neuronsFailed: faults.neuronCounts, synapsesFailed: faults.synapseCounts, observation: current)
        }
        for t in runner.checkpoints {
            while e < events.count, events[e].time <= t {
                let before = faults
                faults.apply(events[e], chip: scenario.chip, cores: scenario.cores)
                if faults != before { current = try runner.monitor.observe(faults, effort: effort) }
                rows.append(row(events[e].time, .failure(events[e])))
                e += 1
            }
            rows.append(row(t, .checkpoint))
        }
        return MissionRun(run: run, failures: Array(events[..<e]), timeline: rows)
    }

    @Test func processesOnTheKernelFlyTheSameRunsAsTheSortedMerge() throws {
        let runner = try MissionRunner(scenario: MissionFixtures.scenario(runs: 6))
        for run in 0..<6 {
            let flown = runner.fly(run: run, detailed: false)
            #expect(flown == (try Self.sortedMerge(runner, run: run)), "run \(run)")
            #expect(flown.timeline.contains { if case .failure = $0.cause { true } else { false } })
        }
    }

    @Test func theClockIsMissionTimeAndFailuresArriveAtTheirExactTimes() throws {
        let runner = try MissionRunner(scenario: MissionFixtures.scenario())
        let simulation = MissionSimulation(runner: runner, run: 1, events: nil, detailed: false)
        let run = simulation.run(index: 1)
        #expect(simulation.environment.now == runner.scenario.durationYears)
        let drawn = runner.scenario.failureEvents(run: 1)
        #expect(run.failures == drawn && !drawn.isEmpty)
        let failureRows = run.timeline.compactMap { row -> Double? in if case .failure = row.cause { row.time } else { nil } }
        #expect(failureRows == drawn.map(\.time))
        // One launch event, one message per drawn failure (duplicates included), one notice to the monitor per
        // failure kept, one event per checkpoint.
        #expect(simulation.environment.eventsProcessed >= 1 + 2 * drawn.count + runner.checkpoints.count)
    }

    @Test func aFailureAtACheckpointComesBeforeItAndALaterFailureOfTheSameComponentIsDropped() throws {
        let scenario = try MissionFixtures.scenario()
        let runner = try MissionRunner(scenario: scenario)
        let n = Component.neuron(NeuronID(layer: 1, index: 3))
        let events = [
            FailureEvent(time: 1, component: n, kind: .replay), FailureEvent(time: 1.5, component: .core(0), kind: .replay),
            FailureEvent(time: 2, component: n, kind: .replay),
        ]
        let run = runner.fly(run: 0, events: events, detailed: false)
        #expect(run.failures == Array(events.prefix(2)))
        let causes = run.timeline.filter { (1...2).contains($0.time) }.map { row -> String in
            switch row.cause {
            case .checkpoint: "c\(row.time)"
            case let .failure(e): "f\(e.time)"
            case let .recovery(r): "r\(r.time)"
            }
        }
        #expect(causes == ["f1.0", "c1.0", "f1.5", "c1.5", "c2.0"])
        // core0 holds n1.0...n1.3 (4 per core): n1.3 already dead, three more fall with it.
        #expect(run.timeline.last?.neuronsFailed == [4, 0])
    }
}
