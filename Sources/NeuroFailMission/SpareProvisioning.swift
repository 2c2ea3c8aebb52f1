/// The spare neurons per hidden layer such that, with confidence c, at least a fraction p of missions never lose
/// more neurons in any layer than it has spares: a joint, distribution-free tolerance bound from the same order
/// statistic as the B_p life (``OrderStatisticBound``).
///
/// The redundancy scheme it assumes (``scheme``): each hidden layer has its own pool of cold spares; any spare of a
/// layer can replace any dead neuron of that layer (it is loaded with the dead neuron's weights and takes its
/// connections); spares do not fail while unused; switching is instantaneous and perfect. A layer's need is then
/// the number of its neurons that die during the mission, counted on the chip without spares: the simulation stops
/// exposing a dead neuron, so a replacement is taken not to fail after it takes over (an undercount of second order
/// while a layer loses a few percent of its neurons). Spares cover neuron losses only: a dead synapse stays dead.
///
/// How: each run's losses L_l (neurons lost in layer l of width w_l by the end; losses only grow) are reduced to one
/// number fixed in advance, the largest fraction lost in any layer, g = max_l L_l / w_l. Its r-th largest value
/// over the n runs, g*, is an upper tolerance bound: with confidence c, P(g ≤ g*) ≥ p for a new mission. g ≤ g*
/// means L_l ≤ ⌊g*·w_l⌋ in every layer, so those are the spares (computed in integers, exactly). Fixing the
/// reduction before seeing the runs is what keeps the statement exact; per-layer quantiles chosen from the same
/// runs would not be. Integer-valued losses with ties only make it conservative.
public struct SpareProvisioning: Sendable, Hashable {
    /// The redundancy scheme the figures assume, in one sentence for reports.
    public static let scheme = "per-layer pool of cold spares; any spare replaces any dead neuron of its layer; "
        + "spares do not fail while unused; switching is perfect; a replacement is not re-exposed after it takes over; "
        + "synapse failures are not repaired"

    /// The hidden-layer widths w_l.
    public let widths: [Int]
    /// The rank r (the r-th largest run is the bound) and the (n, p, c) it was chosen for.
    public let bound: OrderStatisticBound
    /// Spares per hidden layer, or nil when n runs cannot support the statement.
    public let perLayer: [Int]?
    /// The fraction of the flown runs whose losses fit within `perLayer` in every layer (descriptive: at least
    /// (n − r + 1)/n by construction), or nil when not supported.
    public let observedCoverage: Double?

    /// The provisioning from the neurons lost per hidden layer in each run (`losses[run][layer]`, missing layers
    /// count as 0), for layer widths `widths`, reliability p and confidence c.
    public init(losses: [[Int]], widths: [Int], reliability p: Double, confidence c: Double) {
        self.widths = widths
        bound = OrderStatisticBound(runs: losses.count, reliability: p, confidence: c)
        guard let r = bound.rank, !widths.isEmpty else {
            perLayer = nil
            observedCoverage = nil
            return
        }
        let padded = losses.map { run in widths.indices.map { $0 < run.count ? run[$0] : 0 } }
        // g = max_l L_l / w_l as the exact fraction (lost, width); a/b ≤ c/d ⟺ a·d ≤ c·b.
        let scores: [(lost: Int, width: Int)] = padded.map { run in
            var best = (lost: 0, width: 1)
            for (l, lost) in run.enumerated() where lost * best.width > best.lost * max(widths[l], 1) {
                best = (lost, max(widths[l], 1))
            }
            return best
        }
        let sorted = scores.sorted { $0.lost * $1.width < $1.lost * $0.width }
        let star = sorted[sorted.count - r]
        let spares = widths.map { $0 * star.lost / star.width }
        perLayer = spares
        let covered = padded.filter { run in zip(run, spares).allSatisfy { $0 <= $1 } }.count
        observedCoverage = Double(covered) / Double(losses.count)
    }

    /// The provisioning as one sentence, e.g. "with 95% confidence, at least 99% of missions lose no more neurons in
    /// any layer than 20,20,20 spare neurons per layer", or why it cannot be stated.
    public var statement: String {
        let c = ReliabilityLife.percent(bound.confidence), p = ReliabilityLife.percent(bound.reliability)
        guard let perLayer else {
            return "spare neurons for \(p) of missions at \(c) confidence not supported by \(bound.runs) run\(bound.runs == 1 ? "" : "s") (needs >= \(bound.runsNeeded))"
        }
        let list = perLayer.map(String.init).joined(separator: ",")
        return "with \(c) confidence, at least \(p) of missions lose no more neurons in any layer than \(list) spare neurons per layer"
    }
}
