import NeuroFailCore
import NeuroFailEngine
import Testing

@testable import NeuroFailMission

/// The chip process composes its condition from failures and recoveries: flown through hand-written traces on the
/// test chip (3 inputs, widths [8, 6], 2 outputs, 4 neurons per core, MissionFixtures), each row checked against the
/// dense evaluator of the fault set derived by hand.
struct ChipProcessTests {
    /// The fixture's chip and cores with `extra` top-level fields (weight storage, recovery) and no failure models.
    static func scenario(_ extra: String) throws -> Scenario {
        let dir = TestSupport.temporaryDirectory()
        let chip = Chip.random(
            inputs: 3, widths: [8, 6], outputs: 2, activation: Activation(.relu, lipschitz: 1), mean: 0, std: 0.7,
            seed: 5)
        TestSupport.write(chip, "chip.json", in: dir)
        let text = """
            {"format": "neurofail.scenario/1", "name": "chip-process", "chip": "chip.json",
             "durationYears": 5, "checkpointYears": 0.5, "workload": {"random": 32, "seed": 3},
             "budget": 0.5, "seed": 1, "runs": 1, "cores": {"neuronsPerCore": 4}, "failures": [] \(extra)}
            """
        return try Scenario.load(path: TestSupport.write(text, "scenario.json", in: dir))
    }

    /// Ω_max of `faults` on the scenario's workload, by the dense evaluator.
    static func omegaMax(_ runner: MissionRunner, _ faults: FaultSet) throws -> Double {
        try runner.monitor.observe(faults).omegaMax
    }

    static func row(_ run: MissionRun, at t: Double, _ event: String) -> TimelineRow? {
        run.timeline.first { row in
            guard row.time == t else { return false }
            switch row.cause {
            case .checkpoint: return event == "checkpoint"
            case let .failure(e): return event == e.kind.rawValue
            case let .recovery(r): return event == r.kind.rawValue
            }
        }
    }

    @Test func aFlippedBitReadsFlippedUntilTheScrubRewritesIt() throws {
        let scenario = try Self.scenario(#", "weightStorage": "int8", "recovery": {"scrubPeriodDays": 182.625}"#)
        guard case let .int8(scales) = scenario.weightStorage else { Issue.record("int8 expected"); return }
        let runner = try MissionRunner(scenario: scenario, effort: .init(search: .none))
        // Bit 7 is the sign of the two's-complement byte: q becomes q − 128 if q ≥ 0, q + 128 if q < 0. The synapse:
        // the first into layer 1 whose flip moves an output on the workload (a ReLU neuron may be off throughout).
        var s = SynapseID(layer: 1, target: 0, source: 0), flipped = FaultSet(pristine: scenario.chip)
        for flat in 0..<scenario.chip.hidden[0].synapseCount {
            s = SynapseID(layer: 1, target: flat / 3, source: flat % 3)
            let q = (scenario.chip.hidden[0].weights[flat] / scales[0]).rounded()
            flipped = FaultSet(pristine: scenario.chip)
            flipped.apply(.weight(s, (q >= 0 ? q - 128 : q + 128) * scales[0]), chip: scenario.chip)
            if try Self.omegaMax(runner, flipped) > 0 { break }
        }
        let run = runner.fly(run: 0, events: [FailureEvent(time: 0.7, component: .synapse(s), kind: .bitFlip, value: 7)])
        let hit = try #require(Self.row(run, at: 0.7, "seu"))
        #expect(hit.observation.omegaMax == (try Self.omegaMax(runner, flipped)) && hit.observation.omegaMax > 0)
        #expect(hit.observation.omegaMax <= hit.observation.erf && hit.observation.omegaMax <= hit.observation.certifiedBound)
        // Scrubs at 0.5 (nothing to do: no row) and 1.0 (restores).
        #expect(Self.row(run, at: 0.5, "scrub") == nil)
        let scrub = try #require(Self.row(run, at: 1, "scrub"))
        #expect(scrub.observation.omegaMax == 0 && scrub.observation.erf == 0)
        #expect(run.failures.count == 1)
    }

    @Test func flippingTheSameBitTwiceRestoresTheWeight() throws {
        let scenario = try Self.scenario(#", "weightStorage": "float16""#)
        let runner = try MissionRunner(scenario: scenario, effort: .init(search: .none))
        let s = Component.synapse(SynapseID(layer: 2, target: 0, source: 4))
        let run = runner.fly(run: 0, events: [
            FailureEvent(time: 1, component: s, kind: .bitFlip, value: 14),
            FailureEvent(time: 2, component: s, kind: .bitFlip, value: 14),
        ])
        #expect(try #require(Self.row(run, at: 1, "seu")).observation.omegaMax > 0)
        #expect(try #require(Self.row(run, at: 2, "seu")).observation.omegaMax == 0)
        #expect(run.timeline.last?.observation.erf == 0)
    }

    @Test func aCoreOutageEndsWithThePowerCycleButNotWhatFailedOnItsOwn() throws {
        // 87.66 hours is 0.01 years.
        let scenario = try Self.scenario(#", "recovery": {"powerCycleHours": 87.66}"#)
        let runner = try MissionRunner(scenario: scenario, effort: .init(search: .none))
        let n = NeuronID(layer: 1, index: 2)
        let run = runner.fly(run: 0, events: [
            FailureEvent(time: 0.5, component: .neuron(n), kind: .latchup),
            FailureEvent(time: 1, component: .core(0), kind: .coreOutage),
        ])
        // core0 holds n1.0...n1.3: down together, then all but n1.2 come back.
        let down = try #require(Self.row(run, at: 1, "core-outage"))
        #expect(down.neuronsFailed == [4, 0] && down.synapsesFailed == [12, 0, 0])
        let up = try #require(run.timeline.first { if case .recovery = $0.cause { true } else { false } })
        #expect(abs(up.time - 1.01) < 1e-12 && up.neuronsFailed == [1, 0] && up.synapsesFailed == [0, 0, 0])
        var alone = FaultSet(pristine: scenario.chip)
        alone.apply(.neuron(n, .crashed), chip: scenario.chip)
        #expect(up.observation.omegaMax == (try Self.omegaMax(runner, alone)))
        #expect(down.observation.omegaMax <= down.observation.erf)
    }

    @Test func aSpareTakesTheDeadNeuronsPlaceAfterTheDelayWhileSparesLast() throws {
        let scenario = try Self.scenario(#", "recovery": {"spares": {"perLayer": [1, 0], "delayDays": 36.525}}"#)
        let runner = try MissionRunner(scenario: scenario, effort: .init(search: .none))
        let run = runner.fly(run: 0, events: [
            FailureEvent(time: 1, component: .neuron(NeuronID(layer: 1, index: 3)), kind: .latchup),
            FailureEvent(time: 2, component: .neuron(NeuronID(layer: 1, index: 5)), kind: .latchup),
            FailureEvent(time: 2.5, component: .neuron(NeuronID(layer: 2, index: 0)), kind: .latchup),
        ])
        let spares = run.timeline.filter { if case .recovery = $0.cause { true } else { false } }
        #expect(spares.count == 1)
        #expect(abs((spares.first?.time ?? 0) - 1.1) < 1e-12 && spares.first?.neuronsFailed == [0, 0])
        #expect(spares.first?.observation.omegaMax == 0)
        #expect(run.timeline.last?.neuronsFailed == [1, 1])
    }

    @Test func aStuckNeuronSendsItsValueAndCountsAsFailed() throws {
        let scenario = try Self.scenario("")
        let runner = try MissionRunner(scenario: scenario, effort: .init(search: .none))
        let n = NeuronID(layer: 2, index: 1)
        let run = runner.fly(run: 0, events: [FailureEvent(time: 1, component: .neuron(n), kind: .stuckAt, value: 3)])
        var stuck = FaultSet(pristine: scenario.chip)
        stuck.apply(.neuron(n, .stuck(3)), chip: scenario.chip)
        let row = try #require(Self.row(run, at: 1, "stuck-at"))
        #expect(row.neuronsFailed == [0, 1])
        #expect(row.observation.omegaMax == (try Self.omegaMax(runner, stuck)) && row.observation.omegaMax > 0)
        #expect(row.observation.omegaMax <= row.observation.erf && row.observation.omegaMax <= row.observation.certifiedBound)
    }

    /// Every fault kind and every recovery process at once, drawn by the models: the same runs, byte for byte in the
    /// timeline, for 1, 2 and 3 threads, and a run's recorded trace replays to the same timeline.
    @Test func allKindsAndRecoveriesAreTheSameWhateverTheThreadsAndReplay() throws {
        let scenario = try Self.scenario(#"""
            , "weightStorage": "float16",
             "recovery": {"scrubPeriodDays": 30, "powerCycleHours": 500, "spares": {"perLayer": [2, 1], "delayDays": 20}}
            """#)
        var s = scenario
        s.failures = [
            BitFlipModel(ratePerBitYear: 0.002, bitsPerWeight: 16, followsSolarCycle: false, boostedByStorms: false),
            CoreLatchupModel(ratePerCoreYear: 0.3, permanentDamage: 0.2),
            StuckAtModel(ratePerYear: 0.1, values: [2, -1]),
            RadiationLatchupModel(ratePerYear: 0.05),
        ]
        let runner = try MissionRunner(scenario: s, effort: .init(search: .none))
        let csv = { (r: MissionRun) in MissionReport.timelineCSV(r, chip: s.chip, labelled: false) }
        let one = runner.flyAll(runs: 0..<6, threads: 1).map(csv)
        #expect(runner.flyAll(runs: 0..<6, threads: 2).map(csv) == one)
        #expect(runner.flyAll(runs: 0..<6, threads: 3).map(csv) == one)
        // 14 neurons at 0.1 per year for 5 years: each gets stuck with probability 1 − e^−0.5 ≈ 0.39, none of them with
        // probability ≈ 0.6^14 ≈ 0.001 (before the other models take some first).
        let run = runner.fly(run: 1)
        let kinds = Set(run.failures.map(\.kind))
        #expect(kinds.contains(.bitFlip) && kinds.contains(.stuckAt), "\(kinds)")
        let parsed = try FailureTrace.parse(
            FailureTrace(events: run.failures).rendered(), file: "t.csv", chip: s.chip, cores: s.cores,
            durationYears: s.durationYears, storage: s.weightStorage)
        #expect(parsed.events == run.failures)
        #expect(csv(runner.fly(run: 1, events: parsed.events)) == csv(run))
        #expect(run.timeline.contains { if case .recovery = $0.cause { true } else { false } })
        #expect(run.timeline.allSatisfy { $0.observation.omegaMax <= $0.observation.erfCeiling && $0.observation.omegaMax <= $0.observation.certifiedCeiling })
    }
}

