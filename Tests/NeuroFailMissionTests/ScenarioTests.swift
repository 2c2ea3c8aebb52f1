import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailMission

@Suite struct ScenarioTests {
    /// A folder with `Chips/c.json`, `Scenarios/inputs.csv`, `Scenarios/trace.csv` and a valid scenario.
    struct Fixture {
        let directory = TestSupport.temporaryDirectory()
        let chip = TestSupport.chip(inputs: 3, widths: [20, 20], outputs: 2, seed: 4)
        var scenarioPath: String { directory + "/Scenarios/s.json" }

        init() {
            TestSupport.write(chip, "Chips/c.json", in: directory)
            TestSupport.write("0.1,0.2,0.3\n0.4,0.5,0.6\n", "Scenarios/inputs.csv", in: directory)
            TestSupport.write("time_years,component,kind\n1,n1.3,replay\n", "Scenarios/trace.csv", in: directory)
        }

        static let base: [(String, JSONValue)] = [
            ("format", "neurofail.scenario/1"), ("chip", "../Chips/c.json"), ("startDate", "2027-01-01"),
            ("durationYears", 10), ("checkpointYears", 0.5), ("workload", ["random": 100, "seed": 3]),
            ("budget", 0.2), ("seed", 5), ("runs", 3),
            ("environment", [
                "solarCycle": ["minimumFactor": 1.5, "maximumFactor": 0.5],
                "storms": ["rate": 3, "durationDays": 2, "multiplier": 10],
            ]),
            ("failures", [
                ["model": "radiation-latchup", "rate": 0.05],
                ["model": "radiation-latchup", "components": "synapses", "flux": 6.4e-4, "crossSection": 1e-3],
                ["model": "weibull-wearout", "shape": 2, "scaleYears": 30],
                ["model": "core-latchup", "rate": 0.01],
                ["model": "trace", "file": "trace.csv"],
            ]),
        ]

        /// Writes the base scenario with `changes` (a nil value removes the key) and reads it.
        func load(_ changes: [(String, JSONValue?)] = []) throws(InputError) -> Scenario {
            var pairs = Fixture.base
            for (key, value) in changes {
                if let i = pairs.firstIndex(where: { $0.0 == key }) {
                    if let value { pairs[i].1 = value } else { pairs.remove(at: i) }
                } else if let value {
                    pairs.append((key, value))
                }
            }
            TestSupport.write(JSONValue.object(pairs).rendered(), "Scenarios/s.json", in: directory)
            return try Scenario.load(path: scenarioPath)
        }

        /// The one-line error for `changes`, or nil if the scenario is accepted.
        func error(_ changes: [(String, JSONValue?)]) -> String? {
            do {
                _ = try load(changes)
                return nil
            } catch { return error.description }
        }
    }

    @Test func readsAValidScenarioWithPathsRelativeToItsFolder() throws {
        let f = Fixture()
        let s = try f.load([("workload", ["inputs": "inputs.csv"]), ("norm", "l2")])
        #expect(s.chip == f.chip)
        #expect(s.durationYears == 10 && s.checkpointYears == 0.5 && s.budget == Budget(.scoreDeviation, limit: 0.2) && s.norm == .l2)
        #expect(s.seed == 5 && s.runs == 3 && s.startYear == 2027 && s.name == "s")
        #expect(s.workload == .inputs(path: f.directory + "/Scenarios/inputs.csv"))
        #expect(s.failures.map(\.tag) == ["radiation-latchup", "radiation-latchup", "weibull-wearout", "core-latchup", "trace"])
        #expect(s.storms == StormProcess(ratePerYear: 3, durationYears: 2 / 365.25, multiplier: 10))
        #expect(s.solarCycle.minimumFactor == 1.5 && s.solarCycle.lastMinimumYear == SolarCycle.cycle25Minimum)
        #expect(s.cores.count == 4)  // 20 neurons per layer, 16 per core
        let synapses = try #require(s.failures[1] as? RadiationLatchupModel)
        #expect(abs(synapses.ratePerYear - 6.4e-4 * 1e-3 * 365.25) < 1e-15 && synapses.selection == .allSynapses)
    }

    @Test func sameSeedAndRunGiveTheSameFailuresAndRunsDiffer() throws {
        let s = try Fixture().load()
        let first = s.failureEvents(run: 0)
        #expect(!first.isEmpty)
        #expect(first == s.failureEvents(run: 0))
        #expect(first != s.failureEvents(run: 1))
        #expect(first.contains(FailureEvent(time: 1, component: .neuron(NeuronID(layer: 1, index: 3)), kind: .replay))
            || first.contains { $0.component == .neuron(NeuronID(layer: 1, index: 3)) && $0.time < 1 })
        #expect(s.environment(run: 2) == s.environment(run: 2))
        let reseeded = try Fixture().load([("seed", 6)])
        #expect(reseeded.failureEvents(run: 0) != first)
    }

    @Test func takesCoresFromTheScenarioThenTheChipMetadata() throws {
        let f = Fixture()
        #expect(try f.load([("cores", [["n1.0", "n2.0"], ["n1.1"]])]).cores.count == 2)
        var chip = f.chip
        chip.metadata.append(("cores", ["neuronsPerCore": 5]))
        TestSupport.write(chip, "Chips/c.json", in: f.directory)
        #expect(try f.load().cores.count == 8)
        #expect(try f.load([("cores", ["neuronsPerCore": 20])]).cores.count == 2)
        chip.metadata[chip.metadata.count - 1].1 = [["n1.0", "n1.0"]]
        TestSupport.write(chip, "Chips/c.json", in: f.directory)
        #expect(f.error([]) == f.directory + "/Chips/c.json: cores[0][1]: n1.0 is already on core 0")
    }

    @Test(arguments: [
        ("failures", [["model": "radiation-latchup", "rate": 0.1], ["model": "radiation-latchup", "rate": -2]] as JSONValue,
            "failures[1].rate: must be >= 0, found -2"),
        ("durationYears", -1 as JSONValue, "durationYears: must be > 0, found -1"),
        ("durationYears", "ten" as JSONValue, "durationYears: expected a number, found a string"),
        ("checkpointYears", 0 as JSONValue, "checkpointYears: must be > 0, found 0"),
        ("checkpointYears", 11 as JSONValue, "checkpointYears: must be <= durationYears (10), found 11"),
        ("budget", 0 as JSONValue, "budget: must be > 0, found 0"),
        ("chip", "../Chips/missing.json" as JSONValue, "chip: no such file \"../Chips/missing.json\""),
        ("format", "neurofail.scenario/2" as JSONValue, "format: unknown format \"neurofail.scenario/2\", expected \"neurofail.scenario/1\""),
        ("norm", "l7" as JSONValue, "norm: unknown norm \"l7\", expected \"linf\", \"l1\" or \"l2\""),
        ("runs", 0 as JSONValue, "runs: must be between 1 and 1000000, found 0"),
        ("seed", -1 as JSONValue, "seed: must be between 0 and 9007199254740992, found -1"),
        ("startDate", "2027-02-30" as JSONValue, "startDate: expected a date YYYY-MM-DD, found \"2027-02-30\""),
        ("workload", ["samples": 3] as JSONValue, "workload.samples: unknown field (expected one of: inputs, labels, note, random, seed)"),
        ("workload", ["inputs": "nothing.csv"] as JSONValue, "workload.inputs: no such file \"nothing.csv\""),
        ("durationYear", 3 as JSONValue, "durationYear: unknown field"),
        ("failures", [["model": "cosmic-ray"]] as JSONValue, "failures[0].model: unknown model \"cosmic-ray\""),
        ("failures", [["model": "weibull-wearout", "shape": 0, "scaleYears": 3]] as JSONValue, "failures[0].shape: must be > 0, found 0"),
        ("failures", [["model": "weibull-wearout", "shape": 1]] as JSONValue, "failures[0].scaleYears: missing"),
        ("failures", [["model": "core-latchup", "rat": 1]] as JSONValue, "failures[0].rat: unknown field"),
        ("failures", [["model": "trace", "file": "absent.csv"]] as JSONValue, "failures[0].file: no such file \"absent.csv\""),
        ("environment", ["storms": ["rate": 1, "durationDays": 2, "multiplier": 0.5]] as JSONValue,
            "environment.storms.multiplier: must be >= 1, found 0.5"),
        ("environment", ["storms": ["rate": -1, "durationDays": 2, "multiplier": 2]] as JSONValue,
            "environment.storms.rate: must be >= 0, found -1"),
        ("environment", ["solarCycle": ["minimumFactor": 1, "maximumFactor": 1, "periodYears": 0]] as JSONValue,
            "environment.solarCycle.periodYears: must be > 0, found 0"),
        ("cores", [["n9.0"]] as JSONValue, "cores[0][0]: n9.0 is not a neuron of the chip"),
        // Issue 10's bad input: the fixture chip has weights far above 0.001 · 127.
        ("weightStorage", ["format": "int8", "scales": [0.001, 0.001, 0.001]] as JSONValue,
            "weightStorage: weight "),
        ("weightStorage", ["format": "int8", "scales": [0.1, 0, 0.1]] as JSONValue, "weightStorage.scales: scale 1 must be > 0, found 0"),
        ("weightStorage", "int4" as JSONValue, "weightStorage: unknown weight storage \"int4\""),
        ("recovery", ["scrubPeriodDays": 0] as JSONValue, "recovery.scrubPeriodDays: the scrub period must be > 0 days, found 0"),
        ("recovery", ["scrubPeriodDays": -3] as JSONValue, "recovery.scrubPeriodDays: the scrub period must be > 0 days, found -3"),
        ("recovery", ["powerCycleHours": -1] as JSONValue, "recovery.powerCycleHours: a recovery delay must be >= 0 hours, found -1"),
        ("recovery", ["spares": ["perLayer": 1, "delayDays": -0.5]] as JSONValue,
            "recovery.spares.delayDays: a recovery delay must be >= 0 days, found -0.5"),
        ("recovery", ["spares": ["perLayer": [2, 21], "delayDays": 1]] as JSONValue,
            "recovery.spares.perLayer: 21 spares for hidden layer 2, which addresses 20 neurons: at most 20"),
        ("recovery", ["spares": ["perLayer": [2], "delayDays": 1]] as JSONValue,
            "recovery.spares.perLayer: has 1 numbers, expected 2 (one per hidden layer)"),
        ("failures", [["model": "core-latchup", "rate": 1, "permanentDamage": 1.5]] as JSONValue,
            "failures[0].permanentDamage: a probability must be in [0, 1], found 1.5"),
        ("failures", [["model": "core-latchup", "rate": 1, "permanentDamage": -0.1]] as JSONValue,
            "failures[0].permanentDamage: a probability must be in [0, 1], found -0.1"),
        ("failures", [["model": "seu", "rate": 1e-7]] as JSONValue, "failures[0].model: \"seu\" flips bits of stored weights"),
        ("failures", [["model": "stuck-at", "rate": 0.1, "value": "saturated"]] as JSONValue,
            "failures[0].value: hidden layer 1's activation relu does not saturate"),
        ("failures", [["model": "stuck-at", "rate": 0.1, "value": "high"]] as JSONValue,
            "failures[0].value: expected a number or \"saturated\""),
    ])
    func rejectsEachBadFieldInOneLineNamingFileAndField(key: String, value: JSONValue, message: String) {
        let f = Fixture()
        let error = f.error([(key, value)])
        #expect(error?.hasPrefix(f.scenarioPath + ": " + message) == true, "\(error ?? "accepted")")
    }

    @Test func aTraceNamingABitThatDoesNotExistIsRefused() {
        let f = Fixture()
        TestSupport.write("time_years,component,kind,value\n1,s1.0.0,seu,8\n", "Scenarios/trace.csv", in: f.directory)
        let error = f.error([("weightStorage", "int8")])
        #expect(error == f.directory + "/Scenarios/trace.csv: line 2, value: bit 8 does not exist: int8 weights have bits 0...7")
        #expect(f.error([]) == f.directory + "/Scenarios/trace.csv: line 2, value: bit 8: the chip declares no weightStorage, so no stored bit can flip")
        TestSupport.write("time_years,component,kind,value\n1,s1.0.0,seu,7\n", "Scenarios/trace.csv", in: f.directory)
        #expect(f.error([("weightStorage", "int8")]) == nil)
    }

    @Test func int8StorageQuantizesTheChipAndSaysWhatItCost() throws {
        let f = Fixture()
        let scenario = try f.load([("weightStorage", "int8")])
        guard case let .int8(scales) = scenario.weightStorage else { Issue.record("int8 expected"); return }
        for (m, layer) in scenario.chip.allLayers.enumerated() {
            let designed = f.chip.allLayers[m]
            // The fitted scale is max |w| / 127, and each stored weight is an integer multiple of it, within half.
            #expect(scales[m] == designed.weights.map(abs).max()! / 127)
            var worst = 0.0
            for (w, stored) in zip(designed.weights, layer.weights) {
                let q = stored / scales[m]
                #expect(abs(q - q.rounded()) < 1e-9 && abs(q.rounded()) <= 127 && abs(w - stored) <= scales[m] / 2 * (1 + 1e-12))
                worst = max(worst, abs(w - stored))
            }
            #expect(scenario.quantizationError[m] == worst)
        }
        #expect(scenario.designedChip?.allLayers.map(\.weights) == f.chip.allLayers.map(\.weights))
    }

    @Test func rejectsMissingRequiredFields() {
        let f = Fixture()
        for key in ["format", "chip", "durationYears", "checkpointYears", "workload", "budget", "failures", "seed"] {
            let error = f.error([(key, nil)])
            #expect(error?.hasPrefix(f.scenarioPath + ": " + key + ": ") == true, "\(key): \(error ?? "accepted")")
        }
    }

    @Test func rejectsNonFiniteNumbers() {
        let f = Fixture()
        TestSupport.write(JSONValue.object(Fixture.base).rendered().replacingOccurrences(
            of: "\"durationYears\": 10", with: "\"durationYears\": 1e999"), "Scenarios/s.json", in: f.directory)
        do {
            _ = try Scenario.load(path: f.scenarioPath)
            Issue.record("accepted an infinite duration")
        } catch {
            #expect(error.description.hasPrefix(f.scenarioPath + ": "))
            #expect(error.description.contains("durationYears") || error.description.contains("line"))
        }
    }

    @Test func errorsInsideTheTraceNameTheTraceFile() {
        let f = Fixture()
        TestSupport.write("time_years,component,kind\n11,n1.3,replay\n", "Scenarios/trace.csv", in: f.directory)
        #expect(f.error([]) == f.directory + "/Scenarios/trace.csv: line 2, time_years: 11 is beyond the mission (10 years)")
    }

    @Test func scenarioSavedWithAByteOrderMarkAndWindowsLineEndingsLoads() throws {
        let f = Fixture()
        let plain = try f.load()
        let text = "\u{FEFF}" + JSONValue.object(Fixture.base).rendered().replacingOccurrences(of: "\n", with: "\r\n")
        TestSupport.write(text, "Scenarios/s.json", in: f.directory)
        let marked = try Scenario.load(path: f.scenarioPath)
        #expect(marked.durationYears == plain.durationYears && marked.seed == plain.seed && marked.chip == plain.chip)
    }

    /// Inputs outside the box are the user's error: one line naming the workload file, the row, the column and the
    /// value, before any work; with `clip` they are moved into the box and counted.
    @Test func loadingTheWorkloadRefusesInputsOutsideTheBoxNamingRowAndColumn() throws {
        let f = Fixture()
        TestSupport.write("0.1,0.2,0.3\n0.4,0.5,1.5\n-2,0.5,0.5\n", "Scenarios/raw.csv", in: f.directory)
        let raw = f.directory + "/Scenarios/raw.csv"
        let scenario = try f.load([("workload", ["inputs": "raw.csv"])])
        #expect(throws: InputError.invalidField(
            file: raw, field: "row 2, column 3",
            reason: "1.5 is outside [0, 1], the input domain (chip domain [0, 1]^3) (set \"clip\": true in the scenario or give --clip to clip inputs into it)")) {
            try scenario.loadWorkload()
        }
        let clipped = try f.load([("workload", ["inputs": "raw.csv"]), ("clip", true)])
        #expect(clipped.clip)
        let (inputs, labels, count) = try clipped.loadWorkload()
        #expect(inputs.values == [0.1, 0.2, 0.3, 0.4, 0.5, 1, 0, 0.5, 0.5])
        #expect(labels == nil && count == 2)
        // A narrower domain is the box the inputs must lie in: (0.1, 0.2, 0.3) is outside [0.15, 1] in column 1.
        let narrow = try f.load([("workload", ["inputs": "inputs.csv"]), ("domain", ["lower": 0.15, "upper": 1])])
        do {
            _ = try narrow.loadWorkload()
            Issue.record("accepted an input outside the scenario's domain")
        } catch {
            #expect(error.description.hasPrefix(f.directory + "/Scenarios/inputs.csv: row 1, column 1: 0.1 is outside [0.15, 1], the input domain (scenario domain)"))
        }
    }

    @Test func loadingALabelledWorkloadGivesItsLabelsOrNamesTheBadOne() throws {
        let f = Fixture()
        TestSupport.write("1,0.1,0.2,0.3\n0,0.4,0.5,0.6\n", "Scenarios/first.csv", in: f.directory)
        let (inputs, labels, clipped) = try f.load([("workload", ["inputs": "first.csv", "labels": "first"])]).loadWorkload()
        #expect(inputs.values == [0.1, 0.2, 0.3, 0.4, 0.5, 0.6] && labels == [1, 0] && clipped == 0)
        TestSupport.write("1,0.1,0.2,0.3\n2,0.4,0.5,0.6\n", "Scenarios/first.csv", in: f.directory)
        let bad = try f.load([("workload", ["inputs": "first.csv", "labels": "first"])])
        #expect(throws: InputError.invalidField(
            file: f.directory + "/Scenarios/first.csv", field: "row 2, column 1",
            reason: "label 2 is not a class of the chip (an integer 0...1)")) {
            try bad.loadWorkload()
        }
    }

    /// Random workloads are drawn over the chip's domain, never outside a narrower box: there they are refused
    /// naming the scenario (clip them or widen the box).
    @Test func randomInputsAreCheckedAgainstTheScenariosDomainToo() throws {
        let f = Fixture()
        let s = try f.load([("domain", ["lower": 0.4, "upper": 0.6])])
        do {
            _ = try s.loadWorkload()
            Issue.record("accepted random inputs outside the domain")
        } catch {
            #expect(error.description.hasPrefix(f.scenarioPath + ": row 1, column "))
        }
        let clipped = try f.load([("domain", ["lower": 0.4, "upper": 0.6]), ("clip", true)]).loadWorkload()
        #expect(clipped.clippedInputs > 90 && clipped.inputs.values.allSatisfy { $0 >= 0.4 && $0 <= 0.6 })
    }
}
