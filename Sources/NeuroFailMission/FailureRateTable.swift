import NeuroFailCore

/// FIT and MTTF (JEDEC JESD89) of a mission, from the events counted over all its Monte Carlo runs: one row per
/// failure kind and class of component the scenario exposes (latch-up of neurons, upsets of weight bits, core
/// latch-up, …), and the whole chip. Each row states the rate per chip (device = one chip) and per component of the
/// class (device = one neuron, one weight bit, …), with the χ² upper bound at the report's confidence
/// (``FailureRateEstimate``).
///
/// Exposure: T = runs × mission hours chip-hours, and T × components per component-hours. A component is counted
/// exposed for the whole mission even after it failed (so λ per component is the rate of first failures with the
/// population at launch: low by at most the fraction of the class lost, which the summary's counts show).
public struct FailureRateTable: Sendable {
    /// What a row counts as one device.
    public enum ComponentClass: String, Sendable, Hashable, Comparable {
        case neuron, synapse, core
        case weightBit = "weight bit"
        /// The whole chip (the chip rows).
        case chip

        public static func < (a: ComponentClass, b: ComponentClass) -> Bool { a.rawValue < b.rawValue }
    }

    /// One failure kind on one class of component.
    public struct Row: Sendable, Hashable {
        /// The trace name of the kind (`latchup`, `seu`, …).
        public let kind: String
        /// The class of component it hits.
        public let component: ComponentClass
        /// How many components of the class the chip exposes to the kind (bits for `weight bit`), ≥ 1.
        public let componentsPerChip: Int
        /// The rate per chip: events in chip-hours.
        public let perChip: FailureRateEstimate
        /// The rate per component: events in component-hours (`perChip` × 1/`componentsPerChip`).
        public let perComponent: FailureRateEstimate
    }

    /// Hours in a mission year (365.25 days).
    public static let hoursPerYear = MissionCalendar.daysPerYear * 24
    /// The one-sided confidence of the upper bounds.
    public let confidence: Double
    /// Chip-hours of exposure: runs × mission hours.
    public let chipHours: Double
    /// One row per (kind, class), kinds in name order.
    public let rows: [Row]
    /// Every failure event, of every kind, per chip.
    public let chip: FailureRateEstimate
    /// The permanent failures only (not upsets or outages, which pass), per chip.
    public let chipPermanent: FailureRateEstimate

    /// The table of `runs` of `scenario` at `confidence` in (0, 1); nil without runs (no exposure).
    public init?(scenario: Scenario, runs: [MissionRun], confidence: Double) {
        let hours = Double(runs.count) * scenario.durationYears * Self.hoursPerYear
        guard hours > 0, hours.isFinite else { return nil }
        self.confidence = confidence
        chipHours = hours
        var counts = [Key: Int]()
        var all = 0, permanent = 0
        for run in runs {
            for event in run.failures {
                counts[Key(event), default: 0] += 1
                all += 1
                if event.kind.isPermanent { permanent += 1 }
            }
        }
        var exposed = Self.exposures(of: scenario)
        for key in counts.keys where exposed[key] == nil { exposed[key] = Exposure(layers: nil, bitsPerWeight: nil) }
        rows = exposed.keys.sorted().compactMap { key in
            guard let exposure = exposed[key] else { return nil }
            let f = counts[key] ?? 0
            // A class with no component (a chip without cores) contributes nothing and gets no row.
            let n = Self.population(key.component, exposure, scenario: scenario)
            guard n > 0 else { return nil }
            return Row(
                kind: key.kind, component: key.component, componentsPerChip: n,
                perChip: FailureRateEstimate(events: f, deviceHours: hours, confidence: confidence),
                perComponent: FailureRateEstimate(events: f, deviceHours: hours * Double(n), confidence: confidence))
        }
        chip = FailureRateEstimate(events: all, deviceHours: hours, confidence: confidence)
        chipPermanent = FailureRateEstimate(events: permanent, deviceHours: hours, confidence: confidence)
    }

    /// A row's identity: kind, then class.
    struct Key: Hashable, Comparable {
        let kind: String
        let component: ComponentClass

        init(kind: FailureKind, component: ComponentClass) {
            self.kind = kind.rawValue
            self.component = component
        }

        /// The key an event counts under: an upset's synapse is a weight bit.
        init(_ event: FailureEvent) {
            switch event.component {
            case .neuron: self.init(kind: event.kind, component: .neuron)
            case .synapse: self.init(kind: event.kind, component: event.kind == .bitFlip ? .weightBit : .synapse)
            case .core: self.init(kind: event.kind, component: .core)
            }
        }

        static func < (a: Key, b: Key) -> Bool { (a.kind, a.component) < (b.kind, b.component) }
    }

    /// Which layers of a class a kind reaches (nil: all), and for weight bits how many bits a weight has.
    struct Exposure {
        var layers: Set<Int>?
        var bitsPerWeight: Int?

        /// Both exposures: the union of their layers.
        func union(_ other: Exposure) -> Exposure {
            guard let a = layers, let b = other.layers else { return Exposure(layers: nil, bitsPerWeight: bitsPerWeight ?? other.bitsPerWeight) }
            return Exposure(layers: a.union(b), bitsPerWeight: bitsPerWeight ?? other.bitsPerWeight)
        }
    }

    /// The (kind, class) pairs the scenario's models can produce, with the layers each reaches: rows even for
    /// kinds never seen, whose upper bound is then the information (f = 0).
    static func exposures(of scenario: Scenario) -> [Key: Exposure] {
        var out = [Key: Exposure]()
        func add(_ key: Key, _ exposure: Exposure) { out[key] = out[key].map { $0.union(exposure) } ?? exposure }
        func add(_ kind: FailureKind, _ component: ComponentClass, _ exposure: Exposure) {
            add(Key(kind: kind, component: component), exposure)
        }
        func add(_ kind: FailureKind, _ selection: ComponentSelection) {
            if selection.neurons { add(kind, .neuron, Exposure(layers: selection.layers)) }
            if selection.synapses { add(kind, .synapse, Exposure(layers: selection.layers)) }
        }
        for model in scenario.failures {
            switch model {
            case let m as RadiationLatchupModel: add(.latchup, m.selection)
            case let m as WeibullWearoutModel: add(.wearout, m.selection)
            case let m as StuckAtModel: add(.stuckAt, m.selection)
            case let m as CoreLatchupModel:
                add(.coreLatchup, .core, Exposure(layers: nil))
                if m.permanentDamage != nil { add(.coreOutage, .core, Exposure(layers: nil)) }
            case let m as BitFlipModel: add(.bitFlip, .weightBit, Exposure(layers: m.layers, bitsPerWeight: m.bitsPerWeight))
            case let m as TraceReplayModel:
                for event in m.trace.events { add(Key(event), Exposure(layers: nil)) }
            default: break  // A model this table does not know: its events still get rows, with the whole class exposed.
            }
        }
        return out
    }

    /// Components of `component` in the exposed layers: hidden neurons (layers 1...L), synapses or weight bits
    /// (matrices 1...L+1), cores.
    static func population(_ component: ComponentClass, _ exposure: Exposure, scenario: Scenario) -> Int {
        let chip = scenario.chip
        func included(_ layer: Int) -> Bool { exposure.layers?.contains(layer) ?? true }
        switch component {
        case .neuron:
            return chip.widths.enumerated().filter { included($0.offset + 1) }.reduce(0) { $0 + $1.element }
        case .synapse, .weightBit:
            let synapses = chip.allLayers.enumerated().filter { included($0.offset + 1) }.reduce(0) { $0 + $1.element.synapseCount }
            return component == .synapse ? synapses : synapses * (exposure.bitsPerWeight ?? scenario.weightStorage.bitsPerWeight)
        case .core: return scenario.cores.count
        case .chip: return 1
        }
    }
}
