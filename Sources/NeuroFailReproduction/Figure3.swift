import Foundation
import NeuroFailCore
import NeuroFailEngine
import NeuroFailMission

/// Fig. 3: ReLU chips, Ω_max, Ω_mav and Ω_av against the Lipschitz constant K for 1, 2 and 3 crashed neurons
/// anywhere in the network, log-log.
///
/// On bias-free chips (the paper's companion code has no biases) every ReLU layer is positively homogeneous, so
/// y^(l) = K^l·g_l(x) with g_l independent of K, with or without crashes: F_neu − F_fail = K^L·(g − g_fail). Every Ω
/// is exactly proportional to K^L, whatever the layer of the crash, and the log-log slope is exactly L = 4. With
/// biases the output is not homogeneous in K and the slope is only approached for large K.
public struct Figure3: Figure {
    public let id = "fig3"
    public let title = "ReLU: Omega_max, Omega_mav, Omega_av against K for 1, 2, 3 crashed neurons (log-log)"

    public init() {}

    /// The sizes of a run.

    static func size(quick: Bool) -> RandomNetworkSize {
        quick
            ? RandomNetworkSize(chips: 2, gridPoints: 4, points: 5, crashCounts: [1, 2])
            : RandomNetworkSize(chips: 6, gridPoints: 17, points: 13, crashCounts: [1, 2, 3])
    }

    public func run(_ options: ReproductionOptions, progress: @escaping @Sendable (String) -> Void) throws -> FigureResult {
        let size = Self.size(quick: options.quick)
        let experiment = RandomNetworkExperiment(size, options)
        let L = experiment.depth
        let ks = RandomNetworkExperiment.logGrid(from: 0.1, to: 10, points: size.points)
        let batch = experiment.batch
        let selections = size.crashCounts.map { CrashSelection.total($0) }
        let layerSelections = (1...L).map { experiment.inLayer($0) }

        // omega[biases][selection][k]
        var omega = [[[OmegaTriple]]](repeating: [], count: 2)
        var layerOmega = [[Double]](repeating: [], count: L)  // bias-free, one crash in layer l: Ω_av per K
        for (b, biases) in [false, true].enumerated() {
            omega[b] = Array(repeating: [], count: selections.count)
            for k in ks {
                progress("fig3: ReLU \(biases ? "with" : "without") biases, K = \(String(format: "%.4g", k))")
                for (s, selection) in selections.enumerated() {
                    omega[b][s].append(experiment.averagedOmega(selection, inputs: batch) {
                        experiment.chip($0, .relu, lipschitz: k, biases: biases)
                    })
                }
                if !biases {
                    for (l, selection) in layerSelections.enumerated() {
                        layerOmega[l].append(experiment.averagedOmega(selection, inputs: batch) {
                            experiment.chip($0, .relu, lipschitz: k, biases: false)
                        }.average)
                    }
                }
            }
        }

        func fit(_ ys: [Double]) -> LogLogFit { LogLogFit(zip(ks, ys).map { (x: $0, y: $1) }) }
        let names = ["av", "mav", "max"]
        func pick(_ t: OmegaTriple, _ n: Int) -> Double { [t.average, t.maxAverage, t.max][n] }

        // Data.
        var table = CSVTable(
            comments: [
                "Fig. 3: ReLU, Omega against K; \(experiment.setting)",
                "crashes anywhere: all C(16, f) sets of f crashed neurons; values averaged over the chips",
            ],
            header: ["biases", "crashed", "K", "omega_av", "omega_mav", "omega_max"])
        for b in 0..<2 {
            for (s, f) in size.crashCounts.enumerated() {
                for (i, k) in ks.enumerated() {
                    let t = omega[b][s][i]
                    table.append([b == 1 ? "yes" : "no", .number(Double(f)), .number(k), .number(t.average),
                                  .number(t.maxAverage), .number(t.max)])
                }
            }
        }
        var layers = CSVTable(
            comments: ["Fig. 3 check: one crashed neuron in layer l only, bias-free ReLU, Omega_av averaged over chips"],
            header: ["K"] + (1...L).map { "omega_av_layer\($0)" })
        for (i, k) in ks.enumerated() { layers.append([.number(k)] + (0..<L).map { .number(layerOmega[$0][i]) }) }

        // Plot: bias-free chips as in the companion code, plus the biased Ω_av dashed.
        var chart = SVGChart(
            title: "Fig. 3: ReLU, Omega against K (\(size.chips) random 4x4x4x4 chips)", xLabel: "Lipschitz constant K",
            yLabel: "Omega (output error)", logY: true)
        chart.logX = true
        for (s, f) in size.crashCounts.enumerated() {
            for n in [2, 1, 0] {
                chart.series.append(.init(
                    name: "\(["Ω_av", "Ω_mav", "Ω_max"][n]), \(f) crash\(f > 1 ? "es" : "")",
                    color: Palette.color(s * 3 + n), points: zip(ks, omega[0][s]).map { (x: $0, y: pick($1, n)) }))
            }
        }
        chart.series.append(.init(
            name: "Ω_av, 1 crash, biases", color: "#555555", points: zip(ks, omega[1][0]).map { (x: $0, y: $1.average) },
            dashed: true))

        // Headline.
        let slope = fit(omega[0][0].map(\.average)).slope
        var slopes = [(String, JSONValue)]()
        var biasSlopes = [(String, JSONValue)]()
        for (s, f) in size.crashCounts.enumerated() {
            for n in 0..<3 {
                slopes.append(("\(names[n])_f\(f)", .finite(fit(omega[0][s].map { pick($0, n) }).slope)))
                biasSlopes.append(("\(names[n])_f\(f)", .finite(fit(omega[1][s].map { pick($0, n) }).slope)))
            }
        }
        let layerSlopes = layerOmega.map { fit($0).slope }
        let biasLocal = LogLogFit.localSlopes(zip(ks, omega[1][0].map(\.average)).map { (x: $0, y: $1) })
        let kOne = ks.firstIndex { abs($0 - 1) < 1e-12 } ?? ks.count / 2
        let maxOverMav = omega[0][0][kOne].max / omega[0][0][kOne].maxAverage
        let mavOverAv = omega[0][0][kOne].maxAverage / omega[0][0][kOne].average
        // The companion code's averaging (rand.cpp: Float32, `avg += norm / card` over its 101^4 grid, one crash
        // in layer 1), simulated on two of these chips at K = 1: how far below the exact Ω_av its average came out.
        let stallDigits = options.quick ? 11 : 101
        progress("fig3: rand.cpp's float32 averaging on \(stallDigits)^4 inputs")
        let stall = (0..<2).map { i in
            Float32StallSimulation.gridAverage(
                chip: experiment.chip(i, .relu, lipschitz: 1, biases: false), layer: 1, crashes: 1, digits: stallDigits,
                threads: experiment.threads)
        }
        var stallTable = CSVTable(
            comments: [
                "Fig. 3 check: the companion code's (rand.cpp) Float32 average of Omega, one crash in layer 1, K = 1, bias-free",
                "naive: per crash set sum of float(norm)/float(card) in Float32, then sum of avg/combs; exact: Float64 compensated",
            ],
            header: ["chip", "grid_inputs", "crash_sets", "omega_av_exact", "omega_av_float32", "fraction_of_exact"])
        for (i, o) in stall.enumerated() {
            stallTable.append([.number(Double(i)), .number(Double(o.inputs)), .number(Double(o.sets)), .number(o.exactMean),
                               .number(o.naiveMean), .number(o.fraction)])
        }
        let headline: JSONValue = .object([
            ("figure", "fig3"),
            ("loglogSlope", .finite(slope)),
            ("exactSlope", .number(Double(L))),
            ("slopeSeries", "omega_av, 1 crash anywhere, bias-free chips, averaged over the chips"),
            ("slopes", .object(slopes)),
            ("slopeByCrashLayer", .finite(layerSlopes)),
            ("slopesWithBiases", .object(biasSlopes)),
            ("localSlopesWithBiases", .finite(biasLocal)),
            ("omegaMaxOverMavAtK1", .finite(maxOverMav)),
            ("omegaMavOverAvAtK1", .finite(mavOverAv)),
            ("float32StallFractionOfExact", .finite(stall.map(\.fraction))),
            ("float32StallGrid", .string("\(stallDigits)^4")),
            ("crashPlacement", "anywhere: every set of f of the 16 hidden neurons"),
            ("chips", .number(Double(size.chips))),
            ("grid", .string("\(size.gridPoints)^4")),
            ("K", .finite(ks)),
            ("crashCounts", .integers(size.crashCounts)),
            ("seed", .number(Double(options.seed))),
        ])

        let summary = """
            \(experiment.setting); K from 0.1 to 10 (\(ks.count) points); crashes anywhere, f = \
            \(size.crashCounts.map(String.init).joined(separator: ", ")).
            Bias-free ReLU: log-log slope of Ω_av(K) = \(String(format: "%.6f", slope)) (exact: L = \(L), since every \
            layer is positively homogeneous: Ω ∝ K^L for a crash in any layer; by crash layer: \
            \(layerSlopes.map { String(format: "%.4f", $0) }.joined(separator: ", "))).
            Paper: "The slope of Figure 3 corresponds exactly to K^4" — agrees.
            Ω_max / Ω_mav = \(String(format: "%.2f", maxOverMav)), Ω_mav / Ω_av = \(String(format: "%.2f", mavOverAv)) \
            (1 crash; the paper: Ω_max "two orders of magnitude more pessimistic" than Ω_mav).
            The companion code's Float32 averaging (rand.cpp, \(stallDigits)^4 inputs, one crash in layer 1, K = 1) \
            gives \(stall.map { String(format: "%.2f", $0.fraction) }.joined(separator: " and ")) of the exact Ω_av on \
            chips 0 and 1: a stalled running sum biases its averages low, not its maxima.
            With biases the curve is not a power law: local slopes \
            \(biasLocal.map { String(format: "%.2f", $0) }.joined(separator: ", ")) (fit \
            \(String(format: "%.3f", fit(omega[1][0].map(\.average)).slope))).
            """
        return FigureResult(
            id: id, data: [("fig3.csv", table.text), ("fig3-by-layer.csv", layers.text), ("fig3-float32-stall.csv", stallTable.text)],
            plots: [("fig3.svg", chart.rendered())], headline: headline, summary: summary)
    }
}
