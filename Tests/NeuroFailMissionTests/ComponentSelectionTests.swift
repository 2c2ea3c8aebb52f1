import NeuroFailCore
import Testing

@testable import NeuroFailMission

@Suite struct ComponentSelectionTests {
    let chip = TestSupport.chip(inputs: 2, widths: [3, 4], outputs: 1)

    @Test func listsNeuronsSynapsesOrBothOfTheNamedLayers() {
        #expect(ComponentSelection.allNeurons.components(of: chip).count == 7)
        #expect(ComponentSelection.allSynapses.components(of: chip).count == chip.synapseCount)
        #expect(ComponentSelection(neurons: true, synapses: true, layers: [2]).components(of: chip).count == 4 + 12)
        #expect(ComponentSelection(neurons: false, synapses: true, layers: [3]).components(of: chip).map(\.description)
            == ["s3.0.0", "s3.0.1", "s3.0.2", "s3.0.3"])
    }

    @Test func decodeNamesTheBadField() {
        func decode(_ pairs: [(String, JSONValue)]) throws(InputError) -> ComponentSelection {
            try ComponentSelection.decode(JSONField(value: .object(pairs), file: "s.json", path: "failures[0]"), chip: chip)
        }
        #expect(throws: InputError.invalidField(file: "s.json", field: "failures[0].components", reason: "unknown components \"cells\", expected \"neurons\", \"synapses\" or \"all\"")) {
            try decode([("components", "cells")])
        }
        #expect(throws: InputError.invalidField(file: "s.json", field: "failures[0].layers[0]", reason: "must be between 1 and 2, found 3")) {
            try decode([("layers", [3])])
        }
        #expect(throws: InputError.self) { try decode([("layers", [])]) }
        #expect((try? decode([("components", "synapses"), ("layers", [3])]))?.layers == [3])
    }

    @Test func aConvolutionsSynapsesAreItsKernelConnectionsInTheirNumbering() throws {
        let conv = try CoreMapTests.convolutionalChip()
        let synapses = ComponentSelection(neurons: false, synapses: true, layers: [1]).components(of: conv)
        // 8 units, each reading a 2x2 window of the one input channel.
        #expect(synapses.count == 32 && conv.hidden[0].synapseCount == 32)
        for (k, component) in synapses.enumerated() {
            guard case let .synapse(s) = component else { Issue.record("\(component)"); continue }
            #expect(conv.synapseIndex(s) == k)
        }
        #expect(synapses.prefix(4).map(\.description) == ["s1.0.0", "s1.0.1", "s1.0.3", "s1.0.4"])
    }
}
