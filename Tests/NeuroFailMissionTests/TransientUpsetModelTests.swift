import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailMission

/// Transient upsets from the model to the report: their draws, decoding, the flight (a row each with its measured
/// effect, no condition changed), replay and thread counts.
struct TransientUpsetModelTests {
    /// The fixtures' 3-8-6-2 chip with permanent latch-ups and upsets of neurons and synapses.
    static func scenario(runs: Int = 3, rate: Double = 0.4) throws -> Scenario {
        let dir = TestSupport.temporaryDirectory()
        TestSupport.write(MissionFixtures.chip, "chip.json", in: dir)
        let text = """
            {"format": "neurofail.scenario/1", "name": "upsets", "chip": "chip.json",
             "durationYears": 5, "checkpointYears": 1, "workload": {"random": 16, "seed": 3},
             "budget": 0.5, "seed": 7, "runs": \(runs), "cores": {"neuronsPerCore": 4},
             "failures": [
               {"model": "radiation-latchup", "components": "neurons", "rate": 0.05},
               {"model": "transient-upset", "components": "all", "rate": \(rate), "note": "per component-year"}]}
            """
        return try Scenario.load(path: TestSupport.write(text, "scenario.json", in: dir))
    }

    /// All components together are one Poisson process of rate λ·C (no modulation here): over 400 missions the count
    /// is within 4σ of λ·C·T, every event names a selected component and a workload input, and both neurons and
    /// synapses, and every input, get hit.
    @Test func upsetsArriveAtTheModelsRateOnComponentsAndInputsDrawnUniformly() {
        let chip = TestSupport.chip(inputs: 3, widths: [4, 3], outputs: 2)
        let selection = ComponentSelection(neurons: true, synapses: true)
        let components = selection.components(of: chip)
        let model = TransientUpsetModel(
            ratePerYear: 0.01, inputs: 5, selection: selection, followsSolarCycle: false, boostedByStorms: false)
        var count = 0, inputs = Set<Int>(), neurons = 0
        for run in 0..<400 {
            var rng = Xoshiro256(seed: 3, stream: UInt64(run))
            let events = model.failures(chip: chip, cores: .none, environment: SpaceEnvironment(durationYears: 10), rng: &rng)
            #expect(events == events.sorted())
            for e in events {
                #expect(e.kind == .transient && components.contains(e.component))
                #expect(e.value.map { $0 == $0.rounded() && (0..<5).contains(Int($0)) } ?? false)
                inputs.insert(Int(e.value ?? -1))
                if case .neuron = e.component { neurons += 1 }
            }
            count += events.count
        }
        let mean = 400 * 0.01 * Double(components.count) * 10
        #expect(abs(Double(count) - mean) < 4 * mean.squareRoot(), "\(count) upsets, expected \(mean)")
        // 7 of the 34 components are neurons.
        let share = Double(neurons) / Double(count), p = 7.0 / 34
        #expect(abs(share - p) < 4 * (p * (1 - p) / Double(count)).squareRoot(), "\(share) of upsets hit neurons")
        #expect(inputs == Set(0..<5))
    }

    @Test func theModelIsDecodedWithTheWorkloadsSize() throws {
        let scenario = try Self.scenario()
        let model = try #require(scenario.failures.last as? TransientUpsetModel)
        #expect(model.inputs == 16 && model.ratePerYear == 0.4 && model.selection == ComponentSelection(neurons: true, synapses: true))
        #expect(scenario.hasTransients)
        #expect(!(try MissionFixtures.scenario()).hasTransients)
    }

    /// An upset gets its own row, with its effect measured on the inference it hit, and changes nothing else: the row
    /// repeats the observation in force, and every other row is the one the mission without upsets records.
    @Test func anUpsetIsARowWithItsMeasuredEffectAndChangesNoCondition() throws {
        let scenario = try Self.scenario(runs: 1)
        let runner = try MissionRunner(scenario: scenario, effort: .init(search: .none))
        let run = runner.fly(run: 0)
        let upsets = run.timeline.filter { if case let .failure(e) = $0.cause { return e.kind == .transient }; return false }
        #expect(upsets.count == run.failures.filter { $0.kind == .transient }.count && upsets.count > 10)
        #expect(upsets.allSatisfy { $0.upset != nil } && run.timeline.filter { $0.upset != nil }.count == upsets.count)
        #expect(upsets.contains { ($0.upset?.deviation ?? 0) > 0 }, "some upset moved an output")
        for (i, row) in run.timeline.enumerated() where row.upset != nil && i > 0 {
            #expect(row.observation == run.timeline[i - 1].observation)
            #expect(row.neuronsFailed == run.timeline[i - 1].neuronsFailed)
        }
        let permanent = run.failures.filter { $0.kind != .transient }
        let without = runner.fly(run: 0, events: permanent)
        #expect(without.timeline == run.timeline.filter { $0.upset == nil })
    }

    /// The mission's trace (upsets included, each with its input) replays to the same timeline bytes; the runs are
    /// the same for 1 and 2 threads, and so is the summary.
    @Test func upsetsReplayByteForByteAndDoNotDependOnTheThreadCount() throws {
        let scenario = try Self.scenario(runs: 4)
        let runner = try MissionRunner(scenario: scenario, effort: .init(search: .none))
        let one = runner.flyAll(runs: 0..<4, threads: 1), two = runner.flyAll(runs: 0..<4, threads: 2)
        #expect(one == two)
        let text = FailureTrace(events: one[0].failures).rendered()
        #expect(text.contains(",transient,"))
        let parsed = try FailureTrace.parse(
            text, file: "trace.csv", chip: scenario.chip, cores: scenario.cores, durationYears: scenario.durationYears,
            inputs: 16)
        #expect(parsed.rendered() == text)
        let replayed = runner.fly(run: 0, events: parsed.events)
        let csv = { (r: MissionRun) in MissionReport.timelineCSV(r, chip: scenario.chip, labelled: false, upsets: true) }
        #expect(csv(replayed) == csv(one[0]))
        #expect(csv(one[0]).hasPrefix("time_years,") && csv(one[0]).split(separator: "\n")[0].hasSuffix(",flags,upset_deviation,upset_decision_flip"))
        let report = { (runs: [MissionRun]) in
            MissionReport(scenario: scenario, engine: .fast, runs: runs, checkpoints: runner.checkpoints, workloadInputs: 16)
                .summary.rendered()
        }
        #expect(report(one) == report(two))
        #expect(report(one).contains("\"label\": \"measured, not bounded\""))
    }

    /// The summary's upset figures, derived by hand from two runs' rows.
    @Test func theSummaryCountsUpsetsAndTheirMeasuredEffect() throws {
        let scenario = try Self.scenario(runs: 2)
        let o = Observation(omegaAverage: 0, omegaMax: 0, erf: 0, erfAverage: 0, budget: 1)
        func row(_ t: Double, _ upset: Monitor.UpsetEffect?) -> TimelineRow {
            let cause: TimelineRow.Cause = upset == nil
                ? .checkpoint
                : .failure(FailureEvent(time: t, component: .neuron(NeuronID(layer: 1, index: 0)), kind: .transient, value: 0))
            return TimelineRow(time: t, cause: cause, neuronsFailed: [0, 0], synapsesFailed: [0, 0, 0], observation: o, upset: upset)
        }
        let runs = [
            MissionRun(run: 0, failures: [], timeline: [row(0, nil), row(1, .init(deviation: 0.5, decisionFlipped: true)), row(2, .unchanged)]),
            MissionRun(run: 1, failures: [], timeline: [row(0, nil), row(3, .init(deviation: 0.25, decisionFlipped: false))]),
        ]
        let summary = MissionReport(scenario: scenario, engine: .fast, runs: runs, checkpoints: [0, 5], workloadInputs: 16).summary
        guard case let .object(pairs) = summary, let u = pairs.first(where: { $0.0 == "transientUpsets" })?.1,
            case let .object(fields) = u
        else { Issue.record("no transientUpsets"); return }
        let value = Dictionary(uniqueKeysWithValues: fields)
        #expect(value["perRun"] == .number(1.5) && value["outputChanged"] == .number(2.0 / 3))
        #expect(value["decisionFlipped"] == .number(1.0 / 3) && value["maxDeviation"] == .number(0.5))
        #expect(value["meanDeviation"] == .number(0.25) && value["label"] == .string("measured, not bounded"))
    }
}
