import NeuroFailCore
import Testing

@testable import NeuroFailMission

@Suite struct FailureRateTests {
    private func field(_ pairs: [(String, JSONValue)]) -> JSONField {
        JSONField(value: .object(pairs), file: "s.json", path: "failures[0]")
    }

    @Test func convertsFluxTimesCrossSectionToAYearlyRate() throws {
        let rate = try FailureRate.decode(field([("flux", 6.4e-4), ("crossSection", 0.02)]))
        #expect(abs(rate - 6.4e-4 * 0.02 * 365.25) < 1e-15)
    }

    @Test func convertsRatesPerDayAndPerHour() throws {
        #expect(try FailureRate.decode(field([("rate", 2)])) == 2)
        #expect(try FailureRate.decode(field([("rate", 1), ("rateUnit", "per-day")])) == 365.25)
        #expect(try FailureRate.decode(field([("rate", 1), ("rateUnit", "per-hour")])) == 365.25 * 24)
    }

    @Test func rejectsBadRates() {
        let cases: [([(String, JSONValue)], String)] = [
            ([("rate", -2)], "s.json: failures[0].rate: must be >= 0, found -2"),
            ([], "s.json: failures[0].rate: missing (or give flux and crossSection)"),
            ([("rate", 1), ("flux", 1), ("crossSection", 1)], "s.json: failures[0].rate: give either rate or flux and crossSection, not both"),
            ([("flux", 1)], "s.json: failures[0].crossSection: missing"),
            ([("flux", 1e300), ("crossSection", 1e300)], "s.json: failures[0].flux: gives a rate too large to represent"),
            ([("rate", 1e306), ("rateUnit", "per-hour")], "s.json: failures[0].rate: gives a rate too large to represent"),
            ([("rate", 1), ("rateUnit", "per-week")], "s.json: failures[0].rateUnit: unknown unit \"per-week\", expected \"per-year\", \"per-day\" or \"per-hour\""),
        ]
        for (pairs, message) in cases {
            #expect(throws: InputError.self) { try FailureRate.decode(field(pairs)) }
            do { _ = try FailureRate.decode(field(pairs)) } catch { #expect(error.description == message) }
        }
    }
}
