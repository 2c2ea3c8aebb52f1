import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailMission

struct MissionReportTests {
    private func report(runs: Int, reliability: Double = 0.5, confidence: Double = 0.9) throws -> MissionReport {
        let scenario = try MissionFixtures.scenario(runs: runs)
        let runner = try MissionRunner(scenario: scenario)
        return MissionReport(
            scenario: scenario, engine: .fast, runs: runner.flyAll(runs: 0..<runs), checkpoints: runner.checkpoints,
            reliability: reliability, confidence: confidence, workloadInputs: runner.monitor.workload.count)
    }

    /// A rerun may replace only files a report writes: every file of every configuration is in `fileNames`.
    @Test func everyFileAReportWritesIsOneItMayReplace() throws {
        let several = try report(runs: 3).files.map(\.name)
        let one = try report(runs: 1).files.map(\.name)
        #expect(Set(several) == MissionReport.fileNames)
        #expect(Set(one).isSubset(of: MissionReport.fileNames))
        #expect(one == ["timeline.csv", "trace.csv", "timeline.svg", "task.svg", "summary.json"])
    }

    /// reliability.csv: the criteria's R and interval columns, one line per checkpoint, matching the summary.
    @Test func reliabilityCSVHasAFractionAndIntervalPerCriterion() throws {
        let r = try report(runs: 5)
        let lines = r.reliabilityCSV.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        #expect(lines[0] == ["time_years", "r_observed", "r_observed_lower", "r_observed_upper", "r_certified",
                             "r_certified_lower", "r_certified_upper", "r_predicted", "r_predicted_lower", "r_predicted_upper",
                             "r_estimated", "r_estimated_lower", "r_estimated_upper"])
        #expect(lines.count == r.checkpoints.count + 1)
        let observed = try #require(r.monteCarlo.curve("observed"))
        for (line, point) in zip(lines.dropFirst(), observed.points) {
            #expect(Double(line[0]) == point.time && Double(line[1]) == point.fraction)
            #expect(Double(line[2]) == point.interval.lowerBound && Double(line[3]) == point.interval.upperBound)
            let lower = try #require(Double(line[2])), upper = try #require(Double(line[3])), value = try #require(Double(line[1]))
            #expect(lower <= value && value <= upper)
        }
    }

    /// bands.csv: three columns per metric, and the quantiles are ordered.
    @Test func bandsCSVHasOrderedQuantilesPerMetric() throws {
        let r = try report(runs: 6)
        let lines = r.bandsCSV.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(lines[0].prefix(4) == ["time_years", "omega_av_p05", "omega_av_median", "omega_av_p95"])
        #expect(lines[0].count == 1 + 3 * RunMetric.standard.count)
        for line in lines.dropFirst() {
            for m in 0..<RunMetric.standard.count {
                let q = line[(1 + 3 * m)...(3 + 3 * m)].compactMap(Double.init)
                // A metric that does not apply (accuracy without labels) leaves its three cells empty.
                #expect(q.isEmpty || (q.count == 3 && q[0] <= q[1] && q[1] <= q[2]))
            }
        }
    }

    /// summary.json's monteCarlo object states lives, spares and the interval at the end in the documented keys.
    @Test func summaryStatesLivesSparesAndIntervalsAtTheEnd() throws {
        let r = try report(runs: 8)
        guard case let .object(mc)? = r.summary["monteCarlo"] else {
            Issue.record("no monteCarlo object")
            return
        }
        let keys = Set(mc.map(\.0))
        #expect(keys.isSuperset(of: ["runs", "reliability", "confidence", "lifeName", "lives", "spares", "reliabilityAtEnd", "predictionIsConservative"]))
        let text = r.summary.rendered()
        #expect(text.contains("\"format\": \"neurofail.mission-summary/2\""))
        #expect(text.contains("\"clopperPearson\"") && text.contains("\"wilson\""))
        #expect(!text.contains("Lifetime"))
        // The bands and reliability plots are drawn with the bands and the target line.
        #expect(r.reliabilitySVG.contains("target p = 0.5") && r.reliabilitySVG.contains("fill-opacity"))
        #expect(r.bandsSVG.contains("Omega_av median") && r.bandsSVG.contains("budget"))
    }
}
