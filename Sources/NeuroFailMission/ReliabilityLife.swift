/// A B_p life at confidence c: the mission time until which, with confidence c, at least a fraction p of missions
/// stay within budget. Nonparametric (binomial order statistics, ``OrderStatisticBound``): with per-run first
/// exceedance times T_i, it is T_(r), the r-th smallest. Runs that never left the budget are censored at the end of
/// the mission; if fewer than r runs left it, T_(r) lies beyond the mission and the life is at least the whole
/// mission.
///
/// "Until" is strict: the statement is P(T ≥ T_(r)) ≥ p, every such mission within budget on [0, T_(r)).
public struct ReliabilityLife: Sendable, Hashable {
    /// What the runs support.
    public enum Value: Sendable, Hashable {
        /// Too few runs for any statement at (p, c): `runsNeeded` are needed even if none leaves the budget.
        case notSupported(runsNeeded: Int)
        /// Fewer than r runs left the budget during the mission: the life is at least the mission's duration.
        case atLeastWholeMission
        /// T_(r), in years since launch.
        case years(Double)
    }

    /// The rank r and the (n, p, c) it was chosen for.
    public let bound: OrderStatisticBound
    /// The number of runs that left the budget during the mission.
    public let runsExceeding: Int
    /// The life.
    public let value: Value

    /// The life from per-run first-exceedance times (years; nil: the run stayed within budget all mission).
    public init(firstExceedances: [Double?], reliability p: Double, confidence c: Double) {
        bound = OrderStatisticBound(runs: firstExceedances.count, reliability: p, confidence: c)
        let times = firstExceedances.compactMap { $0 }.sorted()
        runsExceeding = times.count
        guard let r = bound.rank else {
            value = .notSupported(runsNeeded: bound.runsNeeded)
            return
        }
        value = r <= times.count ? .years(times[r - 1]) : .atLeastWholeMission
    }

    /// The life in years, or nil when it is not supported or at least the whole mission.
    public var years: Double? {
        if case let .years(t) = value { return t }
        return nil
    }

    /// The life as one sentence, e.g. "with 95% confidence, at least 99% of missions keep Omega_av <= budget until
    /// 3.25 y (B1 life)", for a criterion described as `criterion` on a mission of `durationYears`.
    public func statement(criterion: String, durationYears: Double) -> String {
        let c = Self.percent(bound.confidence), p = Self.percent(bound.reliability)
        switch value {
        case let .notSupported(needed):
            return "\(bound.lifeName) life at \(c) confidence not supported by \(bound.runs) run\(bound.runs == 1 ? "" : "s") (needs >= \(needed))"
        case .atLeastWholeMission:
            return "with \(c) confidence, at least \(p) of missions keep \(criterion) for the whole \(String(format: "%g", durationYears))-year mission (\(bound.lifeName) life at least the mission)"
        case let .years(t):
            return "with \(c) confidence, at least \(p) of missions keep \(criterion) until \(Self.years(t)) (\(bound.lifeName) life)"
        }
    }

    /// A time in years for people: `3.25 y`; below 0.1 y with three significant digits (`0.00237 y`), so an early
    /// life does not read as zero.
    public static func years(_ t: Double) -> String {
        t >= 0.1 || t == 0 ? String(format: "%.2f y", t) : String(format: "%.3g y", t)
    }

    /// `0.95` as `95%`, `0.999` as `99.9%`.
    public static func percent(_ fraction: Double) -> String { String(format: "%g%%", 100 * fraction) }
}
