/// Calendar dates as decimal years, for the solar-cycle phase (a mission starting 2027-07-02 is at ≈ 2027.5).
public enum MissionCalendar {
    /// Days per year used to convert rates given per day or per hour (the Julian year: 365.25 days).
    public static let daysPerYear = 365.25

    /// The decimal year of an ISO date `YYYY-MM-DD` (or `YYYY-MM`, taken as the 1st): year + (day of year − 1) /
    /// days in that year. `nil` if the text is not a valid date.
    public static func decimalYear(iso text: String) -> Double? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3,
            parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            parts[0].count == 4, parts.dropFirst().allSatisfy({ $0.count == 2 }),
            let year = Int(parts[0]), let month = Int(parts[1])
        else { return nil }
        let day = parts.count == 3 ? Int(parts[2]) ?? 0 : 1
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...12).contains(month), (1...lengths[month - 1]).contains(day) else { return nil }
        let dayOfYear = lengths.prefix(month - 1).reduce(0, +) + day
        return Double(year) + Double(dayOfYear - 1) / Double(leap ? 366 : 365)
    }
}
