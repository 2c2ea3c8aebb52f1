import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailMission

/// `timeline.svg` and `task.svg`: log time axes that start before the first failure, failure markers, the budget
/// line on the plot whose measure the budget limits, bands only over several runs.
struct MissionReportTimelineTests {
    /// Run `index` of the fixture's 5-year mission (checkpoints every 0.5 y) with failures at `failures` (n1.0,
    /// n1.1, …), every measure rising with the failures so far.
    static func run(_ index: Int, failures times: [Double], budget: Budget) -> MissionRun {
        let failures = times.enumerated().map { i, t in
            FailureEvent(time: t, component: .neuron(NeuronID(layer: 1, index: i)), kind: .latchup)
        }
        var rows = [TimelineRow]()
        func row(_ t: Double, _ cause: TimelineRow.Cause) -> TimelineRow {
            let lost = Double(failures.filter { $0.time <= t }.count)
            let o = Observation(
                omegaAverage: 0.01 * lost, omegaMax: 0.02 * lost, erf: 10 * lost, erfAverage: 3 * lost,
                certifiedBound: 0.5 * lost, foundDeviation: lost > 0 ? 0.1 * lost : nil, decisionFlips: 0.001 * lost,
                probabilityDeviation: 0.002 * lost, accuracy: 0.9 - 0.001 * lost, pristineAccuracy: 0.9,
                certifiedFlipBound: 0.1 * lost, erfFlipBound: min(1, 0.5 * lost), budget: budget)
            return TimelineRow(time: t, cause: cause, neuronsFailed: [Int(lost), 0], synapsesFailed: [0, 0, 0], observation: o)
        }
        var e = 0
        for t in stride(from: 0.0, through: 5, by: 0.5) {
            while e < failures.count, failures[e].time <= t {
                rows.append(row(failures[e].time, .failure(failures[e])))
                e += 1
            }
            rows.append(row(t, .checkpoint))
        }
        return MissionRun(run: index, failures: failures, timeline: rows)
    }

    static func report(_ runs: [MissionRun], budget: Budget, labelled: Bool = false) throws -> MissionReport {
        var scenario = try MissionFixtures.scenario(runs: runs.count)
        scenario.budget = budget
        scenario.labelColumn = labelled ? .last : nil
        return MissionReport(
            scenario: scenario, engine: .fast, runs: runs, checkpoints: stride(from: 0.0, through: 5, by: 0.5).map { $0 },
            workloadInputs: 64)
    }

    /// The decade at or below the first failure, else below the first checkpoint after launch.
    @Test func theLogAxisStartsAtTheDecadeBeforeTheFirstFailure() {
        let budget = Budget(.scoreDeviation, limit: 1)
        let checkpoints = [0, 0.5, 1]
        #expect(MissionReport.logTimeStart(Self.run(0, failures: [0.28, 3], budget: budget), checkpoints: checkpoints) == 0.1)
        #expect(MissionReport.logTimeStart(Self.run(0, failures: [0.003], budget: budget), checkpoints: checkpoints) == 0.001)
        #expect(MissionReport.logTimeStart(Self.run(0, failures: [1], budget: budget), checkpoints: checkpoints) == 1)
        #expect(MissionReport.logTimeStart(Self.run(0, failures: [], budget: budget), checkpoints: checkpoints) == 0.1)
        #expect(MissionReport.logTimeStart(Self.run(0, failures: [], budget: budget), checkpoints: [0, 2, 4]) == 1)
    }

    /// Two failures at 0.28 and 3 y: two marker lines plus the legend's; the axis says where it starts; a score
    /// budget is drawn on the score plot and not on the task plot.
    @Test func timelinePlotMarksEachFailureAndAScoreBudget() throws {
        let budget = Budget(.scoreDeviation, limit: 1)
        let report = try Self.report([Self.run(0, failures: [0.28, 3], budget: budget)], budget: budget)
        let svg = report.timelineSVG
        #expect(svg.contains("mission time (years, log axis from 0.1 y: launch not shown)"))
        #expect(svg.components(separatedBy: "stroke=\"#999999\"").count - 1 == 3)
        #expect(svg.contains(">budget</text>"))
        #expect(svg.contains("test-mission: run 0, 2 failures; score deviation (linf)"))
        for name in ["Erf (paper's bound)", "fault-set bound (certified)", "worst input found", "Omega_max (workload)", "Omega_av (workload)"] {
            #expect(svg.contains(">\(name)</text>"), "\(name)")
        }
        #expect(!svg.contains("5-95%"), "no bands from a single run")
        let task = report.taskSVG
        #expect(!task.contains(">budget</text>"))
        #expect(task.components(separatedBy: "stroke=\"#999999\"").count - 1 == 3)
        #expect(!task.contains("accuracy drop"), "no labels, no accuracy")
    }

    /// A task budget is drawn on the task plot (at its limit) and not on the score plot; with labels the accuracy drop
    /// is plotted; over several runs both plots carry the 5–95 % bands.
    @Test func taskPlotCarriesATaskBudgetTheAccuracyAndTheBands() throws {
        let budget = Budget(.decisionFlips, limit: 0.01)
        let runs = [0.28, 0.6, 1.2].enumerated().map { Self.run($0.offset, failures: [$0.element, 4], budget: budget) }
        let report = try Self.report(runs, budget: budget, labelled: true)
        let task = report.taskSVG
        #expect(task.contains(">budget</text>") && task.contains("accuracy drop"))
        #expect(task.contains("test-mission: run 0, the task (budget: decision flips &lt;= 1%)"))
        #expect(task.contains("decision flips, 5-95% of 3 runs") && task.contains("certified flip bound, 5-95% of 3 runs"))
        let timeline = report.timelineSVG
        #expect(!timeline.contains(">budget</text>"))
        #expect(timeline.contains("Erf, 5-95% of 3 runs") && timeline.contains("fault-set bound, 5-95% of 3 runs"))
        #expect(report.files.map(\.name).contains("task.svg"))
    }

    /// A chip with one output has no decisions: no task plot.
    @Test func aSingleOutputChipHasNoTaskPlot() throws {
        let budget = Budget(.scoreDeviation, limit: 1)
        var report = try Self.report([Self.run(0, failures: [1], budget: budget)], budget: budget)
        var scenario = report.scenario
        scenario.chip = TestSupport.chip(inputs: 3, widths: [2, 2], outputs: 1, seed: 3)
        report = MissionReport(scenario: scenario, engine: .fast, runs: report.runs, checkpoints: report.checkpoints, workloadInputs: 64)
        #expect(!report.files.map(\.name).contains("task.svg"))
        #expect(report.files.map(\.name).contains("timeline.svg"))
    }
}
