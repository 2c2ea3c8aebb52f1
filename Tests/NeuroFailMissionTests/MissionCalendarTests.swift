import Testing

@testable import NeuroFailMission

@Suite struct MissionCalendarTests {
    @Test func convertsDatesToDecimalYears() throws {
        #expect(MissionCalendar.decimalYear(iso: "2027-01-01") == 2027)
        let july = try #require(MissionCalendar.decimalYear(iso: "2024-07-02"))  // leap year: day 184 of 366
        #expect(abs(july - (2024 + 183.0 / 366)) < 1e-12)
        #expect(MissionCalendar.decimalYear(iso: "2019-12") == 2019 + 334.0 / 365)
    }

    @Test func rejectsInvalidDates() {
        for text in ["", "2027", "2027-13-01", "2027-02-29", "27-01-01", "2027-1-1", "2027-01-01T00:00", "soon"] {
            #expect(MissionCalendar.decimalYear(iso: text) == nil, "\(text)")
        }
        #expect(MissionCalendar.decimalYear(iso: "2028-02-29") != nil)
    }
}
