import NeuroFailCore
import NeuroFailKernel
import Testing

@testable import NeuroFailMission

/// A transient upset's measured effect (``Monitor/measure(upset:on:)``) against a plain forward pass written here,
/// with the one neuron's output or synapse's message set to 0 by hand; on both engines; and the inference after it is
/// the chip's own again.
struct MonitorUpsetTests {
    static let chip = MissionFixtures.chip
    static let workload = InputBatch.uniform(count: 12, dimension: 3, domain: chip.inputDomain, seed: 4)

    /// The textbook forward pass of `chip` on `x`: crashed neurons send 0; `zero` (a neuron) sends 0, or (a
    /// synapse) delivers 0.
    static func forward(_ x: [Double], crashed: Set<NeuronID> = [], zero: Component? = nil) -> [Double] {
        var a = x
        for (l, layer) in chip.allLayers.enumerated() {
            var next = [Double]()
            for t in 0..<layer.outputs {
                var z = layer.bias[t]
                for s in 0..<layer.inputs {
                    let lost = zero == .synapse(SynapseID(layer: l + 1, target: t, source: s))
                    z += (lost ? 0 : layer.weights[t * layer.inputs + s]) * a[s]
                }
                let id = NeuronID(layer: l + 1, index: t)
                let y = layer.activation.map { $0(z) } ?? z
                next.append(l < chip.depth && (crashed.contains(id) || zero == .neuron(id)) ? 0 : y)
            }
            a = next
        }
        return a
    }

    static func argmax(_ v: [Double]) -> Int { v.indices.reduce(0) { v[$1] > v[$0] ? $1 : $0 } }

    /// Every hidden neuron and every synapse into layer 2 and the readout, on every input, with neuron n1.2 crashed
    /// for good: the upset's deviation and decision flip are those of the forward pass with its message zeroed
    /// against the forward pass without, on both engines.
    @Test(arguments: MonitorEngine.allCases)
    func anUpsetsEffectIsTheInferenceWithItsMessageZeroedAgainstTheChipsOwn(engine: MonitorEngine) throws {
        let monitor = try Monitor(chip: Self.chip, workload: Self.workload, budget: 1, engine: engine)
        let evaluator = monitor.makeEvaluator()
        let crashed = NeuronID(layer: 1, index: 2)
        evaluator.apply(.neuron(crashed, .crashed))
        var components = Array(ComponentSelection.allNeurons.components(of: Self.chip))
        components += ComponentSelection(neurons: false, synapses: true, layers: [2, 3]).components(of: Self.chip)
        var moved = 0, flipped = 0
        for component in components where component != .neuron(crashed) {
            for i in 0..<Self.workload.count {
                let x = Array(Self.workload.row(i))
                let base = Self.forward(x, crashed: [crashed]), hit = Self.forward(x, crashed: [crashed], zero: component)
                let expected = zip(hit, base).reduce(0) { max($0, abs($1.0 - $1.1)) }
                let effect = monitor.measure(
                    upset: FailureEvent(time: 1, component: component, kind: .transient, value: Double(i)), on: evaluator)
                #expect(abs(effect.deviation - expected) <= 1e-12, "\(component) on input \(i)")
                #expect(effect.decisionFlipped == (Self.argmax(hit) != Self.argmax(base)), "\(component) on input \(i)")
                if expected > 0 { moved += 1 }
                if effect.decisionFlipped { flipped += 1 }
            }
        }
        // Not vacuous: upsets move outputs, and some flip a decision.
        #expect(moved > 100 && flipped > 0, "\(moved) moved, \(flipped) flipped")
    }

    /// After an upset the evaluator's condition is unchanged, every process of the kernel is in its state again, and
    /// the whole batch evaluates to the same bytes as before.
    @Test(arguments: MonitorEngine.allCases)
    func theInferenceAfterAnUpsetIsTheChipsOwn(engine: MonitorEngine) throws {
        let monitor = try Monitor(chip: Self.chip, workload: Self.workload, budget: 1, engine: engine)
        let evaluator = monitor.makeEvaluator()
        evaluator.apply(.synapse(SynapseID(layer: 2, target: 1, source: 3), crashed: true))
        let faults = evaluator.faults, before = evaluator.outputs()
        var moved = 0
        for component in ComponentSelection(neurons: true, synapses: true, layers: [1, 2]).components(of: Self.chip) {
            // The first input whose inference the upset moves (a ReLU neuron may be off on some): the check must
            // follow an upset that did something.
            let x = { (i: Int) in Array(Self.workload.row(i)) }
            let crashed = SynapseID(layer: 2, target: 1, source: 3)
            guard component != .synapse(crashed),
                let i = (0..<Self.workload.count).first(where: { Self.forward(x($0), zero: component) != Self.forward(x($0)) })
            else { continue }
            let effect = monitor.measure(upset: FailureEvent(time: 1, component: component, kind: .transient, value: Double(i)), on: evaluator)
            if effect.deviation > 0 { moved += 1 }
            #expect(evaluator.faults == faults)
            #expect(evaluator.outputs() == before, "\(component)")
            #expect(evaluator.outputs(input: i, upset: nil) == Array(before[(2 * i)..<(2 * i + 2)]))
            if let kernel = evaluator as? MessageLevelChipEvaluator {
                switch component {
                case let .neuron(n): #expect(kernel.network.state(of: n) == .alive)
                case let .synapse(s): #expect(kernel.network.state(of: s) == .alive)
                case .core: break
                }
                #expect(kernel.network.state(of: crashed) == .crashed)
            }
        }
        #expect(moved > 20, "\(moved) upsets moved an output")
    }

    /// An upset of a component already faulty (crashed, stuck, its weight changed) changes nothing, and the kernel
    /// keeps the component's fault.
    @Test func anUpsetOfAFaultyComponentChangesNothing() throws {
        let monitor = try Monitor(chip: Self.chip, workload: Self.workload, budget: 1, engine: .reference)
        let evaluator = monitor.makeEvaluator()
        let n = NeuronID(layer: 1, index: 0), m = NeuronID(layer: 2, index: 1), s = SynapseID(layer: 3, target: 0, source: 2)
        evaluator.apply(.neuron(n, .crashed))
        evaluator.apply(.neuron(m, .stuck(0.5)))
        evaluator.apply(.weight(s, 3))
        for c in [Component.neuron(n), .neuron(m), .synapse(s)] {
            #expect(monitor.measure(upset: FailureEvent(time: 1, component: c, kind: .transient, value: 0), on: evaluator) == .unchanged)
        }
        let kernel = try #require(evaluator as? MessageLevelChipEvaluator)
        #expect(kernel.network.state(of: n) == .crashed && kernel.network.state(of: m) == .stuckAt(0.5))
        #expect(kernel.network.state(of: s) == .stuckAt(3))
    }
}
