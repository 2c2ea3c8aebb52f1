import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailMission

@Suite struct CoreMapTests {
    let chip = TestSupport.chip(inputs: 4, widths: [50, 50, 50], outputs: 3)

    @Test func defaultPackingFillsCoresOfSixteenWithoutMixingLayers() {
        let map = CoreMap.packed(chip)
        #expect(map.count == 12)
        #expect(map.cores.map(\.count) == [16, 16, 16, 2, 16, 16, 16, 2, 16, 16, 16, 2])
        for core in map.cores { #expect(Set(core.map(\.layer)).count == 1) }
        #expect(map.core(of: NeuronID(layer: 2, index: 17)) == 5)
        #expect(map.core(of: NeuronID(layer: 3, index: 49)) == 11)
    }

    @Test func readsCoresFromTheChipMetadata() throws {
        var withCores = TestSupport.chip(inputs: 2, widths: [3, 2], outputs: 1)
        withCores.metadata.append(("cores", [["n1.0", "n1.2"], ["n1.1", "n2.0", "n2.1"]]))
        let map = try CoreMap.of(withCores, file: "c.json")
        #expect(map.cores == [[NeuronID(layer: 1, index: 0), NeuronID(layer: 1, index: 2)],
            [NeuronID(layer: 1, index: 1), NeuronID(layer: 2, index: 0), NeuronID(layer: 2, index: 1)]])
        #expect(try CoreMap.of(TestSupport.chip(inputs: 2, widths: [3, 2], outputs: 1), file: "c.json").count == 2)
    }

    @Test func readsPerLayerListsAndCoreSizes() throws {
        let small = TestSupport.chip(inputs: 2, widths: [3, 2], outputs: 1)
        let layers = try CoreMap.decode(JSONField(value: ["layers": [[[0, 1], [2]], [[1, 0]]]], file: "s.json", path: "cores"), chip: small)
        #expect(layers.count == 3 && layers.core(of: NeuronID(layer: 2, index: 1)) == 2)
        let sized = try CoreMap.decode(JSONField(value: ["neuronsPerCore": 2], file: "s.json", path: "cores"), chip: small)
        #expect(sized.cores.map(\.count) == [2, 1, 2])
    }

    @Test func rejectsBadCoreMaps() {
        let small = TestSupport.chip(inputs: 2, widths: [3, 2], outputs: 1)
        let cases: [(JSONValue, String)] = [
            ([["n1.0"], ["n1.0"]], "s.json: cores[1][0]: n1.0 is already on core 0"),
            ([["n3.0"]], "s.json: cores[0][0]: n3.0 is not a neuron of the chip (widths [3, 2])"),
            ([["n1.5"]], "s.json: cores[0][0]: n1.5 is not a neuron of the chip (widths [3, 2])"),
            ([["s1.0.0"]], "s.json: cores[0][0]: \"s1.0.0\" is not a neuron id like \"n1.3\""),
            ([[]], "s.json: cores[0]: a core needs at least one neuron"),
            (["layers": [[[0]]]], "s.json: cores.layers: has 1 layers, expected 2"),
            (["neuronsPerCore": 0], "s.json: cores.neuronsPerCore: must be between 1 and 1000000, found 0"),
        ]
        for (value, message) in cases {
            do {
                _ = try CoreMap.decode(JSONField(value: value, file: "s.json", path: "cores"), chip: small)
                Issue.record("accepted \(value)")
            } catch { #expect(error.description == message) }
        }
    }

    /// A 1x3x3 input, a convolution with 2 feature maps of 2x2 (kernel 2x2, stride 1), a dense layer of 5, 1 output.
    static func convolutionalChip() throws -> Chip {
        let text = """
            {"format": "neurofail.chip/1", "inputs": 9, "activation": {"function": "relu", "lipschitz": 1},
             "layers": [{"type": "convolution", "inputShape": [1, 3, 3], "kernel": [[[[1, 2], [3, 4]]], [[[-1, 0], [0, 1]]]], "bias": [0, 1]},
                        {"weights": [[1, 1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1, 1, 1],
                                     [1, 1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1, 1, 1]], "bias": [0, 0, 0, 0, 0]}],
             "readout": {"weights": [[1, 1, 1, 1, 1]], "bias": [0]}}
            """
        return try Chip.decode(JSONValue.parse(Data(text.utf8), file: "c.json"), file: "c.json")
    }

    @Test func aConvolutionGetsOneCorePerFeatureMapByDefault() throws {
        let chip = try Self.convolutionalChip()
        let n = { (l: Int, i: Int) in NeuronID(layer: l, index: i) }
        #expect(CoreMap.packed(chip).cores == [(0..<4).map { n(1, $0) }, (4..<8).map { n(1, $0) }, (0..<5).map { n(2, $0) }])
        // The scenario forms: a core size applies to the dense layers; featureMaps false packs the maps too.
        func decoded(_ value: JSONValue) throws -> [Int] {
            try CoreMap.decode(JSONField(value: value, file: "s.json", path: "cores"), chip: chip).cores.map(\.count)
        }
        #expect(try decoded(["neuronsPerCore": 3]) == [4, 4, 3, 2])
        #expect(try decoded(["neuronsPerCore": 3, "featureMaps": false]) == [3, 3, 2, 3, 2])
        #expect(try decoded(["featureMaps": false]) == [8, 5])
        #expect(try decoded(["featureMaps": true]) == [4, 4, 5])
        #expect(CoreMap.packed(chip, neuronsPerCore: 3, featureMaps: false).count == 5)
    }

    @Test func aFeatureMapsCoreTakesDownItsUnitsAndTheirKernelConnections() throws {
        let chip = try Self.convolutionalChip()
        let cores = CoreMap.packed(chip)
        let down = cores.components(ofCore: 1, chip: chip)
        // Map 1's four units, then for each the four inputs of its 2x2 window: unit 4 (position 0, 0) reads 0, 1, 3, 4.
        #expect(down.count == 4 + 16)
        #expect(Array(down.prefix(4)) == (4..<8).map { .neuron(NeuronID(layer: 1, index: $0)) })
        #expect(Array(down[4..<8]) == [0, 1, 3, 4].map { .synapse(SynapseID(layer: 1, target: 4, source: $0)) })
        var faults = FaultSet(pristine: chip)
        faults.apply(FailureEvent(time: 0, component: .core(1), kind: .coreLatchup), chip: chip, cores: cores)
        #expect(faults.neurons == [[4, 5, 6, 7], []])
        // The 16 synapses into map 1 are the second half of the layer's 32, numbered target by target.
        #expect(faults.synapses[0] == Array(16..<32) && faults.synapses[1].isEmpty)
    }
}
