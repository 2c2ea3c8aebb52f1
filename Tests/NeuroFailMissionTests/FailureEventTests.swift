import NeuroFailCore
import Testing

@testable import NeuroFailMission

@Suite struct FailureEventTests {
    @Test func mergingSortsAndKeepsOnlyTheFirstFailureOfEachComponent() {
        let n = Component.neuron(NeuronID(layer: 1, index: 0))
        let m = Component.neuron(NeuronID(layer: 1, index: 1))
        let merged = FailureEvent.merged([
            FailureEvent(time: 3, component: n, kind: .wearout),
            FailureEvent(time: 2, component: m, kind: .latchup),
            FailureEvent(time: 1, component: n, kind: .latchup),
        ])
        #expect(merged == [
            FailureEvent(time: 1, component: n, kind: .latchup), FailureEvent(time: 2, component: m, kind: .latchup),
        ])
    }

    @Test func kindsHaveTheirTraceNames() {
        #expect(FailureKind.allCases.map(\.rawValue) == ["latchup", "wearout", "core-latchup", "replay", "stuck-at", "seu", "core-outage", "transient"])
    }

    /// An upset passes (it may come again and is kept by the merge) and carries the input it hits.
    @Test func aTransientIsNotPermanentAndCarriesItsInput() {
        #expect(!FailureKind.transient.isPermanent && FailureKind.transient.hasValue)
        let n = Component.neuron(NeuronID(layer: 1, index: 0))
        let events = [
            FailureEvent(time: 1, component: n, kind: .transient, value: 3),
            FailureEvent(time: 2, component: n, kind: .transient, value: 4),
            FailureEvent(time: 3, component: n, kind: .latchup),
            FailureEvent(time: 4, component: n, kind: .transient, value: 5),
        ]
        #expect(FailureEvent.merged(events) == Array(events.prefix(3)))
    }
}
