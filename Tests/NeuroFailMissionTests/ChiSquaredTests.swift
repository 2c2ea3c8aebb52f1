import Foundation
import Testing

@testable import NeuroFailMission

struct ChiSquaredTests {
    /// For even degrees of freedom the CDF has the closed form of ``TestSupport/chiSquaredEvenCDF(_:halfDegrees:)``.
    @Test func cdfMatchesTheClosedFormForEvenDegrees() {
        for k in [1, 2, 3, 5, 11, 40] {
            for x in [0.01, 0.5, 2, 7.3, 18, 60, 150] {
                let exact = TestSupport.chiSquaredEvenCDF(x, halfDegrees: k)
                guard exact > 1e-200, exact < 1 - 1e-9 else { continue }
                #expect(abs(ChiSquared.cdf(x, degreesOfFreedom: Double(2 * k)) - exact) <= 1e-11 * exact, "k \(k) x \(x)")
            }
        }
    }

    /// Quantiles for 2k degrees of freedom against Newton's inversion of the closed form, across the levels a
    /// FIT bound uses (the 2f + 2 of f = 0...49).
    @Test func quantileInvertsTheClosedFormForEvenDegrees() {
        for k in 1...50 {
            for p in [0.01, 0.5, 0.6, 0.9, 0.95, 0.99, 0.999] {
                let reference = TestSupport.chiSquaredEvenQuantile(p, halfDegrees: k)
                let q = ChiSquared.quantile(p, degreesOfFreedom: Double(2 * k))
                #expect(q.map { abs($0 - reference) <= 1e-10 * reference } == true, "k \(k) p \(p): \(String(describing: q)) vs \(reference)")
            }
        }
    }

    /// Printed table values (e.g. NIST/SEMATECH e-Handbook §1.3.6.7.4, upper critical values, to 3 decimals),
    /// including odd degrees of freedom, which the closed form does not reach.
    @Test func quantileMatchesTextbookTables() {
        let table: [(p: Double, k: Double, value: Double)] = [
            (0.95, 2, 5.991), (0.95, 4, 9.488), (0.95, 10, 18.307), (0.95, 1, 3.841), (0.99, 1, 6.635),
            (0.95, 3, 7.815), (0.99, 10, 23.209), (0.05, 2, 0.103), (0.90, 100, 118.498),
        ]
        for row in table {
            let q = ChiSquared.quantile(row.p, degreesOfFreedom: row.k)
            #expect(q.map { abs($0 - row.value) < 5e-4 } == true, "chi2_\(row.p)(\(row.k)) = \(String(describing: q))")
        }
    }

    /// Extreme levels keep their relative precision: χ²_p(2) = −2 ln(1 − p) exactly.
    @Test func quantileIsPreciseAtExtremeLevels() {
        for p in [1e-12, 1e-6, 0.999999, 1 - 1e-12] {
            let exact = -2 * log1p(-p)
            let q = ChiSquared.quantile(p, degreesOfFreedom: 2)
            #expect(q.map { abs($0 - exact) <= 1e-9 * exact } == true, "p \(p): \(String(describing: q)) vs \(exact)")
        }
    }

    /// No quantile outside (0, 1) or for k ≤ 0: nil, never a NaN.
    @Test func quantileIsNilOutsideItsDomain() {
        #expect(ChiSquared.quantile(0, degreesOfFreedom: 2) == nil)
        #expect(ChiSquared.quantile(1, degreesOfFreedom: 2) == nil)
        #expect(ChiSquared.quantile(0.5, degreesOfFreedom: 0) == nil)
        #expect(ChiSquared.quantile(.nan, degreesOfFreedom: 2) == nil)
    }
}
