import Foundation
import Testing

@testable import NeuroFailReproduction

@Suite struct LogLogFitTests {
    @Test func aPowerLawIsFittedExactly() {
        let xs: [Double] = [0.1, 1, 3, 10]
        let points: [(x: Double, y: Double)] = xs.map { x in (x: x, y: 2.5 * x * x * x) }
        let fit = LogLogFit(points)
        #expect(abs(fit.slope - 3) < 1e-12)
        #expect(abs(fit.value(at: 2) - 20) < 1e-9)
        #expect(fit.points == 4)
    }

    @Test func nonPositivePointsAreSkipped() {
        let points: [(x: Double, y: Double)] = [(1, 1), (10, 100), (0, 5), (5, 0)]
        let fit = LogLogFit(points)
        #expect(fit.points == 2)
        #expect(abs(fit.slope - 2) < 1e-12)
        let single: [(x: Double, y: Double)] = [(1, 1)]
        #expect(LogLogFit(single).slope.isNaN)
    }

    @Test func localSlopesAreBetweenConsecutivePoints() {
        let points: [(x: Double, y: Double)] = [(1, 1), (10, 100), (100, 1000)]
        let slopes = LogLogFit.localSlopes(points)
        #expect(slopes.count == 2)
        #expect(abs(slopes[0] - 2) < 1e-12 && abs(slopes[1] - 1) < 1e-12)
    }

    @Test func crossingsAreInterpolatedInLogLog() {
        let x: [Double] = [0.01, 0.1, 1, 10]
        let a: [Double] = x.map { $0 * $0 }  // K²
        let b: [Double] = x  // K: they cross at K = 1, a grid point
        #expect(LogLogFit.crossings(x: x, a, b) == [1])
        let c: [Double] = x.map { 0.5 * $0 }  // K² = K/2 at K = 0.5, between grid points
        let k = LogLogFit.crossings(x: x, a, c)
        #expect(k.count == 1 && abs(k[0] - 0.5) < 1e-12)
        let twice: [Double] = a.map { 2 * $0 }
        #expect(LogLogFit.crossings(x: x, a, twice).isEmpty)
    }
}
