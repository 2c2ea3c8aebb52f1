import Foundation
import NeuroFailCore
import NeuroFailEngine
import NeuroFailMission

/// Fig. 4: sigmoid chips, Ω against the Lipschitz constant K, log-log: where the power law of ReLU saturates.
///
/// Two sigmoid conventions: ours, sigmoid_K(x) = 1/(1 + e^(−4Kx)) (K is the steepest slope, the paper's text), and
/// the companion code's 1/(1 + e^(−K′x)), which is ours with K = K′/4: its curves are ours shifted by ×4 along K.
///
/// What to expect for a crash in layer l (bias-free): for small K every sigmoid is ≈ 1/2 + Kx, a crashed neuron
/// removes ≈ 1/2 and its loss crosses L − l linear layers, so Ω ∝ K^(L−l); crashes in the last hidden layer do not
/// depend on K at all. For large K every sigmoid is a step and Ω tends to a constant.
public struct Figure4: Figure {
    public let id = "fig4"
    public let title = "Sigmoid: Omega against K for 1, 2, 3 crashed neurons (log-log), two sigmoid conventions"

    public init() {}


    static func size(quick: Bool) -> RandomNetworkSize {
        quick
            ? RandomNetworkSize(chips: 2, gridPoints: 4, points: 9, crashCounts: [1, 2])
            : RandomNetworkSize(chips: 6, gridPoints: 15, points: 17, crashCounts: [1, 2, 3])
    }

    /// K at or below this is "small K" for the fitted slope.
    static let smallK = 0.01
    /// K at or above this is "large K".
    static let largeK = 1.0

    public func run(_ options: ReproductionOptions, progress: @escaping @Sendable (String) -> Void) throws -> FigureResult {
        let size = Self.size(quick: options.quick)
        let experiment = RandomNetworkExperiment(size, options)
        let L = experiment.depth
        let ks = RandomNetworkExperiment.logGrid(from: 0.001, to: 10, points: size.points)
        let batch = experiment.batch
        let selections = size.crashCounts.map { CrashSelection.total($0) }
        let layer1 = experiment.inLayer(1)

        // Series: ours bias-free for every crash count; layer-1 crash; companion convention; with biases.
        var anywhere = [[OmegaTriple]](repeating: [], count: selections.count)
        var firstLayer = [Double](), companion = [Double](), companionLayer1 = [Double]()
        var biased = [Double](), biasedLayer1 = [Double]()
        for k in ks {
            progress("fig4: sigmoid, K = \(String(format: "%.4g", k))")
            let ours: (Int) -> Chip = { experiment.chip($0, .sigmoid, lipschitz: k, biases: false) }
            let theirs: (Int) -> Chip = { experiment.chip($0, .sigmoid, lipschitz: k / 4, biases: false) }
            let withBiases: (Int) -> Chip = { experiment.chip($0, .sigmoid, lipschitz: k, biases: true) }
            for (s, selection) in selections.enumerated() {
                anywhere[s].append(experiment.averagedOmega(selection, inputs: batch, ours))
            }
            firstLayer.append(experiment.averagedOmega(layer1, inputs: batch, ours).average)
            companion.append(experiment.averagedOmega(selections[0], inputs: batch, theirs).maxAverage)
            companionLayer1.append(experiment.averagedOmega(layer1, inputs: batch, theirs).average)
            biased.append(experiment.averagedOmega(selections[0], inputs: batch, withBiases).maxAverage)
            biasedLayer1.append(experiment.averagedOmega(layer1, inputs: batch, withBiases).average)
        }

        func points(_ ys: [Double]) -> [(x: Double, y: Double)] { zip(ks, ys).map { (x: $0, y: $1) } }
        func smallFit(_ ys: [Double]) -> LogLogFit { LogLogFit(points(ys).filter { $0.x <= Self.smallK * (1 + 1e-9) }) }
        func largeFit(_ ys: [Double]) -> LogLogFit { LogLogFit(points(ys).filter { $0.x >= Self.largeK * (1 - 1e-9) }) }
        /// Where the curve falls to half its small-K power law (interpolated in log-log): where it saturates.
        func saturation(_ ys: [Double]) -> Double {
            let fit = smallFit(ys)
            guard fit.slope.isFinite else { return .nan }
            return LogLogFit.crossings(x: ks, ys, ks.map { fit.value(at: $0) / 2 }).first ?? .nan
        }
        /// The K of the largest value.
        func peak(_ ys: [Double]) -> Double { ks[ys.indices.max { ys[$0] < ys[$1] }!] }

        var table = CSVTable(
            comments: [
                "Fig. 4: sigmoid, Omega against K; \(experiment.setting)",
                "convention ours: 1/(1+exp(-4Kx)); companion: 1/(1+exp(-Kx)) (= ours at K/4)",
                "crashes: anywhere (all C(16, f) sets) or one neuron in layer 1; values averaged over the chips",
            ],
            header: ["convention", "biases", "crashes", "K", "omega_av", "omega_mav", "omega_max"])
        for (s, f) in size.crashCounts.enumerated() {
            for (i, k) in ks.enumerated() {
                let t = anywhere[s][i]
                table.append(["ours", "no", .text("\(f) anywhere"), .number(k), .number(t.average),
                              .number(t.maxAverage), .number(t.max)])
            }
        }
        let extra: [(String, String, String, [Double], Bool)] = [
            ("ours", "no", "1 in layer 1", firstLayer, true), ("companion", "no", "1 anywhere", companion, false),
            ("companion", "no", "1 in layer 1", companionLayer1, true), ("ours", "yes", "1 anywhere", biased, false),
            ("ours", "yes", "1 in layer 1", biasedLayer1, true),
        ]
        for (convention, biases, crashes, ys, isAverage) in extra {
            for (k, y) in zip(ks, ys) {
                table.append([.text(convention), .text(biases), .text(crashes), .number(k),
                              isAverage ? .number(y) : .text(""), isAverage ? .text("") : .number(y), .text("")])
            }
        }

        var chart = SVGChart(
            title: "Fig. 4: sigmoid, Omega against K (\(size.chips) random 4x4x4x4 chips)", xLabel: "Lipschitz constant K",
            yLabel: "Omega (output error)", logY: true)
        chart.logX = true
        for (s, f) in size.crashCounts.enumerated() {
            chart.series.append(.init(
                name: "Ω_mav, \(f) crash\(f > 1 ? "es" : "")", color: Palette.color(s), points: points(anywhere[s].map(\.maxAverage))))
        }
        chart.series.append(.init(name: "Ω_av, layer-1 crash", color: Palette.color(3), points: points(firstLayer)))
        chart.series.append(.init(
            name: "Ω_mav, 1, companion", color: Palette.color(0), points: points(companion), dashed: true))
        chart.series.append(.init(
            name: "layer 1, companion", color: Palette.color(3), points: points(companionLayer1), dashed: true))
        chart.series.append(.init(name: "Ω_mav, 1, biases", color: "#555555", points: points(biased), dashed: true))

        let mav = anywhere[0].map(\.maxAverage)
        let headline: JSONValue = .object([
            ("figure", "fig4"),
            ("slopeSmallK", .finite(smallFit(mav).slope)),
            ("slopeLargeK", .finite(largeFit(mav).slope)),
            ("slopeSmallKLayer1", .finite(smallFit(firstLayer).slope)),
            ("slopeLargeKLayer1", .finite(largeFit(firstLayer).slope)),
            ("expectedSlopeSmallKLayer1", .number(Double(L - 1))),
            ("saturationK", .finite(saturation(firstLayer))),
            ("saturationKCompanion", .finite(saturation(companionLayer1))),
            ("saturationDefinition", "the K where omega_av of a layer-1 crash falls to half its small-K power law"),
            ("peakKLayer1", .finite(peak(firstLayer))),
            ("omegaMavLargeOverSmallK", .finite(mav.last! / mav.first!)),
            ("smallK", .number(Self.smallK)),
            ("largeK", .number(Self.largeK)),
            ("slopeSeries", "slopeSmallK/LargeK: omega_mav, 1 crash anywhere; ...Layer1 and saturationK: omega_av, 1 crash in layer 1; bias-free chips, our sigmoid 1/(1+exp(-4Kx))"),
            ("omegaMaxOverMav", .finite(zip(anywhere[0].map(\.max), mav).map { $0 / $1 }.max() ?? .nan)),
            ("chips", .number(Double(size.chips))),
            ("grid", .string("\(size.gridPoints)^4")),
            ("K", .finite(ks)),
            ("crashCounts", .integers(size.crashCounts)),
            ("seed", .number(Double(options.seed))),
        ])
        let f2 = { (x: Double) in String(format: "%.3g", x) }
        let summary = """
            \(experiment.setting); K from 0.001 to 10 (\(ks.count) points); sigmoid 1/(1+e^(−4Kx)) (slope K at 0).
            1 crash anywhere, Ω_mav: slope \(f2(smallFit(mav).slope)) for K ≤ \(Self.smallK), \(f2(largeFit(mav).slope)) \
            for K ≥ \(Self.largeK): nearly flat at both ends (the last hidden layer's crashes remove ≈ w/2 whatever K).
            1 crash in layer 1, Ω_av: slope \(f2(smallFit(firstLayer).slope)) for small K (expected L − 1 = \(L - 1)), \
            \(f2(largeFit(firstLayer).slope)) for large K; it leaves its power law (half of it) at K ≈ \
            \(f2(saturation(firstLayer))) (companion convention e^(−Kx): K ≈ \(f2(saturation(companionLayer1))), ×4), \
            peaks at K ≈ \(f2(peak(firstLayer))) and then falls: steep sigmoids are steps that a deep crash rarely flips.
            Paper: "sigmoid has a saturating effect"; "In Figure 4 this [K^4] is the case only when K ≪ 1" — the \
            saturation agrees; the K^4 law does not: a sigmoid crash in layer l gives K^(L−l) at most (3 for layer 1), \
            and crashes anywhere are dominated by the K-independent last layer.
            """
        return FigureResult(
            id: id, data: [("fig4.csv", table.text)], plots: [("fig4.svg", chart.rendered())], headline: headline,
            summary: summary)
    }
}
