import NeuroFailCore

/// Everything NeuroFail can say about one concrete fault set of a chip over a box, from the weights alone: the
/// paper's Erf for its counts, the certified fault-set bounds (cheap and tight), and the worst input a search
/// finds — so the true worst case is bracketed, [found, certified] (Docs/theory.md, section 16).
public struct FaultSetStudy: Sendable {
    /// The fault set, without the synapse crashes that cannot matter.
    public let faults: FaultSet
    /// The norm every value is in.
    public let norm: DeviationNorm
    /// Erf and Erf_av for the fault set's counts (Eq. 4 at these counts: the worst placement of that many failures).
    public let erf: Double
    public let erfAverage: Double
    /// The difference-interval bound.
    public let intervals: DeviationBound
    /// The linear-relaxation bound (refined by domain splitting when asked).
    public let linear: DeviationBound
    /// The search's best.
    public let found: WorstInputSearch.Result

    /// Studies `faults` on `chip` over `box`; `subdomains` > 1 refines the linear bound by splitting the box, and
    /// the search spends `searchStarts` random starts (plus the relaxation's corners and `hints`).
    ///
    /// Precondition: ``FaultSetBound/check(_:)`` passes for `chip`.
    public init(
        chip: Chip, faults: FaultSet, box: InputBox? = nil, norm: DeviationNorm = .linf, subdomains: Int = 1,
        searchStarts: Int = 32, seed: UInt64 = 1, hints: [[Double]] = []
    ) {
        let effective = faults.effective(on: chip)
        self.faults = effective
        self.norm = norm
        let counts = FaultCounts(effective)
        let erfBound = ErfBound(chip: chip)
        let scale = norm.erfScale(outputs: chip.outputCount)
        erf = erfBound.erf(counts, .max) * scale
        erfAverage = erfBound.erf(counts, .mean) * scale
        let analysis = FaultSetBound(chip: chip, box: box)
        intervals = analysis.bound(effective, method: .differenceIntervals)
        linear = analysis.refined(effective, subdomains: subdomains)
        let search = WorstInputSearch(chip: chip, box: analysis.box, randomStarts: searchStarts, steps: 100, seed: seed)
        found = search.search(effective, norm: norm, hints: hints + linear.suggestedInputs)
    }

    /// The tightest certified bound.
    public var certified: Double { min(intervals.value(norm), linear.value(norm)) }

    /// Whether the search found more than a certified bound allows (beyond rounding): a bug in NeuroFail.
    public var violated: Bool { !linear.admits(found.deviation, norm) || !intervals.admits(found.deviation, norm) }
}
