import Foundation
import NeuroFailBounds
import NeuroFailCore
import NeuroFailEngine
import NeuroFailMission

/// Fig. 5: Ω_av of one crashed neuron in layer 1, 2, 3 (and 4) of the 4-layer chips against K: does the order of the
/// curves invert at K = 1, as the paper says?
///
/// What the theory gives, per activation:
/// - Bias-free ReLU: every Ω is exactly ∝ K^L whatever the crash layer (see ``Figure3``), so the ratio between depths
///   does not depend on K: the curves are parallel and never cross. Erf agrees: its term for layer l is
///   C_l·K^(L−l)·…, and C_l (the bound on |y^(l)|) is itself ∝ K^l.
/// - Sigmoid: for small K a crash in layer l gives Ω ∝ K^(L−l), so crashes far from the output hurt least; Erf_av's
///   terms (C_l = 1) cross where K·N·w_av = 1, i.e. at K = 1/(N_(l+1)·w_av^(l+1)), not at K = 1 unless N·w_av = 1.
public struct Figure5: Figure {
    public let id = "fig5"
    public let title = "Inversion of the depth effect: Omega_av of one crash in layer 1, 2, 3, 4 against K"

    public init() {}


    static func size(quick: Bool) -> RandomNetworkSize {
        quick ? RandomNetworkSize(chips: 2, gridPoints: 4, points: 9) : RandomNetworkSize(chips: 20, gridPoints: 17, points: 25)
    }

    /// The variants: activation and biases.
    static let variants: [(name: String, function: Activation.Function, biases: Bool)] = [
        ("relu", .relu, false), ("relu-biases", .relu, true), ("sigmoid", .sigmoid, false),
        ("sigmoid-biases", .sigmoid, true),
    ]

    public func run(_ options: ReproductionOptions, progress: @escaping @Sendable (String) -> Void) throws -> FigureResult {
        let size = Self.size(quick: options.quick)
        let experiment = RandomNetworkExperiment(size, options)
        let L = experiment.depth
        let ks = RandomNetworkExperiment.logGrid(from: 0.001, to: 10, points: size.points)
        let batch = experiment.batch

        // omega[variant][layer][k], erf[variant][layer][k] (Erf_av), averaged over chips; perChip[variant][chip][layer][k].
        var omega = [[[Double]]](repeating: [[Double]](repeating: [], count: L), count: Self.variants.count)
        var erf = omega
        var perChip = [[[[Double]]]](repeating: Array(repeating: omega[0], count: size.chips), count: Self.variants.count)
        for (v, variant) in Self.variants.enumerated() {
            for k in ks {
                progress("fig5: \(variant.name), K = \(String(format: "%.4g", k))")
                let make: (Int) -> Chip = { experiment.chip($0, variant.function, lipschitz: k, biases: variant.biases) }
                for l in 1...L {
                    var sum = 0.0
                    for i in 0..<size.chips {
                        let value = experiment.omega(make(i), experiment.inLayer(l), inputs: batch).omegaAverage
                        perChip[v][i][l - 1].append(value)
                        sum += value
                    }
                    omega[v][l - 1].append(sum / Double(size.chips))
                    var counts = Array(repeating: 0, count: L)
                    counts[l - 1] = 1
                    let bound = (0..<size.chips).reduce(0.0) {
                        $0 + ErfBound(chip: make($1)).erf(FaultCounts(neurons: counts), .mean)
                    }
                    erf[v][l - 1].append(bound / Double(size.chips))
                }
            }
        }

        var table = CSVTable(
            comments: [
                "Fig. 5: one crashed neuron in hidden layer l (1 = farthest from the output), Omega_av and Erf_av against K",
                "\(experiment.setting); values averaged over the chips; sigmoid = 1/(1+exp(-4Kx))",
            ],
            header: ["variant", "K"] + (1...L).map { "omega_av_layer\($0)" } + (1...L).map { "erf_av_layer\($0)" })
        for (v, variant) in Self.variants.enumerated() {
            for (i, k) in ks.enumerated() {
                table.append([.text(variant.name), .number(k)] + (0..<L).map { .number(omega[v][$0][i]) }
                    + (0..<L).map { .number(erf[v][$0][i]) })
            }
        }

        var chipTable = CSVTable(
            comments: ["Fig. 5 per chip: Omega_av of one crash in layer l, each random chip on its own"],
            header: ["variant", "chip", "K"] + (1...L).map { "omega_av_layer\($0)" })
        for (v, variant) in Self.variants.enumerated() {
            for i in 0..<size.chips {
                for (j, k) in ks.enumerated() {
                    chipTable.append([.text(variant.name), .number(Double(i)), .number(k)] + (0..<L).map { .number(perChip[v][i][$0][j]) })
                }
            }
        }

        func points(_ ys: [Double]) -> [(x: Double, y: Double)] { zip(ks, ys).map { (x: $0, y: $1) } }
        var plots = [(name: String, text: String)]()
        for (v, variant) in Self.variants.enumerated() where !variant.biases {
            var chart = SVGChart(
                title: "Fig. 5: \(variant.name == "relu" ? "ReLU" : "sigmoid"), one crash in layer l (Omega_av; dashed: Erf_av)",
                xLabel: "Lipschitz constant K", yLabel: "Omega_av", logY: true)
            chart.logX = true
            for l in 1...L {
                chart.series.append(.init(name: "Ω_av, layer \(l)", color: Palette.color(l - 1), points: points(omega[v][l - 1])))
            }
            for l in 1...L {
                chart.series.append(.init(
                    name: "Erf_av, layer \(l)", color: Palette.color(l - 1), points: points(erf[v][l - 1]), dashed: true))
            }
            plots.append(("fig5-\(variant.name).svg", chart.rendered()))
        }

        // Crossings of layers 1 and 3 (the paper's depths 1 and 3), and all pairs among 1...3.
        func crossings(_ values: [[Double]], _ a: Int, _ b: Int) -> [Double] {
            LogLogFit.crossings(x: ks, values[a - 1], values[b - 1])
        }
        func pairs(_ values: [[Double]]) -> JSONValue {
            .object([(1, 2), (1, 3), (2, 3)].map { ("layers\($0.0)-\($0.1)", .finite(crossings(values, $0.0, $0.1))) })
        }
        /// The ratio Ω_l / Ω_1 over K: its relative spread (max/min − 1), 0 when the curves are parallel.
        func ratioSpread(_ values: [[Double]]) -> Double {
            (2...L).map { l in
                let r = zip(values[l - 1], values[0]).map { $0 / $1 }
                return r.max()! / r.min()! - 1
            }.max()!
        }
        let sigmoid = Self.variants.firstIndex { $0.name == "sigmoid" }!
        let relu = Self.variants.firstIndex { $0.name == "relu" }!
        let inversion = crossings(omega[sigmoid], 1, 3).first ?? .nan
        let erfInversion = crossings(erf[sigmoid], 1, 3).first ?? .nan
        // Erf_av's own prediction: terms of layers l and l+1 cross at K = 1/(N_(l+1)·w_av^(l+1)) (sigmoid, C_l = 1).
        let predicted = (0..<size.chips).map { i -> Double in
            let b = ErfBound(chip: experiment.chip(i, .sigmoid, lipschitz: 1, biases: false))
            let w = b.weights(.mean)
            // Layers 1 and 3 cross where K²·N_2·w_2·N_3·w_3 = 1.
            return 1 / (Double(b.widths[1]) * w[1] * Double(b.widths[2]) * w[2]).squareRoot()
        }
        let reluRatios = (1...L).map { l in omega[relu][l - 1][0] / omega[relu][0][0] }
        /// Per crash layer, the log-log slope of Ω_av over K ≤ 0.01 (small) or K ≥ 1 (large).
        func slopes(_ values: [[Double]], small: Bool) -> [Double] {
            values.map { ys in
                LogLogFit(zip(ks, ys).map { (x: $0, y: $1) }.filter { small ? $0.x <= 0.01 * (1 + 1e-9) : $0.x >= 1 - 1e-9 }).slope
            }
        }
        /// Chip by chip: the first K where layers 1 and 3 cross (null if never), how many chips cross at all, and how
        /// many end (largest K) with the crash far from the output hurting more than the one near it.
        func chipStatistics(_ v: Int) -> (first: [Double], crossing: Int, invertedAtLargeK: Int) {
            let first = perChip[v].map { crossings($0, 1, 3).first ?? .nan }
            let inverted = perChip[v].filter { $0[0].last! > $0[2].last! }.count
            return (first, first.filter(\.isFinite).count, inverted)
        }
        var variantsJSON = [(String, JSONValue)]()
        for (v, variant) in Self.variants.enumerated() {
            let chip = chipStatistics(v)
            variantsJSON.append((variant.name, .object([
                ("chipsWithLayer13Crossing", .number(Double(chip.crossing))),
                ("chipsWithLayer1AboveLayer3AtLargestK", .number(Double(chip.invertedAtLargeK))),
                ("perChipFirstLayer13Crossing", .finite(chip.first)),
                ("omegaCrossings", pairs(omega[v])), ("erfAvCrossings", pairs(erf[v])),
                ("omegaRatioSpread", .finite(ratioSpread(omega[v]))),
                ("smallKSlopes", .finite(slopes(omega[v], small: true))),
                ("largeKSlopes", .finite(slopes(omega[v], small: false))),
            ])))
        }
        let anyOmegaCrossing = [(1, 2), (1, 3), (2, 3)].contains { !crossings(omega[sigmoid], $0.0, $0.1).isEmpty }
        let headline: JSONValue = .object([
            ("figure", "fig5"),
            ("inversionK", .finite(inversion)),
            ("inversionKSeries", "sigmoid 1/(1+exp(-4Kx)), bias-free: first K where Omega_av of a crash in layer 1 and in layer 3 cross"),
            ("inversionKCompanion", .finite(inversion * 4)),
            ("sigmoidOmegaInverts", .bool(anyOmegaCrossing)),
            ("sigmoidSmallKSlopes", .finite(slopes(omega[sigmoid], small: true))),
            ("sigmoidChipsWithLayer13Crossing", .number(Double(chipStatistics(sigmoid).crossing))),
            ("sigmoidChipsWithLayer1AboveLayer3AtLargestK", .number(Double(chipStatistics(sigmoid).invertedAtLargeK))),
            ("inversionKErfAv", .finite(erfInversion)),
            ("inversionKErfAvPredicted", .finite(predicted.reduce(0, +) / Double(predicted.count))),
            ("paperInversionK", .number(1)),
            ("reluDepthRatioSpread", .finite(ratioSpread(omega[relu]))),
            ("reluDepthRatios", .finite(reluRatios)),
            ("variants", .object(variantsJSON)),
            ("chips", .number(Double(size.chips))),
            ("grid", .string("\(size.gridPoints)^4")),
            ("K", .finite(ks)),
            ("seed", .number(Double(options.seed))),
        ])
        let g = { (x: Double) in String(format: "%.3g", x) }
        let list = { (xs: [Double]) in xs.isEmpty ? "none" : xs.map(g).joined(separator: ", ") }
        let biasedRelu = Self.variants.firstIndex { $0.name == "relu-biases" }!
        let summary = """
            \(experiment.setting); one crashed neuron in layer l = 1…\(L) (1 = farthest from the output); K from 0.001 \
            to 10 (\(ks.count) points).
            Paper: "When K is smaller than 1, a deeper layer results in lower error, the opposite occurs when K becomes \
            larger than 1."
            Bias-free ReLU: Ω_l/Ω_1 = \(reluRatios.map(g).joined(separator: ", ")) at every K (relative spread \
            \(String(format: "%.1e", ratioSpread(omega[relu])))): all curves ∝ K^\(L), they never cross; Erf_av too \
            (C_l ∝ K^l) — differs from the paper.
            ReLU with biases: layer 1 × layer 3 crossings at K = \(list(crossings(omega[biasedRelu], 1, 3))).
            ReLU with biases, small-K slopes by crash layer: \(slopes(omega[biasedRelu], small: true).map(g).joined(separator: ", ")) \
            (bias-dominated y^(l) ∝ K, so K^(L−l+1)); large K: \(slopes(omega[biasedRelu], small: false).map(g).joined(separator: ", ")).
            Sigmoid (bias-free): small-K slopes by crash layer \(slopes(omega[sigmoid], small: true).map(g).joined(separator: ", ")) \
            (expected L − l: the paper's "degree … equal to the depth of the crash" — agrees); Ω_av curves of layers \
            1…3 cross: \(anyOmegaCrossing ? "yes, layers 1 and 3 at K = \(g(inversion)) (e^(−Kx) convention: \(g(inversion * 4)))" : "never (no two of layers 1–3 swap order at any K: saturated steps hide crashes far from the output)").
            Chip by chip (sigmoid): layers 1 and 3 cross on \(chipStatistics(sigmoid).crossing) of \(size.chips) chips \
            (first crossings at K = \(list(chipStatistics(sigmoid).first.filter(\.isFinite)))); layer 1 ends above layer 3 \
            at K = \(g(ks.last!)) on \(chipStatistics(sigmoid).invertedAtLargeK); ReLU with biases: \
            \(chipStatistics(biasedRelu).crossing) chips cross (K = \(list(chipStatistics(biasedRelu).first.filter(\.isFinite)))).
            Erf_av's curves do invert: layers 1 and 3 at K = \(g(erfInversion)) (predicted 1/√(N₂w₂·N₃w₃) = \
            \(g(predicted.reduce(0, +) / Double(predicted.count)))), not at K = 1: the per-layer gain is K·N·w_av, not K. \
            Verdict: no systematic inversion of Ω at K = 1; where single chips invert, it is near K ≈ 1/(N·w_av), where Erf's terms cross.
            """
        return FigureResult(
            id: id, data: [("fig5.csv", table.text), ("fig5-per-chip.csv", chipTable.text)], plots: plots, headline: headline, summary: summary)
    }
}
