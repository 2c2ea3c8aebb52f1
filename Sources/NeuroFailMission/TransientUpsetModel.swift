import NeuroFailCore

/// Single-event transients in the messages of one inference: every selected neuron and synapse is hit at the events
/// of its own Poisson process of rate `ratePerYear · cycle(t) · storm(t)` (all of them together one process of rate
/// C times that, C components, drawn by thinning as ``BitFlipModel``), each event hitting a component drawn
/// uniformly and the inference on a workload input drawn uniformly (the workload stands for what the chip computes
/// in flight). The upset message reads 0 for that inference — a neuron sends 0 instead of its output, a synapse
/// delivers 0 instead of w × what it carries (its message register reset) — and the component is as before from the
/// next inference on (`transient`, the event's value the input's index).
///
/// Measured, not bounded: the monitor evaluates the inference the upset hit, with and without it
/// (``Monitor/measure(upset:input:on:)``); no bound covers it.
///
/// Scenario form: `{"model": "transient-upset", "components": "neurons", "rate": 6.5e-6, "rateUnit": "per-day"}`
/// (or `flux` and `crossSection`; optional `layers`, `solarCycle`, `storms`).
public struct TransientUpsetModel: FailureModel, Hashable {
    /// `transient-upset`.
    public static let tag = "transient-upset"
    /// Upsets per component-year before modulation (≥ 0, finite).
    public let ratePerYear: Double
    /// The components exposed.
    public let selection: ComponentSelection
    /// The number of workload inputs an upset may hit (≥ 1).
    public let inputs: Int
    /// How the rate meets the space weather: the solar cycle, storms, and whether the rate is a cross-section that
    /// meets the environment's flux (the component form).
    public let exposure: RadiationExposure

    /// A model; see the stored properties.
    public init(
        ratePerYear: Double, inputs: Int, selection: ComponentSelection = .allNeurons, followsSolarCycle: Bool = true,
        boostedByStorms: Bool = true, fluxDriven: Bool = false
    ) {
        precondition(ratePerYear >= 0 && ratePerYear.isFinite && inputs >= 1)
        self.ratePerYear = ratePerYear
        self.inputs = inputs
        self.selection = selection
        exposure = RadiationExposure(solarCycle: followsSolarCycle, storms: boostedByStorms, flux: fluxDriven)
    }

    /// Every upset of the mission, in time order: the component, then the input, drawn at each event.
    public func failures(
        chip: Chip, cores: CoreMap, environment: SpaceEnvironment, rng: inout Xoshiro256
    ) -> [FailureEvent] {
        let components = selection.components(of: chip)
        guard !components.isEmpty else { return [] }
        var events = [FailureEvent]()
        var t = 0.0
        while let next = environment.nextEventTime(
            after: t, baseRate: ratePerYear * Double(components.count), exposure: exposure, rng: &rng)
        {
            t = next
            let component = components[rng.nextIndex(components.count)]
            let input = rng.nextIndex(inputs)
            events.append(FailureEvent(time: t, component: component, kind: .transient, value: Double(input)))
        }
        return events
    }

    /// Reads the model from a scenario's `failures[i]` object, for a workload of `inputs` inputs.
    public static func decode(
        _ field: JSONField, chip: Chip, inputs: Int, context: FailureRate.Context = FailureRate.Context()
    ) throws(InputError) -> TransientUpsetModel {
        let (selection, rate, exposure) = try FailureRate.decodeSelected(field, chip: chip, context: context)
        if selection.synapses {
            // A convolution's synapse has no weight of its own (it reads the shared kernel), which is what an upset
            // of its message replaces in both engines.
            for (m, layer) in chip.allLayers.enumerated() where !layer.ownsWeights && (selection.layers?.contains(m + 1) ?? true) {
                throw field["components"].invalid(
                    "upsets of synapse messages need dense or sparse layers: weight matrix \(m + 1) is a convolution (give \"components\": \"neurons\" or name other \"layers\")")
            }
        }
        return TransientUpsetModel(
            ratePerYear: rate, inputs: inputs, selection: selection, followsSolarCycle: exposure.solarCycle,
            boostedByStorms: exposure.storms, fluxDriven: exposure.flux)
    }
}
