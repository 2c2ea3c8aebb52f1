import Foundation
import NeuroFailCore

/// Wear-out (electromigration, oxide breakdown, …): each selected component has a Weibull lifetime
/// `T = scaleYears · (−ln U)^(1/shape)`, U uniform in (0, 1], drawn by inversion; it fails at T if T is within the
/// mission. `shape > 1` gives an increasing hazard (ageing). Not modulated by space weather.
///
/// Scenario form: `{"model": "weibull-wearout", "components": "neurons", "shape": 2, "scaleYears": 100}`.
/// Invariants: `shape > 0`, `scaleYears > 0`, both finite.
public struct WeibullWearoutModel: FailureModel, Hashable {
    /// `weibull-wearout`.
    public static let tag = "weibull-wearout"
    /// The Weibull shape k (dimensionless, > 0).
    public let shape: Double
    /// The Weibull scale η in years (> 0): 63.2 % of components have failed by η.
    public let scaleYears: Double
    /// The components that wear out.
    public let selection: ComponentSelection

    /// A model; see the stored properties.
    public init(shape: Double, scaleYears: Double, selection: ComponentSelection = .allNeurons) {
        precondition(shape > 0 && scaleYears > 0 && shape.isFinite && scaleYears.isFinite)
        self.shape = shape
        self.scaleYears = scaleYears
        self.selection = selection
    }

    /// P(T ≤ t) = 1 − exp(−(t/η)^k).
    public func cumulativeProbability(_ t: Double) -> Double {
        t <= 0 ? 0 : 1 - exp(-pow(t / scaleYears, shape))
    }

    /// One `wearout` event per selected component whose lifetime ends within the mission, sorted by time.
    public func failures(
        chip: Chip, cores: CoreMap, environment: SpaceEnvironment, rng: inout Xoshiro256
    ) -> [FailureEvent] {
        var events = [FailureEvent]()
        for component in selection.components(of: chip) {
            let t = scaleYears * pow(-log(rng.nextOpenUnit()), 1 / shape)
            if t <= environment.durationYears {
                events.append(FailureEvent(time: t, component: component, kind: .wearout))
            }
        }
        return events.sorted()
    }

    /// Reads the model from a scenario's `failures[i]` object.
    public static func decode(_ field: JSONField, chip: Chip) throws(InputError) -> WeibullWearoutModel {
        WeibullWearoutModel(
            shape: try field["shape"].positiveNumber(), scaleYears: try field["scaleYears"].positiveNumber(),
            selection: try ComponentSelection.decode(field, chip: chip))
    }
}
