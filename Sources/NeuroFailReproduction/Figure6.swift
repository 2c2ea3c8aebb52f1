import Foundation
import NeuroFailBounds
import NeuroFailCore
import NeuroFailEngine
import NeuroFailMission

/// Fig. 6: every weight multiplied by a factor s (0.1 … 10), Ω against s, log-log, ReLU and sigmoid (K = 1).
///
/// The paper's text says ×10 on the weights gives ×10^L on Ω, its caption ×10^(L+1) on Erf. Settled exactly on
/// bias-free ReLU chips: relu is positively homogeneous, so scaling the L hidden matrices and the readout by s scales
/// the output (and every crashed variant of it) by s^(L+1): Ω × 10^(L+1). Scaling the hidden matrices only gives
/// s^L — the text's 10^L is that case. With biases (left unscaled) neither holds exactly. Sigmoid saturates: once
/// the hidden layers are steps, only the readout's factor remains (slope → 1).
public struct Figure6: Figure {
    public let id = "fig6"
    public let title = "Weights scaled by s: Omega_av against s, ReLU (power law) and sigmoid (saturation)"

    public init() {}


    static func size(quick: Bool) -> RandomNetworkSize {
        quick ? RandomNetworkSize(chips: 2, gridPoints: 4, points: 5) : RandomNetworkSize(chips: 10, gridPoints: 17, points: 17)
    }

    /// The variants: activation, biases, and whether the readout is scaled with the hidden layers.
    static let variants: [(name: String, function: Activation.Function, biases: Bool, readout: Bool)] = [
        ("relu", .relu, false, true), ("relu-hidden-only", .relu, false, false), ("relu-biases", .relu, true, true),
        ("sigmoid", .sigmoid, false, true), ("sigmoid-biases", .sigmoid, true, true),
    ]

    public func run(_ options: ReproductionOptions, progress: @escaping @Sendable (String) -> Void) throws -> FigureResult {
        let size = Self.size(quick: options.quick)
        let experiment = RandomNetworkExperiment(size, options)
        let L = experiment.depth
        // The grid always holds 1 and 10 exactly (odd point count over two decades).
        let scales = RandomNetworkExperiment.logGrid(from: 0.1, to: 10, points: size.points)
        let batch = experiment.batch
        let selection = CrashSelection.total(1)
        var layer1 = Array(repeating: 0, count: L)
        layer1[0] = 1

        // omega[variant][scale], erf[variant][scale]: Erf_av for one crash in layer 1.
        var omega = [[OmegaTriple]](repeating: [], count: Self.variants.count)
        var erf = [[Double]](repeating: [], count: Self.variants.count)
        for (v, variant) in Self.variants.enumerated() {
            for s in scales {
                progress("fig6: \(variant.name), scale = \(String(format: "%.4g", s))")
                let make: (Int) -> Chip = {
                    experiment.chip($0, variant.function, lipschitz: 1, biases: variant.biases, weightScale: s,
                                    scaleReadout: variant.readout)
                }
                omega[v].append(experiment.averagedOmega(selection, inputs: batch, make))
                erf[v].append((0..<size.chips).reduce(0.0) {
                    $0 + ErfBound(chip: make($1)).erf(FaultCounts(neurons: layer1), .mean)
                } / Double(size.chips))
            }
        }

        let one = scales.firstIndex { abs($0 - 1) < 1e-12 }!
        let ten = scales.count - 1
        func exponent(_ ys: [Double]) -> Double { log10(ys[ten] / ys[one]) }
        func points(_ ys: [Double]) -> [(x: Double, y: Double)] { zip(scales, ys).map { (x: $0, y: $1) } }

        var table = CSVTable(
            comments: [
                "Fig. 6: all weights (not biases) times s, K = 1, one crashed neuron anywhere (all 16 sets)",
                "\(experiment.setting); values averaged over the chips; erf_av_layer1: Erf_av for one crash in layer 1",
                "sigmoid = 1/(1+exp(-4x)); relu-hidden-only: the readout weights are not scaled",
            ],
            header: ["variant", "scale", "omega_av", "omega_mav", "omega_max", "erf_av_layer1"])
        for (v, variant) in Self.variants.enumerated() {
            for (i, s) in scales.enumerated() {
                let t = omega[v][i]
                table.append([.text(variant.name), .number(s), .number(t.average), .number(t.maxAverage),
                              .number(t.max), .number(erf[v][i])])
            }
        }

        var chart = SVGChart(
            title: "Fig. 6: weights times s, one crash (K = 1, \(size.chips) random 4x4x4x4 chips)",
            xLabel: "weight scale s", yLabel: "Omega_av", logY: true)
        chart.logX = true
        for (v, variant) in Self.variants.enumerated() {
            chart.series.append(.init(
                name: "Ω_av, \(variant.name)", color: Palette.color(v), points: points(omega[v].map(\.average)),
                dashed: variant.biases))
        }

        var exponents = [(String, JSONValue)]()
        var slopes = [(String, JSONValue)]()
        for (v, variant) in Self.variants.enumerated() {
            exponents.append((variant.name, .object([
                ("omegaAv", .finite(exponent(omega[v].map(\.average)))),
                ("omegaMav", .finite(exponent(omega[v].map(\.maxAverage)))),
                ("omegaMax", .finite(exponent(omega[v].map(\.max)))),
                ("erfAv", .finite(exponent(erf[v]))),
            ])))
            slopes.append((variant.name, .finite(LogLogFit.localSlopes(points(omega[v].map(\.average))))))
        }
        let relu = omega[0].map(\.average)
        let sigmoid = omega[3].map(\.average)
        let headline: JSONValue = .object([
            ("figure", "fig6"),
            ("scalingExponent", .finite(exponent(relu))),
            ("scalingExponentSeries", "log10(Omega_av(10 w) / Omega_av(w)), bias-free ReLU, all L+1 weight matrices scaled"),
            ("exactScalingExponent", .number(Double(L + 1))),
            ("scalingExponentHiddenOnly", .finite(exponent(omega[1].map(\.average)))),
            ("scalingExponentWithBiases", .finite(exponent(omega[2].map(\.average)))),
            ("erfAvScalingExponent", .finite(exponent(erf[0]))),
            ("loglogSlope", .finite(LogLogFit(points(relu)).slope)),
            ("sigmoidScalingExponent", .finite(exponent(sigmoid))),
            ("sigmoidSlopeLargeScale", .finite(LogLogFit.localSlopes(points(sigmoid)).last ?? .nan)),
            ("sigmoidSlopeSmallScale", .finite(LogLogFit.localSlopes(points(sigmoid)).first ?? .nan)),
            ("exponents", .object(exponents)),
            ("localSlopes", .object(slopes)),
            ("chips", .number(Double(size.chips))),
            ("grid", .string("\(size.gridPoints)^4")),
            ("scales", .finite(scales)),
            ("seed", .number(Double(options.seed))),
        ])
        let g = { (x: Double) in String(format: "%.6g", x) }
        let summary = """
            \(experiment.setting); every weight times s ∈ [0.1, 10] (\(scales.count) points), biases unscaled, K = 1, \
            one crashed neuron anywhere.
            Bias-free ReLU, ×10 on all weights: Ω_av × 10^\(g(exponent(relu))) (exact: L + 1 = \(L + 1)); hidden \
            matrices only: × 10^\(g(exponent(omega[1].map(\.average)))) (L = \(L)); with biases: \
            × 10^\(g(exponent(omega[2].map(\.average)))); Erf_av × 10^\(g(exponent(erf[0]))).
            Paper: text "increases the value of Ω by 10^L", caption "Erf is multiplied by 10^(L+1)": with the readout \
            scaled too (the caption's Eq. 4 has w_m^(L+1)) the factor is 10^(L+1) exactly; 10^L is the hidden-only case.
            Sigmoid: ×10 gives Ω × 10^\(g(exponent(sigmoid))); local slopes from \
            \(g(LogLogFit.localSlopes(points(sigmoid)).first ?? .nan)) to \(g(LogLogFit.localSlopes(points(sigmoid)).last ?? .nan)): \
            it saturates (only the readout's factor s survives) — agrees with "the late saturation".
            """
        return FigureResult(id: id, data: [("fig6.csv", table.text)], plots: [("fig6.svg", chart.rendered())],
                            headline: headline, summary: summary)
    }
}
