/// Bands over runs: at each checkpoint, the median and two outer quantiles (5 % and 95 % by default) over the
/// runs of each ``RunMetric`` at that moment.
///
/// Quantiles follow Hyndman & Fan's definition 7 (the default of R and NumPy): for the n values sorted,
/// x_(1) ≤ … ≤ x_(n), the level-α quantile is x_(j) + g·(x_(j+1) − x_(j)) with h = (n − 1)·α, j = ⌊h⌋ + 1,
/// g = h − ⌊h⌋. They describe the spread of the runs; they are not confidence bounds.
public struct RunBands: Sendable {
    /// The quantiles of one metric at one checkpoint.
    public struct Band: Sendable, Hashable {
        /// The lower quantile (level ``RunBands/lowLevel``).
        public var low: Double
        /// The median.
        public var median: Double
        /// The upper quantile (level ``RunBands/highLevel``).
        public var high: Double
        /// The runs the metric applied to at this checkpoint.
        public var runs: Int
    }

    /// The metrics, in order.
    public let metrics: [RunMetric]
    /// The checkpoint times (years).
    public let times: [Double]
    /// The level of the lower quantile, e.g. 0.05.
    public let lowLevel: Double
    /// The level of the upper quantile, e.g. 0.95.
    public let highLevel: Double
    /// `bands[m][i]`: metric m at checkpoint i; nil when no run has a value there.
    public let bands: [[Band?]]

    /// The bands of `metrics` over `runs` at `checkpoints` (each run's state in force at the checkpoint).
    public init(
        runs: [MissionRun], checkpoints: [Double], metrics: [RunMetric], lowLevel: Double = 0.05,
        highLevel: Double = 0.95
    ) {
        self.metrics = metrics
        times = checkpoints
        self.lowLevel = lowLevel
        self.highLevel = highLevel
        let states = checkpoints.map { t in runs.compactMap { $0.state(at: t) } }
        bands = metrics.map { metric in
            states.map { rows in
                let values = rows.compactMap(metric.value).sorted()
                guard !values.isEmpty else { return nil }
                return Band(
                    low: Self.quantile(values, lowLevel), median: Self.quantile(values, 0.5),
                    high: Self.quantile(values, highLevel), runs: values.count)
            }
        }
    }

    /// The level-α quantile of `sorted` (ascending; NaN for an empty array, which callers never pass) by Hyndman & Fan's definition 7. Equal neighbours
    /// give their value exactly (so an infinite value is never turned into NaN by the interpolation).
    public static func quantile(_ sorted: [Double], _ alpha: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let h = Double(sorted.count - 1) * min(max(alpha, 0), 1)
        let j = Int(h.rounded(.down))
        guard j + 1 < sorted.count else { return sorted[sorted.count - 1] }
        let g = h - Double(j)
        let (a, b) = (sorted[j], sorted[j + 1])
        if a == b || g == 0 { return a }
        return a + g * (b - a)
    }
}
