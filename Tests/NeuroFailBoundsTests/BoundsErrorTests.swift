import Foundation
import NeuroFailBounds
import Testing

struct BoundsErrorTests {
    @Test func messagesNameTheOffendingValueAndTheAllowedRange() {
        #expect(
            BoundsError.neuronCountOutOfRange(layer: 1, count: 3, width: 2).description
                == "f_1 = 3 crashed neurons in hidden layer 1, which has 2: use 0...2")
        #expect(
            BoundsError.synapseCountOutOfRange(layer: 3, count: 3, available: 2).description
                == "s_3 = 3 crashed synapses into layer 3, whose weight matrix has 2: use 0...2")
        #expect(
            BoundsError.crashCountOutOfRange(requested: 9, available: 4).description
                == "9 neuron crashes requested, but the chip has 4 neurons: use 0...4")
        #expect(BoundsError.neuronListLength(given: 1, expected: 2).description.contains("one per hidden layer"))
        #expect(BoundsError.synapseListLength(given: 2, expected: 3).description.contains("the last for the readout"))
        #expect(BoundsError.invalidBudget(-1).description.contains("non-negative"))
        #expect(BoundsError.invalidBudget(-1).localizedDescription == BoundsError.invalidBudget(-1).description)
    }
}

extension BoundsErrorTests {
    @Test func sizeRefusalsNameTheSizeTheLimitAndWhatStillWorks() {
        #expect(
            BoundsError.tooLargeForFaultSetBound(synapses: 300, limit: 200).description
                == "the chip has 300 synapses, above the 200 the fault-set bound holds in memory; Erf, omega and rank still work on it")
        #expect(
            BoundsError.tooLargeForLinearRelaxation(denseWeights: 9, limit: 4).description
                == "the chip's layers span 9 dense weights, above the 4 the linear relaxation back-substitutes as dense "
                + "rows; use the difference intervals (O(synapses)), or Erf")
    }
}
