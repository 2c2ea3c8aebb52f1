import Foundation

/// A small line chart rendered as a standalone SVG document: several series over a shared x axis (linear, or
/// logarithmic with ``logX``), a linear or logarithmic y axis, optional horizontal reference lines (an error budget),
/// a legend.
///
/// Plain text output with fixed number formatting, so the same data gives the same bytes.
public struct SVGChart: Sendable {
    /// One line of the chart.
    public struct Series: Sendable {
        public var name: String
        /// CSS colour, e.g. `#1f77b4`.
        public var color: String
        public var points: [(x: Double, y: Double)]
        public var dashed: Bool
        /// Draw as a step function (value holds until the next point), as failures do over time.
        public var steps: Bool

        public init(name: String, color: String, points: [(x: Double, y: Double)], dashed: Bool = false, steps: Bool = false) {
            self.name = name
            self.color = color
            self.points = points
            self.dashed = dashed
            self.steps = steps
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

    /// The SVG document.
    public func rendered(width: Double = 760, height: Double = 440) -> String {
        let left = 78.0, right = 180.0, top = 40.0, bottom = 56.0
        let plotW = width - left - right, plotH = height - top - bottom
        let usable: (Double) -> Bool = { y in y.isFinite && (!logY || y > 0) }
        let usableX: (Double) -> Bool = { x in x.isFinite && (!logX || x > 0) }
        let xs = series.flatMap { $0.points.map(\.x) }.filter(usableX)
        var ys = series.flatMap { $0.points.map(\.y) }.filter(usable) + references.map(\.y).filter(usable)
        if ys.isEmpty { ys = logY ? [1e-3, 1] : [0, 1] }
        var x0 = xs.min() ?? (logX ? 0.1 : 0), x1 = max(xs.max() ?? 1, (xs.min() ?? 0) + 1e-9)
        if logX {
            x0 = pow(10, floor(log10(x0) + 1e-9))
            x1 = pow(10, ceil(log10(x1) - 1e-9))
            if x1 <= x0 { x1 = x0 * 10 }
        }
        var (y0, y1) = (ys.min() ?? 0, ys.max() ?? 1)
        if let yRange { (y0, y1) = (yRange.lowerBound, yRange.upperBound) }
        if logY {
            y0 = pow(10, floor(log10(y0)))
            y1 = pow(10, ceil(log10(y1)))
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
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="Helvetica, Arial, sans-serif" font-size="12">
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
        for r in references where usable(r.y) {
            s += "<line x1=\"\(Self.f(left))\" y1=\"\(Self.f(py(r.y)))\" x2=\"\(Self.f(left + plotW))\" y2=\"\(Self.f(py(r.y)))\" stroke=\"\(r.color)\" stroke-width=\"1.5\" stroke-dasharray=\"2 3\"/>\n"
        }
        for line in series {
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
            s += "<path d=\"\(d)\" fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"1.8\"\(line.dashed ? " stroke-dasharray=\"6 4\"" : "")/>\n"
        }
        // Legend.
        var ly = top + 8
        for line in series {
            s += "<line x1=\"\(Self.f(left + plotW + 14))\" y1=\"\(Self.f(ly))\" x2=\"\(Self.f(left + plotW + 38))\" y2=\"\(Self.f(ly))\" stroke=\"\(line.color)\" stroke-width=\"2\"\(line.dashed ? " stroke-dasharray=\"6 4\"" : "")/>\n"
            s += "<text x=\"\(Self.f(left + plotW + 44))\" y=\"\(Self.f(ly + 4))\">\(escape(line.name))</text>\n"
            ly += 18
        }
        for r in references {
            s += "<line x1=\"\(Self.f(left + plotW + 14))\" y1=\"\(Self.f(ly))\" x2=\"\(Self.f(left + plotW + 38))\" y2=\"\(Self.f(ly))\" stroke=\"\(r.color)\" stroke-width=\"1.5\" stroke-dasharray=\"2 3\"/>\n"
            s += "<text x=\"\(Self.f(left + plotW + 44))\" y=\"\(Self.f(ly + 4))\">\(escape(r.name))</text>\n"
            ly += 18
        }
        return s + "</svg>\n"
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
