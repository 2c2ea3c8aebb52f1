import NeuroFailCore

/// Single-event upsets in the synaptic weight memory: every stored bit of every selected weight matrix flips at the
/// events of its own Poisson process of rate `ratePerBitYear · modulation(t)`. All bits together are one
/// process of rate B times that (B bits), drawn by thinning (``SpaceEnvironment/nextEventTime(after:baseRate:exposure:rng:)``),
/// each event hitting a bit drawn uniformly: the event names the synapse and carries the bit (`seu`). A flipped bit
/// reads flipped until the scrubbing process rewrites the memory (``ScrubProcess``); a bit may flip many times.
///
/// Scenario form: `{"model": "seu", "rate": 4.04e-7, "rateUnit": "per-day"}` (a rate per bit), or `flux` and
/// `crossSection` (a per-bit cross-section in cm², checked against `areaCm2.bit`; in the component form it meets the
/// environment's flux), or `weibull` (a cross-section curve σ(LET) and a LET spectrum,
/// ``WeibullCrossSection``); optional `layers` (weight matrices 1...L+1), `solarCycle`, `storms`. Needs a declared
/// `weightStorage` (int8, float16 or float32). Dense and sparse layers store one weight per synapse, so both fly;
/// a convolution's kernel is shared by its synapses and is refused when the scenario is read.
public struct BitFlipModel: FailureModel, Hashable {
    /// `seu`.
    public static let tag = "seu"
    /// Upsets per bit-year before modulation, or σ × 365.25 for a flux exposure (≥ 0, finite).
    public let ratePerBitYear: Double
    /// Bits per stored weight (8, 16 or 32).
    public let bitsPerWeight: Int
    /// The weight matrices exposed (1...L+1); nil: all.
    public let layers: Set<Int>?
    /// How the rate meets the space weather: the solar cycle, storms, and whether the rate is a cross-section that
    /// meets the environment's flux (the component form).
    public let exposure: RadiationExposure

    /// A model; see the stored properties.
    public init(
        ratePerBitYear: Double, bitsPerWeight: Int, layers: Set<Int>? = nil, followsSolarCycle: Bool = true,
        boostedByStorms: Bool = true, fluxDriven: Bool = false
    ) {
        precondition(ratePerBitYear >= 0 && ratePerBitYear.isFinite && bitsPerWeight > 0)
        self.ratePerBitYear = ratePerBitYear
        self.bitsPerWeight = bitsPerWeight
        self.layers = layers
        exposure = RadiationExposure(solarCycle: followsSolarCycle, storms: boostedByStorms, flux: fluxDriven)
    }

    /// Every upset of the mission, in time order.
    public func failures(
        chip: Chip, cores: CoreMap, environment: SpaceEnvironment, rng: inout Xoshiro256
    ) -> [FailureEvent] {
        let matrices = chip.allLayers.enumerated().filter { layers?.contains($0.offset + 1) ?? true }
        let weights = matrices.reduce(0) { $0 + $1.element.synapseCount }
        let bits = weights * bitsPerWeight
        guard bits > 0 else { return [] }
        var events = [FailureEvent]()
        var t = 0.0
        while let next = environment.nextEventTime(
            after: t, baseRate: ratePerBitYear * Double(bits), exposure: exposure, rng: &rng)
        {
            t = next
            var k = rng.nextIndex(bits)
            let bit = k % bitsPerWeight
            k /= bitsPerWeight
            for (m, layer) in matrices {
                guard k >= layer.synapseCount else {
                    // By synapse number: a dense layer's `target * inputs + source`, a sparse layer's CSR position.
                    let (target, source) = layer.synapse(at: k)
                    let s = SynapseID(layer: m + 1, target: target, source: source)
                    events.append(FailureEvent(time: t, component: .synapse(s), kind: .bitFlip, value: Double(bit)))
                    break
                }
                k -= layer.synapseCount
            }
        }
        return events
    }

    /// Reads the model from a scenario's `failures[i]` object, for a chip whose weights are stored as `storage`.
    public static func decode(
        _ field: JSONField, chip: Chip, storage: WeightStorage, context: FailureRate.Context = FailureRate.Context()
    ) throws(InputError) -> BitFlipModel {
        guard storage != .float64 else {
            throw field["model"].invalid(
                "\"seu\" flips bits of stored weights: declare the chip's weightStorage (\"int8\", \"float16\" or \"float32\")")
        }
        let bit = context.areas.bit.map { [("bit", $0)] } ?? []
        let (rate, exposure) = try FailureRate.decodeRadiation(field, context: context, bounds: bit)
        let selection = try ComponentSelection.decode(field, chip: chip, default: .allSynapses)
        return BitFlipModel(
            ratePerBitYear: rate, bitsPerWeight: storage.bitsPerWeight, layers: selection.layers,
            followsSolarCycle: exposure.solarCycle, boostedByStorms: exposure.storms, fluxDriven: exposure.flux)
    }
}
