import Foundation
import Testing

@testable import NeuroFailMission

struct FailureRateEstimateTests {
    /// f = 0 in 10⁶ hours: FIT 0, no MTTF, and at 95 % λ_U = χ²_0.95(2)/(2T) = −ln(0.05)/T = 2.995732…e-6 per hour,
    /// 2,995.73 FIT; the MTTF is at least 1/λ_U = 333,808.2 h.
    @Test func boundsARateWithNoEventSeen() {
        let e = FailureRateEstimate(events: 0, deviceHours: 1e6, confidence: 0.95)
        #expect(e.fit == 0)
        #expect(e.mttfHours == nil)
        #expect(abs(e.fitUpper - 2995.732273553991) < 1e-8)
        #expect(abs(e.mttfLowerHours - 333_808.2) < 0.01)
    }

    /// f = 4 in 2·10⁵ hours: λ = 2e-5 per hour = 20,000 FIT, MTTF 50,000 h; λ_U = χ²_0.95(10)/(2T) =
    /// 18.307/(4e5) = 4.577e-5 per hour, 45,768 FIT (table value to 3 decimals of χ²).
    @Test func givesPointEstimateAndTheChiSquaredBound() {
        let e = FailureRateEstimate(events: 4, deviceHours: 2e5, confidence: 0.95)
        #expect(abs(e.fit - 20_000) < 1e-9)
        #expect(e.mttfHours == 50_000)
        #expect(abs(e.fitUpper - 18.307 / 4e5 * 1e9) < 0.5e-3 / 4e5 * 1e9)
        #expect(abs(e.mttfLowerHours * e.upperRatePerHour - 1) < 1e-15)
    }

    /// The bound is above the point estimate and tightens towards it, relative to it, as events accumulate (the
    /// exact Poisson bound, not a normal approximation); a higher confidence gives a higher bound.
    @Test func boundTightensWithMoreEventsAndRisesWithConfidence() {
        var previous = Double.infinity
        for f in [1, 10, 100, 1000] {
            let e = FailureRateEstimate(events: f, deviceHours: 1e7, confidence: 0.9)
            #expect(e.fitUpper > e.fit)
            let ratio = e.fitUpper / e.fit
            #expect(ratio < previous)
            previous = ratio
        }
        let low = FailureRateEstimate(events: 3, deviceHours: 1e7, confidence: 0.6)
        let high = FailureRateEstimate(events: 3, deviceHours: 1e7, confidence: 0.99)
        #expect(high.fitUpper > low.fitUpper)
    }
}
