import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailMission

struct FailureRateTableTests {
    /// Two hand-written runs of the fixture (3-8-6-2 chip: 14 hidden neurons, 3·8 + 8·6 + 6·2 = 84 synapses, 4 cores
    /// of up to 4 neurons; 5 years): run 0 loses n1.0, s1.0.0 and core0, run 1 loses n1.1.
    /// T = 2 × 5 × 8,766 = 87,660 chip-hours.
    @Test func countsEventsPerKindAndClassOverAllRuns() throws {
        let scenario = try MissionFixtures.scenario(runs: 2)
        func run(_ index: Int, _ events: [FailureEvent]) -> MissionRun { MissionRun(run: index, failures: events, timeline: []) }
        let runs = [
            run(0, [
                FailureEvent(time: 1, component: .neuron(NeuronID(layer: 1, index: 0)), kind: .latchup),
                FailureEvent(time: 2, component: .synapse(SynapseID(layer: 1, target: 0, source: 0)), kind: .latchup),
                FailureEvent(time: 3, component: .core(0), kind: .coreLatchup),
            ]),
            run(1, [FailureEvent(time: 4, component: .neuron(NeuronID(layer: 1, index: 1)), kind: .latchup)]),
        ]
        let table = try #require(FailureRateTable(scenario: scenario, runs: runs, confidence: 0.95))
        #expect(table.chipHours == 87_660.0)
        let rows = table.rows.map { "\($0.kind) \($0.component.rawValue) \($0.componentsPerChip) \($0.perChip.events)" }
        #expect(rows == ["core-latchup core 4 1", "latchup neuron 14 2", "latchup synapse 84 1"])
        let neurons = table.rows[1]
        // 2 / 87,660 h = 22,815.42 FIT per chip; per neuron 1/14 of it, 1,629.67 FIT.
        let chipHours = 87_660.0
        #expect(abs(neurons.perChip.fit - 2 / chipHours * 1e9) < 1e-6)
        #expect(abs(neurons.perComponent.fit - 2 / (chipHours * 14) * 1e9) < 1e-7)
        // f = 2: χ²_0.95(6) by the closed form's inversion, over 2T.
        let q6 = TestSupport.chiSquaredEvenQuantile(0.95, halfDegrees: 3)
        #expect(abs(neurons.perChip.fitUpper - q6 / (2 * chipHours) * 1e9) < 1e-6)
        #expect(neurons.perChip.mttfHours == 43_830.0)
        #expect(table.chip.events == 4 && table.chipPermanent.events == 4)
        #expect(table.chip.mttfHours == 21_915.0)
    }

    /// A kind the scenario exposes but that never happened still gets its row: f = 0, only the upper bound.
    @Test func boundsKindsNeverSeen() throws {
        let scenario = try MissionFixtures.scenario(runs: 3)
        let table = try #require(FailureRateTable(
            scenario: scenario, runs: (0..<3).map { MissionRun(run: $0, failures: [], timeline: []) }, confidence: 0.95))
        #expect(table.rows.count == 3)
        for row in table.rows {
            #expect(row.perChip.fit == 0 && row.perChip.mttfHours == nil)
            // −ln(0.05) / (3 × 5 × 8,766 h).
            let hours = 131_490.0
            #expect(abs(row.perChip.fitUpper - -log(0.05) / hours * 1e9) < 1e-6)
        }
    }

    /// Upsets count per weight bit, outages apart from permanent failures: an int8 chip's `seu` row has
    /// 84 × 8 = 672 bits, and the permanent chip row leaves the upsets out.
    @Test func countsUpsetsPerWeightBitAndApartFromPermanentFailures() throws {
        var scenario = try MissionFixtures.scenario(runs: 1)
        scenario.weightStorage = .int8(scales: [1, 1, 1])
        scenario.failures.append(BitFlipModel(ratePerBitYear: 1e-3, bitsPerWeight: 8))
        let s = FailureEvent(time: 1, component: .synapse(SynapseID(layer: 2, target: 1, source: 3)), kind: .bitFlip, value: 2)
        let table = try #require(FailureRateTable(
            scenario: scenario, runs: [MissionRun(run: 0, failures: [s, s], timeline: [])], confidence: 0.95))
        let seu = try #require(table.rows.first { $0.kind == "seu" })
        #expect(seu.component == FailureRateTable.ComponentClass.weightBit)
        #expect(seu.componentsPerChip == 672 && seu.perChip.events == 2)
        #expect(table.chip.events == 2 && table.chipPermanent.events == 0)
    }

    /// Without runs there is no exposure and no table.
    @Test func hasNoTableWithoutRuns() throws {
        #expect(FailureRateTable(scenario: try MissionFixtures.scenario(), runs: [], confidence: 0.95) == nil)
    }
}
