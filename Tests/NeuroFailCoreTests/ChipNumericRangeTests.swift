import Foundation
import Testing

@testable import NeuroFailCore

/// A chip whose values can leave Float64's range over its domain cannot be simulated or bounded: refused at load,
/// naming the weights of the layer where it happens.
struct ChipNumericRangeTests {
    private func load(_ text: String) -> String? {
        do {
            _ = try Chip.decode(JSONValue.parse(Data(text.utf8), file: "big.json"), file: "big.json")
            return nil
        } catch { return error.description }
    }

    private func chip(first: String, readout: String = "[[1, 1]]", activation: String = "relu") -> String {
        """
        {"format": "neurofail.chip/1", "inputs": 2, "activation": {"function": "\(activation)", "lipschitz": 1},
         "layers": [{"weights": \(first), "bias": [0, 0]}], "readout": {"weights": \(readout), "bias": [0]}}
        """
    }

    /// 1e308 + 1e308 overflows to +∞ in neuron 0 of layer 1.
    @Test func weightsThatOverflowAreRefusedNamingTheLayer() {
        #expect(load(chip(first: "[[1e308, 1e308], [1, 1]]")) == "big.json: layers[0].weights: neuron 0 of layer 1 can reach beyond ±1.8e308 over the input domain, beyond what Float64 can simulate and bound (1e300); scale the weights down")
    }

    /// 1e301 is finite but above the 1e300 the bounds need; a crash can only remove terms, so a positive and a
    /// negative weight (2e301 − 1e301) count at their own sizes, not their sum.
    @Test func valuesAboveTheLimitAreRefusedEvenWhereWeightsCancel() {
        #expect(load(chip(first: "[[1, 1], [1e301, 0]]"))?.hasPrefix("big.json: layers[0].weights: neuron 1 of layer 1 can reach 1e+301") == true)
        #expect(load(chip(first: "[[2e150, -1e150], [1, 1]]", readout: "[[1e150, 1e150]]"))?.hasPrefix("big.json: readout.weights: output 0 can reach") == true)
    }

    /// Large weights are fine where the values stay in range: sigmoid outputs lie in (0, 1) whatever the weights.
    @Test func largeWeightsWithBoundedValuesLoad() {
        #expect(load(chip(first: "[[1e299, 1e299], [1, 1]]", readout: "[[1, 1]]", activation: "sigmoid")) == nil)
        #expect(load(chip(first: "[[4e299, 5e299], [1, 1]]")) == nil, "9e299 <= 1e300")
    }
}
