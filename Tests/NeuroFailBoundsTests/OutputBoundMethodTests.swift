import Foundation
import NeuroFailBounds
import NeuroFailCore
import Testing

struct OutputBoundMethodTests {
    @Test func sigmoidLayersReportTheirRangeAndReluLayersIntervalPropagation() throws {
        let bounds = ErfBound.outputBounds(of: try decodeChip(mixedChip.json))
        #expect(bounds.map(\.method) == [.intervalPropagation, .sigmoidRange, .intervalPropagation])
        #expect(bounds[1].bound == 1)
        #expect(OutputBoundMethod.allCases.map(\.rawValue) == ["sigmoid-range", "tanh-range", "interval-propagation"])
    }

    /// Lemma 1 of Docs/theory.md: every nominal output over the input box lies within C_l (checked on the box's
    /// corners and random points of 300 random chips, both activations, both weight scales).
    @Test func outputBoundsHoldForEveryNominalOutputOverTheInputBox() {
        var rng = Xoshiro256(seed: 5)
        for _ in 0..<300 {
            let chip = randomChip(&rng)
            let bound = ErfBound(chip: chip)
            for x in samplePoints(chip, &rng) {
                var y = x
                for (l, layer) in chip.hidden.enumerated() {
                    y = (0..<layer.outputs).map { i in
                        let s = (0..<layer.inputs).reduce(layer.bias[i]) {
                            $0 + layer.weight(target: i, source: $1) * y[$1]
                        }
                        return layer.activation.map { $0(s) } ?? s
                    }
                    let largest = y.map(abs).max() ?? 0
                    #expect(largest <= bound.outputBounds[l] * (1 + 1e-9), "layer \(l + 1) of \(chip.widths)")
                }
            }
        }
    }

    @Test func reluBoundIsTheLargestIntervalEndPointSoItIsReachedAtACornerOfASingleLayer() throws {
        // One ReLU layer: each neuron's interval upper end is attained at a corner of the box, so C_1 is tight.
        let chip = try decodeChip(
            #"""
            {"format": "neurofail.chip/1", "inputs": 2, "inputDomain": {"lower": -1, "upper": 2},
             "activation": {"function": "relu", "lipschitz": 1.5},
             "layers": [{"weights": [[1, -3], [-2, 0.5]], "bias": [0.25, 0]}],
             "readout": {"weights": [[1, 1]], "bias": [0]}}
            """#)
        // Neuron 1: max of x1 − 3 x2 + 0.25 at (2, −1) = 5.25 → 1.5 · 5.25; neuron 2: max at (−1, 2) = 3 → 4.5.
        #expect(ErfBound(chip: chip).outputBounds == [7.875])
        #expect(ErfBound(chip: chip).inputBound == 2)
    }

    @Test func boundedPiecewiseLinearLayersReportTheirIntervalsWithinTheirRange() throws {
        // x in [0, 1]. Layer 1: tanh (C = 1 by its range; y1 ∈ [0, tanh 1]). Layer 2: clip K=2 into [−1, 3] of
        // s = 2·y1 − 1 ∈ [−1, 2 tanh(1) − 1]: 2s ∈ [−2, 1.046…] clipped to [−1, 1.046…], so C_2 = 2(2 tanh 1 − 1),
        // below the range's 3. Layer 3: hard-sigmoid K=0.1 of 10·y2 ∈ [−10, 10.46…]: 0.1·s + 1/2 ∈ [−0.5, 1.55…]
        // → [0, 1]: C_3 = 1 (its range).
        let chip = try decodeChip(
            #"""
            {"format": "neurofail.chip/1", "inputs": 1,
             "layers": [
               {"weights": [[1]], "bias": [0], "activation": {"function": "tanh", "lipschitz": 1}},
               {"weights": [[2]], "bias": [-1], "activation": {"function": "clip", "lipschitz": 2, "lower": -1, "upper": 3}},
               {"weights": [[10]], "bias": [0], "activation": {"function": "hard-sigmoid", "lipschitz": 0.1}},
               {"weights": [[-1]], "bias": [0], "activation": {"function": "leaky-relu", "lipschitz": 3, "alpha": 0.5}}],
             "readout": {"weights": [[1]], "bias": [0]}}
            """#)
        let bounds = ErfBound.outputBounds(of: chip)
        #expect(bounds.map(\.method) == [.tanhRange, .intervalPropagation, .intervalPropagation, .intervalPropagation])
        #expect(bounds[0].bound == 1)
        #expect(abs(bounds[1].bound - 2 * (2 * tanh(1) - 1)) < 1e-15)
        #expect(bounds[2].bound == 1)
        // Layer 4: s = −y3 ∈ [−1, 0]: leaky 3·0.5·s ∈ [−1.5, 0]: C_4 = 1.5.
        #expect(bounds[3].bound == 1.5)
    }
}
