import Foundation
import NeuroFailCore

extension MissionReport {
    /// The left end of a log time axis: the decade at or below the first failure of the detailed run (or the first
    /// checkpoint after launch when there is none), so the plot starts before anything fails. Launch (t = 0) has
    /// no place on a log axis; the axis label says where it starts.
    static func logTimeStart(_ run: MissionRun, checkpoints: [Double]) -> Double {
        let first = run.failures.first?.time ?? checkpoints.first { $0 > 0 } ?? 1
        return pow(10, floor(log10(max(first, 1e-6))))
    }

    /// A step series of one observation field over `rows` (rows where it has no value are skipped).
    static func steps(
        _ rows: [TimelineRow], _ name: String, _ color: String, dash: String?, width: Double,
        _ value: (Observation) -> Double?
    ) -> SVGChart.Series {
        SVGChart.Series(
            name: name, color: color,
            points: rows.filter(\.observed).compactMap { r in value(r.observation).map { (r.time, $0) } },
            steps: true, dash: dash, width: width)
    }

    /// The median and 5–95 % band over runs of a metric, as an SVG band, if summarised and there are several runs.
    func band(_ name: String, label: String, color: String, from start: Double) -> SVGChart.Band? {
        guard runs.count > 1, let m = monteCarlo.bands.metrics.firstIndex(where: { $0.name == name }) else { return nil }
        let b = monteCarlo.bands
        let points = zip(b.times, b.bands[m]).compactMap { t, band in band.map { (x: t, low: $0.low, high: $0.high) } }
            .filter { $0.x >= start }
        return SVGChart.Band(name: "\(label), 5-95% of \(runs.count) runs", color: color, points: points, opacity: 0.12)
    }

    /// `timeline.svg`: the detailed run's score deviations over mission time on log–log axes — Ω_av and Ω_max on the
    /// workload, the worst input found, the fault-set bound, Erf and Erf_av — with its failures marked, the 5–95 %
    /// bands over runs of Ω_av, the fault-set bound and Erf, and the budget when it is a score budget.
    var timelineSVG: String {
        guard let run = runs.first else { return "" }
        let start = Self.logTimeStart(run, checkpoints: checkpoints)
        var chart = SVGChart(
            title: "\(scenario.name): run \(run.run), \(Noun.count(run.failures.count, "failure")); score deviation (\(scenario.norm.rawValue))",
            xLabel: "mission time (years, log axis from \(JSONValue.format(start)) y: launch not shown)",
            yLabel: "output deviation (\(scenario.norm.rawValue))", logY: true)
        chart.logX = true
        let rows = run.timeline.filter { $0.time >= start }
        func series(_ name: String, _ color: String, dash: String? = nil, width: Double = 1.8, _ value: (Observation) -> Double?)
            -> SVGChart.Series
        { Self.steps(rows, name, color, dash: dash, width: width, value) }
        chart.bands = [
            band("erf", label: "Erf", color: "#d62728", from: start),
            band("certified_bound", label: "fault-set bound", color: "#9467bd", from: start),
            band("omega_av", label: "Omega_av", color: "#2ca02c", from: start),
        ].compactMap { $0 }
        chart.series = [
            series("Erf (paper's bound)", "#d62728", width: 2.4) { $0.erf },
            series("Erf_av (estimate)", "#ff7f0e", dash: "6 4") { $0.erfAverage },
            series("fault-set bound (certified)", "#9467bd", width: 2.4) { $0.certifiedBound },
            series("worst input found", "#8c564b", dash: "2 3", width: 2.2) { $0.foundDeviation },
            series("Omega_max (workload)", "#1f77b4", dash: "8 3 2 3") { $0.omegaMax },
            series("Omega_av (workload)", "#2ca02c") { $0.omegaAverage },
        ]
        chart.markers = [SVGChart.Markers(name: "failures", color: "#999999", xs: run.failures.map(\.time).filter { $0 >= start })]
        if scenario.budget.kind == .scoreDeviation {
            chart.references = [SVGChart.ReferenceLine(name: "budget", y: scenario.budget.limit, color: "#000000")]
        }
        return chart.rendered()
    }

    /// `task.svg`: the task measures of the detailed run over mission time (decision flips, the certified flip bound,
    /// the accuracy drop when labelled, the probability deviation) with failure markers, the 5–95 % bands over runs
    /// of the flips, and the budget line when the budget is on one of them.
    var taskSVG: String {
        guard let run = runs.first else { return "" }
        let start = Self.logTimeStart(run, checkpoints: checkpoints)
        var chart = SVGChart(
            title: "\(scenario.name): run \(run.run), the task (budget: \(scenario.budget.description(norm: scenario.norm)))",
            xLabel: "mission time (years, log axis from \(JSONValue.format(start)) y: launch not shown)",
            yLabel: "fraction of the workload (bounds clipped at the top)", logY: false)
        chart.logX = true
        let rows = run.timeline.filter { $0.time >= start }
        // Scaled to the measures and the budget, not to the bounds (which reach 1 after a neuron crash and would
        // flatten everything else against the axis).
        let measured = rows.map { max($0.observation.decisionFlips, $0.observation.accuracyDrop ?? 0, $0.observation.probabilityDeviation) }
        chart.yRange = 0...min(1.02, max(0.05, 4 * scenario.budget.limit, 1.3 * (measured.max() ?? 0)))
        func series(_ name: String, _ color: String, dash: String? = nil, width: Double = 1.8, _ value: (Observation) -> Double?)
            -> SVGChart.Series
        { Self.steps(rows, name, color, dash: dash, width: width, value) }
        chart.bands = [
            band("decision_flips", label: "decision flips", color: "#1f77b4", from: start),
            band("certified_flip_bound", label: "certified flip bound", color: "#9467bd", from: start),
        ].compactMap { $0 }
        var lines = [
            series("certified flip bound", "#9467bd", width: 2.4) { $0.certifiedFlipBound },
            series("Erf flip bound", "#d62728", dash: "6 4") { $0.erfFlipBound },
            series("decision flips", "#1f77b4") { $0.decisionFlips },
            series("probability deviation", "#ff7f0e", dash: "2 3") { $0.probabilityDeviation },
        ]
        if scenario.labelColumn != nil { lines.append(series("accuracy drop", "#2ca02c", dash: "8 3 2 3") { $0.accuracyDrop }) }
        chart.series = lines
        chart.markers = [SVGChart.Markers(name: "failures", color: "#999999", xs: run.failures.map(\.time).filter { $0 >= start })]
        if scenario.budget.kind != .scoreDeviation {
            chart.references = [SVGChart.ReferenceLine(name: "budget", y: scenario.budget.limit, color: "#000000")]
        }
        return chart.rendered()
    }
}
