import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailMission

/// The scenario fields ``Scenario`` decodes in Scenario+Workload.swift: `budget`, `workload` and `domain`. Every
/// error is one line naming the scenario file and the field (ScenarioTests.Fixture: a 3-input, 2-output chip).
struct ScenarioWorkloadTests {
    typealias Fixture = ScenarioTests.Fixture

    /// A labelled copy of the fixture's inputs, label last.
    private func labelled(_ f: Fixture) {
        TestSupport.write("0.1,0.2,0.3,1\n0.4,0.5,0.6,0\n", "Scenarios/labelled.csv", in: f.directory)
    }

    @Test func aNumberIsAScoreBudgetAndEachKindDecodes() throws {
        let f = Fixture()
        labelled(f)
        #expect(try f.load([("budget", 0.7)]).budget == Budget(.scoreDeviation, limit: 0.7))
        #expect(try f.load([("budget", ["kind": "scoreDeviation", "limit": 3])]).budget == Budget(.scoreDeviation, limit: 3))
        #expect(try f.load([("budget", ["kind": "probabilityDeviation", "limit": 0.1])]).budget == Budget(.probabilityDeviation, limit: 0.1))
        #expect(try f.load([("budget", ["kind": "decisionFlips", "limit": 0.01, "note": "1 %"])]).budget == Budget(.decisionFlips, limit: 0.01))
        let accuracy = try f.load([
            ("budget", ["kind": "accuracyDrop", "limit": 1]), ("workload", ["inputs": "labelled.csv", "labels": "last"]),
        ])
        #expect(accuracy.budget == Budget(.accuracyDrop, limit: 1) && accuracy.labelColumn == .last)
    }

    @Test(arguments: [
        (["kind": "flips", "limit": 0.01] as JSONValue,
            "budget.kind: unknown budget kind \"flips\", expected one of \"scoreDeviation\", \"probabilityDeviation\", \"decisionFlips\", \"accuracyDrop\""),
        (["kind": "decisionFlips", "limit": 1.5] as JSONValue, "budget.limit: a decisionFlips budget is a fraction in (0, 1], found 1.5"),
        (["kind": "probabilityDeviation", "limit": 2] as JSONValue, "budget.limit: a probabilityDeviation budget is a fraction in (0, 1], found 2"),
        (["kind": "decisionFlips", "limit": 0] as JSONValue, "budget.limit: must be > 0, found 0"),
        (["kind": "decisionFlips"] as JSONValue, "budget.limit: missing"),
        (["limit": 0.1] as JSONValue, "budget.kind: missing"),
        (["kind": "decisionFlips", "limit": 0.1, "norm": "l2"] as JSONValue, "budget.norm: unknown field (expected one of: kind, limit, note)"),
        (["kind": "accuracyDrop", "limit": 0.1] as JSONValue,
            "budget.kind: \"accuracyDrop\" needs a labelled workload (give workload.labels: \"first\" or \"last\")"),
        ("one" as JSONValue, "budget: expected a number, found a string"),
    ])
    func aBadBudgetIsOneLineNamingTheField(value: JSONValue, message: String) {
        let f = Fixture()
        let error = f.error([("budget", value)])
        #expect(error?.hasPrefix(f.scenarioPath + ": " + message) == true, "\(error ?? "accepted")")
        #expect(error?.contains("\n") == false)
    }

    /// A chip with one output has no classes: a task budget or labels are refused at their own field.
    @Test func taskBudgetsAndLabelsNeedAClassifierReadout() {
        let f = Fixture()
        labelled(f)
        TestSupport.write(TestSupport.chip(inputs: 3, widths: [4], outputs: 1, seed: 2), "Chips/c.json", in: f.directory)
        #expect(f.error([("budget", ["kind": "decisionFlips", "limit": 0.1])])
            == f.scenarioPath + ": budget.kind: \"decisionFlips\" needs a classifier readout, but the chip has 1 output")
        #expect(f.error([("workload", ["inputs": "labelled.csv", "labels": "last"])])
            == f.scenarioPath + ": workload.labels: the chip has 1 output, not a classifier readout: labels need one output per class")
        #expect(f.error([("budget", ["kind": "scoreDeviation", "limit": 0.1])]) == nil)
    }

    @Test(arguments: [
        (["inputs": "inputs.csv", "labels": "middle"] as JSONValue, "workload.labels: expected \"first\" or \"last\" (the label's column), found \"middle\""),
        (["random": 10, "seed": 1, "labels": "last"] as JSONValue, "workload.labels: random inputs have no labels"),
        (["inputs": [] as JSONValue] as JSONValue, "workload.inputs: needs at least one file"),
        (["inputs": ["a.csv", "b.csv"]] as JSONValue, "workload.inputs[1]: no such file \"b.csv\""),
        (["seed": 3] as JSONValue, "workload: expected {\"inputs\": \"file.csv\"} or {\"random\": N, \"seed\": S}"),
        (["random": 0, "seed": 3] as JSONValue, "workload.random: must be between 1 and 100000000, found 0"),
    ])
    func aBadWorkloadIsOneLineNamingTheField(value: JSONValue, message: String) {
        let f = Fixture()
        let error = f.error([("workload", value)])
        #expect(error?.hasPrefix(f.scenarioPath + ": " + message) == true, "\(error ?? "accepted")")
    }

    /// The first file of the list that exists is used; only the last one must exist (the fallback).
    @Test func theFirstExistingWorkloadFileWins() throws {
        let f = Fixture()
        TestSupport.write("0.5,0.5,0.5\n", "Scenarios/second.csv", in: f.directory)
        let inputs = f.directory + "/Scenarios/inputs.csv", second = f.directory + "/Scenarios/second.csv"
        #expect(try f.load([("workload", ["inputs": ["missing.csv", "inputs.csv"]])]).workload == .inputs(path: inputs))
        #expect(try f.load([("workload", ["inputs": ["second.csv", "inputs.csv"]])]).workload == .inputs(path: second))
        #expect(try f.load([("workload", ["inputs": ["missing.csv", "also-missing.csv", "second.csv"]])]).workload == .inputs(path: second))
        #expect(try f.load([("workload", ["inputs": ["inputs.csv"]])]).workload == .inputs(path: inputs))
    }

    /// The fixture's inputs are (0.1, 0.2, 0.3) and (0.4, 0.5, 0.6).
    @Test func aDomainIsTheChipsOrTheWorkloadsEnvelopeOrAFilesOrTwoEnds() throws {
        let f = Fixture()
        let inputs = f.directory + "/Scenarios/inputs.csv"
        let declared = try f.load()
        #expect(declared.domain == InputBox(chip: f.chip))
        let workload = try f.load([("workload", ["inputs": "inputs.csv"]), ("domain", "workload")]).domain
        #expect(workload.lower == [0.1, 0.2, 0.3] && workload.upper == [0.4, 0.5, 0.6])
        #expect(workload.source == "envelope of the workload \(inputs)")
        #expect(try f.load([("domain", "workload")]).domain == InputBox(chip: f.chip), "random inputs fill the chip's domain")
        labelled(f)
        let labelledBox = try f.load([("workload", ["inputs": "labelled.csv", "labels": "last"]), ("domain", "workload")]).domain
        #expect(labelledBox.lower == [0.1, 0.2, 0.3] && labelledBox.upper == [0.4, 0.5, 0.6], "the label column is not a feature")
        let envelope = try f.load([("domain", ["envelope": "inputs.csv"])]).domain
        #expect(envelope.lower == [0.1, 0.2, 0.3] && envelope.source == "envelope of \(inputs)")
        let ends = try f.load([("domain", ["lower": 0.1, "upper": [0.5, 0.6, 0.7]])]).domain
        #expect(ends.lower == [0.1, 0.1, 0.1] && ends.upper == [0.5, 0.6, 0.7] && ends.source == "scenario domain")
    }

    @Test(arguments: [
        ("everything" as JSONValue, "domain: expected \"workload\", {\"lower\": …, \"upper\": …} or {\"envelope\": \"file.csv\"}"),
        (["lower": [0.5, 0, 0], "upper": 0.4] as JSONValue, "domain.lower: input 1: lower 0.5 > upper 0.4"),
        (["lower": [0, 0], "upper": 1] as JSONValue, "domain.lower: has 2 numbers, expected 1 or 3 (one per input)"),
        (["lower": 0, "upper": 2] as JSONValue, "domain: the box must lie inside the chip's input domain chip domain [0, 1]^3, where its bounds hold"),
        (["envelope": "absent.csv"] as JSONValue, "domain.envelope: no such file \"absent.csv\""),
        (["envelope": "inputs.csv", "lower": 0] as JSONValue, "domain.lower: unknown field (expected one of: envelope, note)"),
        (["lower": 0, "upper": 1, "middle": 0.5] as JSONValue, "domain.middle: unknown field (expected one of: lower, note, upper)"),
    ])
    func aBadDomainIsOneLineNamingTheField(value: JSONValue, message: String) {
        let f = Fixture()
        let error = f.error([("domain", value)])
        #expect(error?.hasPrefix(f.scenarioPath + ": " + message) == true, "\(error ?? "accepted")")
    }

    /// An envelope outside the chip's domain is refused at `domain`, whichever file it comes from.
    @Test func anEnvelopeOutsideTheChipsDomainIsRefused() {
        let f = Fixture()
        TestSupport.write("0.1,0.2,1.5\n", "Scenarios/wide.csv", in: f.directory)
        #expect(f.error([("domain", ["envelope": "wide.csv"])])?.hasPrefix(f.scenarioPath + ": domain: the box must lie inside the chip's input domain") == true)
        #expect(f.error([("workload", ["inputs": "wide.csv"]), ("domain", "workload")])?.hasPrefix(f.scenarioPath + ": domain: the box must lie inside") == true)
    }
}
