import Foundation
import NeuroFailMission
import Testing

/// The chart's axes and drawing options: the log x axis of the reproduction's log-log figures, bands, event markers,
/// the legend strip and the draw order that keeps every line visible.
@Suite struct SVGChartTests {
    func chart(logX: Bool) -> SVGChart {
        var chart = SVGChart(title: "t", xLabel: "x", yLabel: "y", logY: true)
        chart.logX = logX
        chart.series = [.init(name: "s", color: "#000", points: [(x: 1, y: 1), (x: 10, y: 10), (x: 100, y: 100), (x: 0, y: 5)])]
        return chart
    }

    /// The x coordinates of the series' path.
    func pathXs(_ svg: String) throws -> [Double] {
        let path = try #require(svg.components(separatedBy: "<path d=\"").dropFirst().first?.components(separatedBy: "\"").first)
        return path.split(separator: " ").compactMap { Double($0.dropFirst().split(separator: ",")[0]) }
    }

    @Test func aLogXAxisSpacesDecadesEvenlyAndSkipsNonPositiveX() throws {
        let svg = chart(logX: true).rendered()
        let xs = try pathXs(svg)
        #expect(xs.count == 3)
        #expect(abs((xs[1] - xs[0]) - (xs[2] - xs[1])) < 0.02)
        #expect(svg.contains(">1e0</text>") && svg.contains(">1e2</text>"))
    }

    /// A value near Float64's largest (a scenario budget of 1.8e308, found by the fuzz harness) is left off the axes
    /// instead of making their decades ∞ (the tick labels' Int conversion trapped) and the coordinates NaN.
    @Test func aValueNearFloat64sLargestIsLeftOffTheAxes() throws {
        for logY in [true, false] {
            var chart = SVGChart(title: "t", xLabel: "x", yLabel: "y", logY: logY)
            chart.series = [.init(name: "s", color: "#000", points: [(x: 0, y: 1), (x: 1, y: 1.7976931348623157e308), (x: 2, y: 10)])]
            let svg = chart.rendered()
            #expect(!svg.contains("nan") && !svg.contains("inf"), "logY \(logY)")
        }
    }

    @Test func theDefaultXAxisStaysLinear() throws {
        #expect(SVGChart(title: "t", xLabel: "x", yLabel: "y", logY: false).logX == false)
        let xs = try pathXs(chart(logX: false).rendered())
        #expect(xs.count == 4)
        #expect((xs[2] - xs[1]) > 9 * (xs[1] - xs[0]))
    }

    /// The `d` attributes of every `<path>` in the document, in order.
    func paths(_ svg: String) -> [String] {
        svg.components(separatedBy: "<path d=\"").dropFirst().compactMap { $0.components(separatedBy: "\"").first }
    }

    /// The (x, y) vertices of a path.
    func vertices(_ d: String) -> [(Double, Double)] {
        d.split(separator: " ").compactMap { part -> (Double, Double)? in
            let xy = part.dropFirst().split(separator: ",")
            guard xy.count == 2, let x = Double(xy[0]), let y = Double(xy[1]) else { return nil }
            return (x, y)
        }
    }

    /// A linear 0…10 × 0…1 chart: the plot spans x pixels 78…580 and y pixels 40…384 with the y axis padded 5 %.
    func linear() -> SVGChart {
        var chart = SVGChart(title: "t", xLabel: "x", yLabel: "y", logY: false)
        chart.yRange = 0...1
        chart.series = [.init(name: "line", color: "#000", points: [(x: 0, y: 0.5), (x: 10, y: 0.5)])]
        return chart
    }

    @Test func aBandIsAClosedFilledOutlineAlongItsUpperThenLowerCurve() throws {
        var chart = linear()
        chart.bands = [.init(name: "band", color: "#f00", points: [(x: 0, low: 0.2, high: 0.8), (x: 5, low: 0.3, high: 0.9), (x: 10, low: 0.1, high: 0.4)])]
        let svg = chart.rendered()
        let band = try #require(paths(svg).first)
        #expect(band.hasSuffix(" Z"))
        #expect(svg.contains("fill=\"#f00\" fill-opacity=\"0.20\" stroke=\"none\""))
        let v = vertices(band)
        #expect(v.count == 6)
        // Upper curve left to right, then the lower right to left; y grows downwards, so upper is above lower.
        #expect(v[0].0 < v[1].0 && v[1].0 < v[2].0 && v[3].0 > v[4].0 && v[4].0 > v[5].0)
        #expect(v[0].0 == v[5].0 && v[2].0 == v[3].0)
        #expect(v[0].1 < v[5].1 && v[2].1 < v[3].1)
        // The band is drawn before (under) the line.
        #expect(svg.range(of: "fill-opacity")!.lowerBound < svg.range(of: "fill=\"none\" stroke=\"#000\"")!.lowerBound)
        // A step band holds each value until the next point: two vertices per later point on each side.
        chart.bands[0].steps = true
        #expect(vertices(try #require(paths(chart.rendered()).first)).count == 10)
    }

    /// On a log axis, a lower value of 0 is drawn at the bottom of the plot and a point with no drawable upper value
    /// splits the band in two.
    @Test func logBandsClampZeroLowerValuesAndSplitAtUndrawableOnes() throws {
        var chart = SVGChart(title: "t", xLabel: "x", yLabel: "y", logY: true)
        chart.bands = [.init(name: "b", color: "#00f", points: [
            (x: 0, low: 0, high: 1), (x: 1, low: 0.1, high: 10), (x: 2, low: 0, high: 0), (x: 3, low: 1, high: 100), (x: 4, low: 2, high: 50),
        ])]
        let outlines = paths(chart.rendered()).filter { $0.hasSuffix("Z") }
        #expect(outlines.count == 2)
        let first = vertices(outlines[0])
        // The plot's bottom edge is at y = 440 − 56 = 384.
        #expect(first.contains { abs($0.1 - 384) < 0.01 })
    }

    @Test func markersAreVerticalLinesAtTheirXAcrossThePlot() {
        var chart = linear()
        chart.markers = [.init(name: "failures", color: "#888", xs: [2.5, 7.5])]
        let svg = chart.rendered()
        // x = 2.5 of 0…10 over 502 pixels from 78: 78 + 125.5 = 203.5.
        #expect(svg.contains("<line x1=\"203.50\" y1=\"40.00\" x2=\"203.50\" y2=\"384.00\" stroke=\"#888\" stroke-width=\"1\" stroke-dasharray=\"3 3\"/>"))
        #expect(svg.contains("<line x1=\"454.50\" y1=\"40.00\" x2=\"454.50\" y2=\"384.00\""))
        #expect(svg.contains(">failures</text>"))
    }

    /// Every legend element lies right of the plot's right edge (x = 580), and a long name widens the canvas
    /// instead of running off it.
    @Test func theLegendStaysOutsideThePlotAndFitsItsNames() {
        var chart = linear()
        let long = String(repeating: "w", count: 60)
        chart.series.append(.init(name: long, color: "#0f0", points: [(x: 0, y: 0.1), (x: 10, y: 0.9)]))
        chart.bands = [.init(name: "band", color: "#f00", points: [(x: 0, low: 0.2, high: 0.8), (x: 10, low: 0.2, high: 0.8)])]
        chart.markers = [.init(name: "m", color: "#888", xs: [5])]
        chart.references = [.init(name: "ref", y: 0.5, color: "#777")]
        let svg = chart.rendered()
        let legend = svg.components(separatedBy: "\n").filter { $0.contains(">line<") || $0.contains(">\(long)<") || $0.contains(">band<") || $0.contains(">m<") || $0.contains(">ref<") }
        #expect(legend.count == 5)
        for line in legend {
            let x = Double(line.components(separatedBy: "x=\"")[1].components(separatedBy: "\"")[0]) ?? 0
            #expect(x > 580, "\(line)")
        }
        // 78 + 502 + 44 + 7·60 + 10 = 1054 pixels wide.
        #expect(svg.contains("width=\"1054\""))
        // Charts whose names fit keep the 760-pixel canvas.
        #expect(linear().rendered().contains("width=\"760\" height=\"440\""))
    }

    /// Wider lines are drawn first whatever the order given, so a thin line lying on a wide one stays visible; equal
    /// widths keep their order, and each line carries its own dash pattern.
    @Test func widerLinesAreDrawnFirstWithTheirDashPatterns() {
        var chart = linear()
        chart.series = [
            .init(name: "thin", color: "#111", points: [(x: 0, y: 0), (x: 10, y: 0)], dash: "2 3", width: 1.2),
            .init(name: "wide", color: "#222", points: [(x: 0, y: 0), (x: 10, y: 0)], width: 3.2),
            .init(name: "mid", color: "#333", points: [(x: 0, y: 0), (x: 10, y: 0)], dashed: true, width: 2.2),
            .init(name: "mid2", color: "#444", points: [(x: 0, y: 0), (x: 10, y: 0)], dash: "8 4", width: 2.2),
        ]
        let svg = chart.rendered()
        let strokes = svg.components(separatedBy: "\n").filter { $0.hasPrefix("<path") }.map {
            $0.components(separatedBy: "stroke=\"")[1].prefix(4)
        }
        #expect(strokes == ["#222", "#333", "#444", "#111"])
        #expect(svg.contains("stroke=\"#111\" stroke-width=\"1.2\" stroke-dasharray=\"2 3\"/>"))
        #expect(svg.contains("stroke=\"#333\" stroke-width=\"2.2\" stroke-dasharray=\"6 4\"/>"))
        #expect(svg.contains("stroke=\"#444\" stroke-width=\"2.2\" stroke-dasharray=\"8 4\"/>"))
        #expect(svg.contains("stroke=\"#222\" stroke-width=\"3.2\"/>"))
    }
}
