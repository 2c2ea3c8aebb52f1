import Foundation
import Testing

@testable import NeuroFailMission

@Suite struct SolarCycleTests {
    let cycle = SolarCycle(minimumFactor: 4.0 / 3, maximumFactor: 2.0 / 3)

    @Test func isStrongestAtSolarMinimumAndWeakestHalfACycleLater() {
        #expect(abs(cycle.factor(atYear: SolarCycle.cycle25Minimum) - 4.0 / 3) < 1e-12)
        #expect(abs(cycle.factor(atYear: SolarCycle.cycle25Minimum + 5.5) - 2.0 / 3) < 1e-12)
        #expect(abs(cycle.factor(atYear: SolarCycle.cycle25Minimum + 11) - 4.0 / 3) < 1e-12)
        #expect(cycle.peakFactor == 4.0 / 3)
    }

    @Test func averagesToOneOverAFullCycleWhenNormalised() {
        #expect(abs(cycle.integral(fromYear: 2030, toYear: 2041) / 11 - 1) < 1e-12)
    }

    @Test func closedFormIntegralMatchesNumericalIntegration() {
        let (a, b) = (2027.3, 2034.9)
        let steps = 100_000
        let h = (b - a) / Double(steps)
        var sum = 0.0
        for i in 0..<steps { sum += cycle.factor(atYear: a + (Double(i) + 0.5) * h) * h }
        #expect(abs(sum - cycle.integral(fromYear: a, toYear: b)) < 1e-8)
    }

    @Test func flatCycleHasNoModulation() {
        for y in stride(from: 2020.0, to: 2040, by: 0.7) { #expect(SolarCycle.flat.factor(atYear: y) == 1) }
    }
}
