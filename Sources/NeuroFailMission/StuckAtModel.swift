import NeuroFailCore

/// Neurons whose output gets stuck at a value (a stuck-at fault of the output latch, or a neuron driven into
/// saturation for good): each selected neuron fails at the first event of its own Poisson process of rate
/// `ratePerYear · modulation(t)` (as ``RadiationLatchupModel``), and from then on sends its layer's stuck value
/// whatever it receives.
///
/// Scenario form: `{"model": "stuck-at", "rate": 0.001, "value": "saturated"}` (or `crossSection`, as
/// ``RadiationLatchupModel``;
/// optional `layers`, `solarCycle`, `storms`). `value` is a number, or `"saturated"`: the largest value the layer's
/// activation reaches (sigmoid, tanh, hard-sigmoid 1; clip its upper end); an activation without one (relu,
/// leaky-relu) needs a number.
public struct StuckAtModel: FailureModel, Hashable {
    /// `stuck-at`.
    public static let tag = "stuck-at"
    /// Failures per neuron-year before modulation (≥ 0, finite).
    public let ratePerYear: Double
    /// The neurons exposed.
    public let selection: ComponentSelection
    /// The value a stuck neuron of hidden layer l sends, at `values[l − 1]` (finite).
    public let values: [Double]
    /// How the rate meets the space weather: the solar cycle, storms, and whether the rate is a cross-section that
    /// meets the environment's flux (the component form).
    public let exposure: RadiationExposure

    /// A model; see the stored properties.
    public init(
        ratePerYear: Double, values: [Double], selection: ComponentSelection = .allNeurons,
        followsSolarCycle: Bool = true, boostedByStorms: Bool = true, fluxDriven: Bool = false
    ) {
        precondition(ratePerYear >= 0 && ratePerYear.isFinite && values.allSatisfy(\.isFinite))
        self.ratePerYear = ratePerYear
        self.values = values
        self.selection = selection
        exposure = RadiationExposure(solarCycle: followsSolarCycle, storms: boostedByStorms, flux: fluxDriven)
    }

    /// One `stuck-at` event per selected neuron whose first event falls within the mission, sorted by time.
    public func failures(
        chip: Chip, cores: CoreMap, environment: SpaceEnvironment, rng: inout Xoshiro256
    ) -> [FailureEvent] {
        environment.firstFailures(
            of: selection.components(of: chip), baseRate: ratePerYear, exposure: exposure, kind: .stuckAt, rng: &rng
        ).map { event in
            guard case let .neuron(n) = event.component else { return event }
            return FailureEvent(time: event.time, component: event.component, kind: .stuckAt, value: values[n.layer - 1])
        }
    }

    /// The largest value `activation` reaches, if it saturates.
    public static func saturation(_ activation: Activation?) -> Double? {
        guard let activation else { return nil }
        switch activation.function {
        case .sigmoid, .tanh, .hardSigmoid: return 1
        case .clip: return activation.clipRange?.upperBound ?? 1
        default: return nil
        }
    }

    /// Reads the model from a scenario's `failures[i]` object.
    public static func decode(
        _ field: JSONField, chip: Chip, context: FailureRate.Context = FailureRate.Context()
    ) throws(InputError) -> StuckAtModel {
        let (selection, rate, exposure) = try FailureRate.decodeSelected(field, chip: chip, context: context)
        let value = field["value"]
        var values = [Double]()
        if case .string = value.value {
            guard try value.string() == "saturated" else {
                throw value.invalid("expected a number or \"saturated\"")
            }
            for (l, layer) in chip.hidden.enumerated() {
                guard selection.layers?.contains(l + 1) ?? true else {
                    values.append(0)
                    continue
                }
                guard let top = saturation(layer.activation) else {
                    throw value.invalid(
                        "hidden layer \(l + 1)'s activation \(layer.activation.map { "\($0.function)" } ?? "none") "
                            + "does not saturate: give the stuck value as a number")
                }
                values.append(top)
            }
        } else {
            values = Array(repeating: try value.number(), count: chip.depth)
        }
        return StuckAtModel(
            ratePerYear: rate, values: values, selection: selection, followsSolarCycle: exposure.solarCycle,
            boostedByStorms: exposure.storms, fluxDriven: exposure.flux)
    }
}
