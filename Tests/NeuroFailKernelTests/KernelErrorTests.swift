import NeuroFailCore
import Testing

@testable import NeuroFailKernel

struct KernelErrorTests {
    @Test func messagesNameWhatDoesNotFit() {
        #expect(KernelError.inputDimension(expected: 4, got: 3).description == "input has 3 values, the chip takes 4")
        #expect(KernelError.noSuchNeuron(NeuronID(layer: 5, index: 2)).description.contains("n5.2"))
        #expect(KernelError.noSuchSynapse(SynapseID(layer: 2, target: 1, source: 0)).description.contains("s2.1.0"))
        #expect(KernelError.faultSetDoesNotFit(chipName: "hand").description.contains("\"hand\""))
    }
}
