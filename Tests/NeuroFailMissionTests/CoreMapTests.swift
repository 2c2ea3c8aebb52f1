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
}
