import Foundation
import NeuroFailCore

/// A small line chart rendered as a standalone SVG document: several series over a shared x axis (linear, or
/// logarithmic with ``logX``), a linear or logarithmic y axis, filled bands (a quantile range, a confidence
/// interval), vertical event markers (failure times), horizontal reference lines (an error budget), a legend.
///
/// Nothing hides a line: the legend sits in a strip right of the plot that widens to fit its longest name; bands
/// and markers are drawn under the lines; lines are drawn widest first, so a thinner line that coincides with a
/// wider one stays visible on top of it, and distinct dash patterns (``Series/dash``) tell coinciding lines apart.
///
/// Plain text output with fixed number formatting, so the same data gives the same bytes.
public struct SVGChart: Sendable {
    /// One line of the chart.
    public struct Series: Sendable {
        public var name: String
        /// CSS colour, e.g. `#1f77b4`.
        public var color: String
        public var points: [(x: Double, y: Double)]
        /// Dashed with the default pattern `6 4` (``dash`` overrides it).
        public var dashed: Bool
        /// Draw as a step function (value holds until the next point), as failures do over time.
        public var steps: Bool
        /// An SVG `stroke-dasharray` pattern such as `2 3` or `8 3 2 3`; nil: solid, or `6 4` when ``dashed``.
        public var dash: String?
        /// Stroke width in pixels. Wider lines are drawn first.
        public var width: Double

        public init(
            name: String, color: String, points: [(x: Double, y: Double)], dashed: Bool = false, steps: Bool = false,
            dash: String? = nil, width: Double = 1.8
        ) {
            self.name = name
            self.color = color
            self.points = points
            self.dashed = dashed
            self.steps = steps
            self.dash = dash
            self.width = width
        }

        /// The dash pattern drawn, if any.
        var pattern: String? { dash ?? (dashed ? "6 4" : nil) }
    }

    /// A filled area between a lower and an upper curve over x, such as the 5–95 % range over runs or a confidence
    /// interval. Drawn semi-transparent, under every line.
    public struct Band: Sendable {
        public var name: String
        /// CSS colour of the fill.
        public var color: String
        /// (x, lower, upper) with lower ≤ upper. On a log y axis, a lower value ≤ 0 is drawn at the bottom of the
        /// plot; points whose upper value cannot be drawn split the band.
        public var points: [(x: Double, low: Double, high: Double)]
        /// Draw as a step function, like ``Series/steps``.
        public var steps: Bool
        /// Fill opacity in (0, 1].
        public var opacity: Double

        public init(
            name: String, color: String, points: [(x: Double, low: Double, high: Double)], steps: Bool = false,
            opacity: Double = 0.2
        ) {
            self.name = name
            self.color = color
            self.points = points
            self.steps = steps
            self.opacity = opacity
        }
    }

    /// Vertical lines across the plot at given x values (failure times, a B_p life), one legend entry for all.
    public struct Markers: Sendable {
        public var name: String
        public var color: String
        /// The x positions.
        public var xs: [Double]
        /// An SVG `stroke-dasharray` pattern, or nil for solid lines.
        public var dash: String?

        public init(name: String, color: String, xs: [Double], dash: String? = "3 3") {
            self.name = name
            self.color = color
            self.xs = xs
            self.dash = dash
        }
    }

    /// A horizontal line across the plot, such as the error budget.
    public struct ReferenceLine: Sendable {
        public var name: String
        public var y: Double
        public var color: String
        public init(name: String, y: Double, color: String) {
            self.name = name
            self.y = y
            self.color = color
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var logY: Bool
    /// A logarithmic x axis (decade ticks), for log-log plots; points with x ≤ 0 are then skipped.
    public var logX: Bool = false
    public var series: [Series] = []
    /// Filled bands, drawn under everything else in the plot.
    public var bands: [Band] = []
    /// Vertical markers, drawn over the bands and under the lines.
    public var markers: [Markers] = []
    public var references: [ReferenceLine] = []
    /// Fixed y range; nil fits the data.
    public var yRange: ClosedRange<Double>?

    public init(title: String, xLabel: String, yLabel: String, logY: Bool) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logY = logY
    }

    private static func f(_ x: Double) -> String { String(format: "%.2f", x) }

    /// The legend's entries in order: series, bands, markers, reference lines.
    private var legendNames: [String] {
        series.map(\.name) + bands.map(\.name) + markers.map(\.name) + references.map(\.name)
    }

    /// The SVG document. `width` × `height` is the canvas with the default 180-pixel legend strip; a legend with
    /// longer names or more entries than fit widens or heightens the canvas, never the plot.
    public func rendered(width: Double = 760, height: Double = 440) -> String {
        let left = 78.0, right = 180.0, top = 40.0, bottom = 56.0
        let plotW = width - left - right, plotH = height - top - bottom
        // About 7 px per character at 12 px Helvetica, after the 44 px swatch, and a margin.
        let legendWidth = max(right, 44 + 7 * Double(legendNames.map(\.count).max() ?? 0) + 10)
        let canvasW = left + plotW + legendWidth
        let canvasH = max(height, top + 8 + 18 * Double(legendNames.count) + 8)
        // Values beyond ±1e300 (a budget of 1.8e308, say) are left off the axes: their decades or the 5% margin would
        // overflow to ∞ and every coordinate after it to NaN (and the tick labels' Int conversion trapped).
        let usable: (Double) -> Bool = { y in y.isFinite && abs(y) <= 1e300 && (!logY || y > 0) }
        let usableX: (Double) -> Bool = { x in x.isFinite && abs(x) <= 1e300 && (!logX || x > 0) }
        let xs = (series.flatMap { $0.points.map(\.x) } + bands.flatMap { $0.points.map(\.x) } + markers.flatMap(\.xs))
            .filter(usableX)
        var ys = series.flatMap { $0.points.map(\.y) }.filter(usable) + references.map(\.y).filter(usable)
            + bands.flatMap { $0.points.flatMap { [$0.low, $0.high] } }.filter(usable)
        if ys.isEmpty { ys = logY ? [1e-3, 1] : [0, 1] }
        var x0 = xs.min() ?? (logX ? 0.1 : 0), x1 = max(xs.max() ?? 1, (xs.min() ?? 0) + 1e-9)
        if logX {
            x0 = pow(10, floor(log10(x0) + 1e-9))
            x1 = pow(10, ceil(log10(x1) - 1e-9))
            if x1 <= x0 { x1 = x0 * 10 }
        }
        var (y0, y1) = (ys.min() ?? 0, ys.max() ?? 1)
        if let yRange, usable(yRange.lowerBound), usable(yRange.upperBound) { (y0, y1) = (yRange.lowerBound, yRange.upperBound) }
        if logY {
            // Below 1e-300 a decade's power underflows (to a subnormal or 0, whose log is −∞): clamp.
            y0 = pow(10, floor(log10(max(y0, 1e-300))))
            y1 = pow(10, ceil(log10(max(y1, 1e-300))))
            if y1 <= y0 { y1 = y0 * 10 }
        } else {
            if y0 > 0 { y0 = 0 }
            if y1 <= y0 { y1 = y0 + 1 }
            y1 += (y1 - y0) * 0.05
        }
        func px(_ x: Double) -> Double {
            let t = logX ? (log10(x) - log10(x0)) / (log10(x1) - log10(x0)) : (x - x0) / (x1 - x0)
            return left + t * plotW
        }
        func py(_ y: Double) -> Double {
            let t = logY ? (log10(y) - log10(y0)) / (log10(y1) - log10(y0)) : (y - y0) / (y1 - y0)
            return top + plotH * (1 - min(max(t, -0.02), 1.02))
        }
        var s = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(canvasW))" height="\(Int(canvasH))" viewBox="0 0 \(Int(canvasW)) \(Int(canvasH))" font-family="Helvetica, Arial, sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(Self.f(left + plotW / 2))" y="22" text-anchor="middle" font-size="15">\(escape(title))</text>

            """
        // Grid and ticks.
        let xTicks: [Double] = logX
            ? stride(from: log10(x0), through: log10(x1) + 1e-9, by: max(1, ceil((log10(x1) - log10(x0)) / 8))).map { pow(10, $0) }
            : niceTicks(x0, x1, count: 8)
        for t in xTicks {
            s += "<line x1=\"\(Self.f(px(t)))\" y1=\"\(Self.f(top))\" x2=\"\(Self.f(px(t)))\" y2=\"\(Self.f(top + plotH))\" stroke=\"#e5e5e5\"/>\n"
            s += "<text x=\"\(Self.f(px(t)))\" y=\"\(Self.f(top + plotH + 18))\" text-anchor=\"middle\">\(logX ? String(format: "1e%d", Int(log10(t).rounded())) : label(t))</text>\n"
        }
        let yTicks: [Double] = logY
            ? stride(from: log10(y0), through: log10(y1) + 1e-9, by: max(1, ceil((log10(y1) - log10(y0)) / 8))).map { pow(10, $0) }
            : niceTicks(y0, y1, count: 6)
        for t in yTicks {
            s += "<line x1=\"\(Self.f(left))\" y1=\"\(Self.f(py(t)))\" x2=\"\(Self.f(left + plotW))\" y2=\"\(Self.f(py(t)))\" stroke=\"#e5e5e5\"/>\n"
            s += "<text x=\"\(Self.f(left - 6))\" y=\"\(Self.f(py(t) + 4))\" text-anchor=\"end\">\(logY ? String(format: "1e%d", Int(log10(t).rounded())) : label(t))</text>\n"
        }
        s += "<rect x=\"\(Self.f(left))\" y=\"\(Self.f(top))\" width=\"\(Self.f(plotW))\" height=\"\(Self.f(plotH))\" fill=\"none\" stroke=\"#333\"/>\n"
        s += "<text x=\"\(Self.f(left + plotW / 2))\" y=\"\(Self.f(height - 14))\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
        s += "<text transform=\"translate(18 \(Self.f(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\">\(escape(yLabel))</text>\n"
        for band in bands {
            for d in bandPaths(band, usableX: usableX, usable: usable, px: px, py: py, bottom: y0) {
                s += "<path d=\"\(d)\" fill=\"\(band.color)\" fill-opacity=\"\(Self.f(band.opacity))\" stroke=\"none\"/>\n"
            }
        }
        for group in markers {
            for x in group.xs where usableX(x) {
                s += "<line x1=\"\(Self.f(px(x)))\" y1=\"\(Self.f(top))\" x2=\"\(Self.f(px(x)))\" y2=\"\(Self.f(top + plotH))\" stroke=\"\(group.color)\" stroke-width=\"1\"\(Self.dashAttribute(group.dash))/>\n"
            }
        }
        for r in references where usable(r.y) {
            s += "<line x1=\"\(Self.f(left))\" y1=\"\(Self.f(py(r.y)))\" x2=\"\(Self.f(left + plotW))\" y2=\"\(Self.f(py(r.y)))\" stroke=\"\(r.color)\" stroke-width=\"1.5\" stroke-dasharray=\"2 3\"/>\n"
        }
        // Widest first (stable), so a thinner line is never covered by a wider one drawn after it.
        let drawOrder = series.indices.sorted { (series[$0].width, $1) > (series[$1].width, $0) }
        for line in drawOrder.map({ series[$0] }) {
            var d = ""
            var previous: (x: Double, y: Double)?
            for p in line.points where usableX(p.x) && usable(p.y) {
                if let q = previous {
                    if line.steps { d += " L\(Self.f(px(p.x))),\(Self.f(py(q.y)))" }
                    d += " L\(Self.f(px(p.x))),\(Self.f(py(p.y)))"
                } else {
                    d += "M\(Self.f(px(p.x))),\(Self.f(py(p.y)))"
                }
                previous = p
            }
            if d.isEmpty { continue }
            s += "<path d=\"\(d)\" fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"\(Self.width(line.width))\"\(Self.dashAttribute(line.pattern))/>\n"
        }
        // Legend, in the strip right of the plot.
        var ly = top + 8
        for line in series {
            s += "<line x1=\"\(Self.f(left + plotW + 14))\" y1=\"\(Self.f(ly))\" x2=\"\(Self.f(left + plotW + 38))\" y2=\"\(Self.f(ly))\" stroke=\"\(line.color)\" stroke-width=\"\(Self.width(max(2, line.width)))\"\(Self.dashAttribute(line.pattern))/>\n"
            s += "<text x=\"\(Self.f(left + plotW + 44))\" y=\"\(Self.f(ly + 4))\">\(escape(line.name))</text>\n"
            ly += 18
        }
        for band in bands {
            s += "<rect x=\"\(Self.f(left + plotW + 14))\" y=\"\(Self.f(ly - 5))\" width=\"24.00\" height=\"10.00\" fill=\"\(band.color)\" fill-opacity=\"\(Self.f(band.opacity))\"/>\n"
            s += "<text x=\"\(Self.f(left + plotW + 44))\" y=\"\(Self.f(ly + 4))\">\(escape(band.name))</text>\n"
            ly += 18
        }
        for group in markers {
            s += "<line x1=\"\(Self.f(left + plotW + 26))\" y1=\"\(Self.f(ly - 7))\" x2=\"\(Self.f(left + plotW + 26))\" y2=\"\(Self.f(ly + 7))\" stroke=\"\(group.color)\" stroke-width=\"1\"\(Self.dashAttribute(group.dash))/>\n"
            s += "<text x=\"\(Self.f(left + plotW + 44))\" y=\"\(Self.f(ly + 4))\">\(escape(group.name))</text>\n"
            ly += 18
        }
        for r in references {
            s += "<line x1=\"\(Self.f(left + plotW + 14))\" y1=\"\(Self.f(ly))\" x2=\"\(Self.f(left + plotW + 38))\" y2=\"\(Self.f(ly))\" stroke=\"\(r.color)\" stroke-width=\"1.5\" stroke-dasharray=\"2 3\"/>\n"
            s += "<text x=\"\(Self.f(left + plotW + 44))\" y=\"\(Self.f(ly + 4))\">\(escape(r.name))</text>\n"
            ly += 18
        }
        return s + "</svg>\n"
    }

    /// A stroke width: `1.8` stays `1.8` (the bytes of charts made before widths were configurable).
    private static func width(_ w: Double) -> String { JSONValue.format(w) }

    private static func dashAttribute(_ pattern: String?) -> String {
        pattern.map { " stroke-dasharray=\"\($0)\"" } ?? ""
    }

    /// The closed outlines of a band: one per run of points whose upper value can be drawn; each goes along the
    /// upper curve and back along the lower (clamped to `bottom` where it cannot be drawn on a log axis).
    private func bandPaths(
        _ band: Band, usableX: (Double) -> Bool, usable: (Double) -> Bool, px: (Double) -> Double,
        py: (Double) -> Double, bottom: Double
    ) -> [String] {
        var segments = [[(x: Double, low: Double, high: Double)]]()
        var current = [(x: Double, low: Double, high: Double)]()
        for p in band.points {
            if usableX(p.x), usable(p.high) {
                current.append((p.x, usable(p.low) ? min(p.low, p.high) : bottom, p.high))
            } else if !current.isEmpty {
                segments.append(current)
                current = []
            }
        }
        if !current.isEmpty { segments.append(current) }
        return segments.map { points in
            func outline(_ y: (Int) -> Double) -> [(Double, Double)] {
                var vertices = [(Double, Double)]()
                for i in points.indices {
                    if band.steps, i > 0 { vertices.append((points[i].x, y(i - 1))) }
                    vertices.append((points[i].x, y(i)))
                }
                return vertices
            }
            let vertices = outline { points[$0].high } + outline { points[$0].low }.reversed()
            return vertices.enumerated().map { i, v in "\(i == 0 ? "M" : "L")\(Self.f(px(v.0))),\(Self.f(py(v.1)))" }
                .joined(separator: " ") + " Z"
        }
    }

    private func label(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e6 { return String(Int(x)) }
        return String(format: "%.3g", x)
    }

    private func niceTicks(_ a: Double, _ b: Double, count: Int) -> [Double] {
        let span = b - a
        guard span > 0, span.isFinite else { return [a] }
        let raw = span / Double(count)
        let mag = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? raw
        var t = ceil(a / step) * step
        var out = [Double]()
        while t <= b + step * 1e-9 {
            out.append(abs(t) < step * 1e-9 ? 0 : t)
            t += step
        }
        return out
    }

    private func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
