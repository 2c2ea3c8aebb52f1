import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailMission

@Suite struct ComponentAreaTests {
    let areas = ComponentArea(neuron: 4.6e-6, synapse: 4.6e-9, core: 7.3e-5)

    @Test func aSelectionIsBoundByTheAreaOfEachKindItExposes() {
        #expect(areas.bounds(for: .allNeurons).map(\.name) == ["neuron"])
        #expect(areas.bounds(for: .allSynapses).map(\.area) == [4.6e-9])
        #expect(areas.bounds(for: ComponentSelection(neurons: true, synapses: true)).map(\.name) == ["neuron", "synapse"])
        #expect(ComponentArea.undeclared.bounds(for: .allNeurons).isEmpty)
    }

    @Test func aCrossSectionUpToTheAreaIsAcceptedAndALargerOneRefusedNamingTheField() throws {
        let field = JSONField(value: .object([("crossSection", 0.02)]), file: "s.json", path: "failures[0]")["crossSection"]
        try ComponentArea.check(4.6e-6, in: areas.bounds(for: .allNeurons), field: field)
        do {
            try ComponentArea.check(0.02, in: areas.bounds(for: .allNeurons), field: field)
            Issue.record("accepted")
        } catch {
            #expect(error.description == "s.json: failures[0].crossSection: 0.02 cm² exceeds the declared area of a neuron (areaCm2.neuron = 4.6e-06 cm²): a cross-section cannot be larger than the silicon it hits")
        }
    }

    @Test func decodesEachKeyAndRefusesANonPositiveArea() throws {
        let good = JSONField(value: .object([("neuron", 1e-6), ("bit", 1.6e-9), ("note", "x")]), file: "s.json", path: "areaCm2")
        #expect(try ComponentArea.decode(good) == ComponentArea(neuron: 1e-6, bit: 1.6e-9))
        let bad = JSONField(value: .object([("core", 0)]), file: "s.json", path: "areaCm2")
        #expect(throws: InputError.self) { try ComponentArea.decode(bad) }
        let typo = JSONField(value: .object([("neurons", 1e-6)]), file: "s.json", path: "areaCm2")
        #expect(throws: InputError.self) { try ComponentArea.decode(typo) }
    }
}
