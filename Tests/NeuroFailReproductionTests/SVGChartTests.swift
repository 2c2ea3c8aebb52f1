import Foundation
import NeuroFailMission
import Testing

/// The optional log x axis the log-log figures need (SVGChart lives in NeuroFailMission; its mission uses are linear).
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

    @Test func theDefaultXAxisStaysLinear() throws {
        #expect(SVGChart(title: "t", xLabel: "x", yLabel: "y", logY: false).logX == false)
        let xs = try pathXs(chart(logX: false).rendered())
        #expect(xs.count == 4)
        #expect((xs[2] - xs[1]) > 9 * (xs[1] - xs[0]))
    }
}
