import NeuroFailTestSupport
import Testing

@testable import NeuroFailCore

/// The uniform accessors of a layer mean the same for dense and convolutional layers: checked on convolutions
/// against the textbook enumeration and dense expansion of `ConvolutionalChips`, and on dense layers against the
/// row-major matrix.
struct LayerTests {
    @Test func convolutionAccessorsAgreeWithTheTextbookExpansion() {
        var rng = Xoshiro256(seed: 11)
        for _ in 0..<200 {
            let chip = ConvolutionalChips.random(&rng, size: .medium)
            let dense = ConvolutionalChips.denseEquivalent(chip)
            for (layer, expanded) in zip(chip.hidden, dense.hidden) {
                #expect(layer.denseWeights == expanded.weights)
                guard let c = layer.convolution else { continue }
                let reference = ConvolutionalChips.synapses(of: c)
                #expect(layer.synapseCount == reference.count)
                var index = 0
                for t in 0..<layer.outputs {
                    let incoming = layer.incoming(t)
                    #expect(layer.firstSynapse(of: t) == index)
                    for s in incoming {
                        #expect(s.index == index && s.source == reference[index].source && reference[index].target == t)
                        #expect(s.weight == layer.weights[reference[index].kernelIndex])
                        #expect(layer.weight(target: t, source: s.source) == s.weight)
                        #expect(layer.synapseIndex(target: t, source: s.source) == index)
                        #expect(layer.synapse(at: index) == (t, s.source))
                        #expect(layer.weight(ofSynapse: index) == s.weight)
                        index += 1
                    }
                }
                #expect(index == reference.count)
                #expect(layer.channelBias == (0..<c.outputChannels).map { layer.bias[$0 * c.positions] })
                // Every feature map's biases are its channel's.
                for t in 0..<layer.outputs { #expect(layer.bias[t] == layer.bias[(t / c.positions) * c.positions]) }
                #expect(layer.maxAbsWeight == layer.weights.map(abs).max())
            }
        }
    }

    @Test func denseAccessorsAreTheRowMajorMatrix() {
        let layer = Layer(inputs: 3, outputs: 2, weights: [1, -2, 3, 4, 5, -6], bias: [0, 1], activation: nil)
        #expect(layer.isDense && layer.convolution == nil && layer.channelBias == nil)
        #expect(layer.synapseCount == 6 && layer.maxFanOut == 2 && layer.maxFanIn == 3)
        #expect(layer.incoming(1).map(\.source) == [0, 1, 2] && layer.incoming(1).map(\.weight) == [4, 5, -6])
        #expect(layer.incoming(1).map(\.index) == [3, 4, 5])
        #expect(layer.synapse(at: 5) == (1, 2) && layer.synapseIndex(target: 1, source: 2) == 5)
        #expect(layer.synapseIndex(target: 2, source: 0) == nil && layer.synapseIndex(target: 0, source: 3) == nil)
        #expect(layer.denseWeights == layer.weights && layer.maxAbsWeight == 6 && layer.meanAbsWeight == 3.5)
    }

    @Test func aConvolutionsWeightStatisticsAreOverItsKernel() throws {
        let c = try Convolution(inputShape: [1, 3], outputChannels: 1, kernelSize: [2], stride: [1], padding: [0, 0])
        let layer = Layer(convolution: c, kernel: [2, -4], channelBias: [0.5], activation: Activation(.relu, lipschitz: 1))
        #expect(layer.maxAbsWeight == 4 && layer.meanAbsWeight == 3)
        #expect(layer.bias == [0.5, 0.5] && layer.synapseCount == 4)
        // Outputs 0 and 1 read inputs (0, 1) and (1, 2): input 1 feeds both.
        #expect(layer.maxFanOut == 2 && layer.denseWeights == [2, -4, 0, 0, 2, -4])
        #expect(layer.weight(target: 0, source: 2) == 0 && layer.synapseIndex(target: 0, source: 2) == nil)
    }
}
