import Foundation
import NeuroFailCore

/// The Monte Carlo part of a report: reliability.csv/svg, bands.csv/svg and the `monteCarlo` object of
/// summary.json (Docs/outputs.md, Docs/statistics.md).
extension MissionReport {
    /// How each criterion's curve is drawn (by position, cycling): colour, dash pattern, width. Widths fall and
    /// patterns differ so that curves lying on each other (all runs out of budget: R = 0 for several) stay visible.
    private static let curveStyles: [(color: String, dash: String?, width: Double)] = [
        ("#2ca02c", nil, 3.2), ("#d62728", "8 4", 2.2), ("#ff7f0e", "2 3", 1.4), ("#9467bd", "12 3 2 3", 1.8),
        ("#8c564b", "4 2", 1.6), ("#17becf", "1 2", 1.2),
    ]
    /// How each metric's band and median are drawn (by position, cycling).
    private static let metricStyles: [(color: String, dash: String?)] = [
        ("#2ca02c", nil), ("#1f77b4", "8 3"), ("#d62728", nil), ("#ff7f0e", "2 3"), ("#9467bd", "12 3 2 3"),
        ("#8c564b", "4 2"),
    ]

    /// `reliability.csv`: per checkpoint and criterion, R(t) and its two-sided Clopper–Pearson interval at the
    /// confidence level (`r_<criterion>`, `r_<criterion>_lower`, `r_<criterion>_upper`).
    var reliabilityCSV: String {
        let curves = monteCarlo.curves
        var lines = [
            (["time_years"] + curves.flatMap { c in ["", "_lower", "_upper"].map { "r_\(c.criterion.name)" + $0 } })
                .joined(separator: ",")
        ]
        for (i, t) in checkpoints.enumerated() {
            var cells = [Self.num(t)]
            for curve in curves {
                let p = curve.points[i]
                cells += [p.fraction, p.interval.lowerBound, p.interval.upperBound].map(Self.num)
            }
            lines.append(cells.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The column suffix of a quantile level: `p05` for 0.05, `p95` for 0.95.
    private static func levelName(_ level: Double) -> String {
        let percent = 100 * level
        let text = percent == percent.rounded() ? String(Int(percent)) : String(format: "%g", percent)
        return "p" + (text.count < 2 ? "0" + text : text)
    }

    /// `bands.csv`: per checkpoint and metric, the lower quantile, median and upper quantile over runs
    /// (`<metric>_p05`, `<metric>_median`, `<metric>_p95`); an empty cell where no run has a finite value.
    var bandsCSV: String {
        let b = monteCarlo.bands
        let low = Self.levelName(b.lowLevel), high = Self.levelName(b.highLevel)
        var header = ["time_years"]
        for m in b.metrics { header += ["\(m.name)_\(low)", "\(m.name)_median", "\(m.name)_\(high)"] }
        var lines = [header.joined(separator: ",")]
        func cell(_ x: Double?) -> String { x.flatMap { $0.isFinite ? Self.num($0) : nil } ?? "" }
        for (i, t) in b.times.enumerated() {
            var cells = [Self.num(t)]
            for m in b.metrics.indices {
                let band = b.bands[m][i]
                cells += [cell(band?.low), cell(band?.median), cell(band?.high)]
            }
            lines.append(cells.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `reliability.svg`: each criterion's R(t) with its Clopper–Pearson band, the reliability target p and a
    /// marker at each B_p life that falls within the mission.
    var reliabilitySVG: String {
        let mc = monteCarlo
        var chart = SVGChart(
            title: "\(scenario.name): reliability over \(Noun.count(runs.count, "run"))", xLabel: "mission time (years)",
            yLabel: "P(within budget since launch)", logY: false)
        chart.yRange = 0...1.05
        let percent = String(format: "%g%%", 100 * mc.confidence)
        for (i, curve) in mc.curves.enumerated() {
            let style = Self.curveStyles[i % Self.curveStyles.count]
            let label = "\(curve.criterion.name) (\(curve.criterion.description))"
            chart.bands.append(SVGChart.Band(
                name: "\(percent) CI, \(curve.criterion.name)", color: style.color,
                points: curve.points.map { ($0.time, $0.interval.lowerBound, $0.interval.upperBound) }, opacity: 0.15))
            chart.series.append(SVGChart.Series(
                name: label, color: style.color, points: curve.points.map { ($0.time, $0.fraction) }, dash: style.dash,
                width: style.width))
            if let t = curve.life.years {
                chart.markers.append(SVGChart.Markers(
                    name: "\(mc.lifeName) life, \(curve.criterion.name)", color: style.color, xs: [t]))
            }
        }
        chart.references = [
            SVGChart.ReferenceLine(name: "target p = \(JSONValue.format(mc.reliability))", y: mc.reliability, color: "#777777")
        ]
        return chart.rendered()
    }

    /// `bands.svg`: per metric the 5–95 % range over runs as a filled band and the median as a line, log scale,
    /// with the budget.
    var bandsSVG: String {
        let b = monteCarlo.bands
        var chart = SVGChart(
            title: "\(scenario.name): median and \(Self.levelName(b.lowLevel))-\(Self.levelName(b.highLevel)) over \(Noun.count(runs.count, "run"))",
            xLabel: "mission time (years)", yLabel: "output deviation (\(scenario.norm.rawValue))", logY: true)
        // Score deviations and their bounds share this plot's units; fractions (flips, accuracy) do not.
        let scores: Set<String> = ["omega_av", "omega_max", "erf", "erf_av", "certified_bound"]
        for (m, metric) in b.metrics.enumerated() where scores.contains(metric.name) {
            let style = Self.metricStyles[m % Self.metricStyles.count]
            let present = zip(b.times, b.bands[m]).compactMap { t, band in band.map { (t, $0) } }
            chart.bands.append(SVGChart.Band(
                name: "\(metric.label) \(Self.levelName(b.lowLevel))-\(Self.levelName(b.highLevel))", color: style.color,
                points: present.map { ($0.0, $0.1.low, $0.1.high) }, opacity: 0.15))
            chart.series.append(SVGChart.Series(
                name: "\(metric.label) median", color: style.color, points: present.map { ($0.0, $0.1.median) },
                dash: style.dash, width: 2))
        }
        chart.references = [SVGChart.ReferenceLine(name: "budget", y: scenario.budget.limit, color: "#000000")]
        return chart.rendered()
    }

    /// The `monteCarlo` object of summary.json.
    var monteCarloJSON: JSONValue {
        let mc = monteCarlo
        func opt(_ x: Double?) -> JSONValue { x.map { .number($0) } ?? .null }
        func optInt(_ x: Int?) -> JSONValue { x.map { .number(Double($0)) } ?? .null }
        func interval(_ r: ClosedRange<Double>) -> JSONValue { .numbers([r.lowerBound, r.upperBound]) }
        let lives: [(String, JSONValue)] = mc.curves.map { curve in
            let life = curve.life
            return (curve.criterion.name, [
                "criterion": .string(curve.criterion.description),
                "supported": .bool(life.bound.rank != nil),
                "runsNeeded": .number(Double(life.bound.runsNeeded)),
                "rank": optInt(life.bound.rank),
                "runsExceeding": .number(Double(life.runsExceeding)),
                "years": opt(life.years),
                "atLeastWholeMission": .bool(life.value == .atLeastWholeMission),
                "statement": .string(life.statement(criterion: curve.criterion.description, durationYears: mc.durationYears)),
            ])
        }
        let atEnd: [(String, JSONValue)] = mc.curves.compactMap { curve in
            guard let end = curve.end else { return nil }
            return (curve.criterion.name, [
                "fraction": .number(end.fraction), "withinBudget": .number(Double(end.withinBudget)),
                "clopperPearson": interval(end.interval),
                "wilson": interval(BinomialConfidence.wilson(successes: end.withinBudget, trials: end.runs, confidence: mc.confidence)),
            ])
        }
        let spares = mc.spares
        return [
            "runs": .number(Double(mc.runs)), "reliability": .number(mc.reliability),
            "confidence": .number(mc.confidence), "lifeName": .string(mc.lifeName),
            "meanFailures": .number(mc.meanFailures), "meanNeuronsLost": .numbers(mc.meanNeuronsLost),
            "runsWithEstimatorMisses": .number(Double(mc.runsWithEstimatorMisses)),
            "predictionIsConservative": .bool(mc.predictionIsConservative),
            "reliabilityAtEnd": .object(atEnd),
            "lives": .object(lives),
            "spares": [
                "scheme": .string(SpareProvisioning.scheme),
                "supported": .bool(spares.perLayer != nil),
                "runsNeeded": .number(Double(spares.bound.runsNeeded)),
                "rank": optInt(spares.bound.rank),
                "perLayer": spares.perLayer.map { .integers($0) } ?? .null,
                "observedCoverage": opt(spares.observedCoverage),
                "statement": .string(spares.statement),
            ],
        ]
    }
}
