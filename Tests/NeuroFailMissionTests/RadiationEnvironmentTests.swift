import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailMission

@Suite struct RadiationEnvironmentTests {
    let minimum = SolarCycle.cycle25Minimum
    /// LEO-like: GCR 8e-6 /cm²/day at minimum, 4e-6 at maximum; events of 6.4e-4 /cm²/day.
    var leo: RadiationEnvironment {
        RadiationEnvironment(
            orbit: "ISS", shielding: "100 mil Al", letThreshold: 43,
            gcr: SolarCycle(lastMinimumYear: minimum, minimumFactor: 8e-6, maximumFactor: 4e-6),
            spe: SolarParticleEvents(ratePerYearAtMinimum: 0, ratePerYearAtMaximum: 5.6, durationYears: 2 / 365.25, flux: 6.4e-4))
    }
    let flux = RadiationExposure(solarCycle: true, storms: true, flux: true)

    /// By hand: σ = 1e-5 cm², λ = σ × Φ × 365.25: at solar minimum 1e-5 × 8e-6 × 365.25 = 2.922e-8 per year, at
    /// maximum 1e-5 × 4e-6 × 365.25 = 1.461e-8, at a quarter cycle the mean 2.1915e-8.
    @Test func theGCRRateAtSolarMinimumAndMaximumIsSigmaTimesTheFlux() {
        let sigmaYear = 1e-5 * 365.25
        let atMinimum = SpaceEnvironment(
            startYear: minimum + 11, durationYears: 1, solarCycle: leo.gcrShape, fluxes: .init(gcr: leo.gcr, spe: 6.4e-4))
        let atMaximum = SpaceEnvironment(
            startYear: minimum + 5.5, durationYears: 1, solarCycle: leo.gcrShape, fluxes: .init(gcr: leo.gcr, spe: 6.4e-4))
        #expect(abs(sigmaYear * atMinimum.modulation(at: 0, exposure: flux) - 2.922e-8) < 1e-20)
        #expect(abs(sigmaYear * atMaximum.modulation(at: 0, exposure: flux) - 1.461e-8) < 1e-20)
        #expect(abs(sigmaYear * atMinimum.modulation(at: 2.75, exposure: flux) - 2.1915e-8) < 1e-20)
        // Without the cycle: the mean flux throughout.
        let flat = RadiationExposure(solarCycle: false, storms: true, flux: true)
        #expect(abs(sigmaYear * atMaximum.modulation(at: 0, exposure: flat) - 2.1915e-8) < 1e-20)
        // A rate given directly that follows the cycle sees the GCR shape: 4/3 at minimum, 2/3 at maximum.
        #expect(abs(atMinimum.modulation(at: 0, solarCycle: true, storms: false) - 4.0 / 3) < 1e-12)
        #expect(abs(atMaximum.modulation(at: 0, solarCycle: true, storms: false) - 2.0 / 3) < 1e-12)
    }

    /// During an event the event's flux replaces the quiet flux (CREME96's event spectra include the background):
    /// 6.4e-4, not 6.4e-4 + the GCR flux.
    @Test func anEventsFluxReplacesTheQuietFluxInsteadOfAddingToIt() {
        let env = SpaceEnvironment(
            startYear: minimum, durationYears: 10, solarCycle: leo.gcrShape,
            storms: [StormInterval(start: 1, end: 1.1, multiplier: 1)], fluxes: .init(gcr: leo.gcr, spe: 6.4e-4))
        #expect(env.modulation(at: 1.05, exposure: flux) == 6.4e-4)
        #expect(env.modulation(at: 1.05, exposure: RadiationExposure(solarCycle: true, storms: false, flux: true)) < 1e-5)
        #expect(env.maxModulation(exposure: flux) == 6.4e-4)
        // ∫ to 2 years: GCR over [0, 1) and [1.1, 2), the event's flux over [1, 1.1).
        let gcr = leo.gcr
        let expected = gcr.integral(fromYear: minimum, toYear: minimum + 1) + 6.4e-4 * 0.1
            + gcr.integral(fromYear: minimum + 1.1, toYear: minimum + 2)
        #expect(abs(env.cumulativeModulation(to: 2, exposure: flux) - expected) < 1e-15)
    }

    /// Thinning in the component form against the closed-form integral: 20,000 first events of a component whose
    /// σ × 365.25 gives a visible probability, compared with 1 − exp(−λ₀ ∫ Φ) within 4 standard errors.
    @Test func thinningMatchesTheIntegratedFluxWithEvents() {
        var draw = Xoshiro256(seed: 21)
        let env = leo.sample(startYear: 2027, durationYears: 10, rng: &draw)
        #expect(!env.storms.isEmpty)
        let base = 40.0  // σ × 365.25 chosen so that P(fail by 10 y) is of order 1/2
        var rng = Xoshiro256(seed: 5)
        let n = 20_000
        let times = [1.0, 4, 10]
        var counts = [0, 0, 0]
        for _ in 0..<n {
            guard let t = env.firstEventTime(baseRate: base, exposure: flux, rng: &rng) else { continue }
            for (i, limit) in times.enumerated() where t <= limit { counts[i] += 1 }
        }
        for (count, t) in zip(counts, times) {
            let p = Double(count) / Double(n)
            let expected = 1 - exp(-base * env.cumulativeModulation(to: t, exposure: flux))
            #expect(abs(p - expected) < 4 * (expected * (1 - expected) / Double(n)).squareRoot(), "t = \(t)")
        }
    }

    @Test func aFluxExposureInTheLegacyFormSeesNoFlux() {
        var rng = Xoshiro256(seed: 1)
        let env = SpaceEnvironment(durationYears: 10)
        #expect(env.firstEventTime(baseRate: 1e9, exposure: flux, rng: &rng) == nil)
        #expect(env.cumulativeModulation(to: 5, exposure: flux) == 0)
    }

    /// The component form of the fixture scenario's environment, with `change` applied to it.
    static func componentForm(_ change: (inout [String: JSONValue]) -> Void = { _ in }) -> JSONValue {
        var environment: [String: JSONValue] = [
            "orbit": "ISS", "shielding": "2.54 mm Al", "letThreshold": 43,
            "solarCycle": ["lastMinimum": "2019-12", "periodYears": 11],
            "gcr": ["fluxAtMinimum": 8e-6, "fluxAtMaximum": 4e-6],
            "spe": ["flux": 6.4e-4, "durationDays": 2, "ratePerYearAtMinimum": 0, "ratePerYearAtMaximum": 5.6],
        ]
        change(&environment)
        return .object(environment.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    static let fluxModels: JSONValue = [
        ["model": "radiation-latchup", "crossSection": 4.6e-6],
        ["model": "core-latchup", "crossSection": 7.3e-5, "storms": false],
        ["model": "radiation-latchup", "components": "synapses", "rate": 1e-3, "solarCycle": true],
    ]

    @Test func aScenarioInTheComponentFormReadsItsFluxesAndTheModelsTheirExposure() throws {
        let f = ScenarioTests.Fixture()
        let s = try f.load([("environment", Self.componentForm()), ("failures", Self.fluxModels)])
        let radiation = try #require(s.radiation)
        #expect(radiation.orbit == "ISS" && radiation.letThreshold == 43)
        #expect(radiation.gcr.minimumFactor == 8e-6 && radiation.gcr.maximumFactor == 4e-6)
        #expect(radiation.spe?.flux == 6.4e-4 && radiation.spe?.rate.maximumFactor == 5.6)
        #expect(s.storms == nil && s.solarCycle == .flat)
        let neurons = try #require(s.failures[0] as? RadiationLatchupModel)
        #expect(neurons.ratePerYear == 4.6e-6 * 365.25)
        #expect(neurons.exposure == RadiationExposure(solarCycle: true, storms: true, flux: true))
        let core = try #require(s.failures[1] as? CoreLatchupModel)
        #expect(core.exposure == RadiationExposure(solarCycle: true, storms: false, flux: true))
        let synapses = try #require(s.failures[2] as? RadiationLatchupModel)
        #expect(synapses.ratePerYear == 1e-3 && synapses.exposure == RadiationExposure(solarCycle: true, storms: false))
        // Run 0's events come from the SPE process: the same seed draws the same ones.
        #expect(s.environment(run: 0) == s.environment(run: 0))
        #expect(s.environment(run: 0).fluxes?.spe == 6.4e-4)
    }

    @Test(arguments: [
        ("gcr", ["fluxAtMinimum": -1e-6, "fluxAtMaximum": 0], "environment.gcr.fluxAtMinimum: must be >= 0, found -1e-06"),
        ("gcr", ["fluxAtMinimum": 1e-6, "fluxAtMaximum": 2e-6], "environment.gcr.fluxAtMaximum: must be <= fluxAtMinimum (1e-06): galactic cosmic rays are strongest at solar minimum"),
        ("spe", ["flux": -1, "durationDays": 2, "ratePerYearAtMinimum": 0, "ratePerYearAtMaximum": 1], "environment.spe.flux: must be >= 0, found -1"),
        ("spe", ["flux": 1e-6, "durationDays": 2, "ratePerYearAtMinimum": 0, "ratePerYearAtMaximum": 1],
            "environment.spe.flux: must be >= gcr.fluxAtMinimum (8e-06)"),
        ("spe", ["flux": 1e-3, "durationDays": 0, "ratePerYearAtMinimum": 0, "ratePerYearAtMaximum": 1], "environment.spe.durationDays: must be > 0, found 0"),
        ("spe", ["flux": 1e-3, "durationDays": 2, "ratePerYearAtMinimum": -1, "ratePerYearAtMaximum": 1], "environment.spe.ratePerYearAtMinimum: must be >= 0, found -1"),
        ("orbit", nil, "environment.orbit: missing: the component form (gcr, spe) states its orbit"),
        ("storms", ["rate": 1, "durationDays": 2, "multiplier": 5], "environment.storms: unknown field"),
        ("solarCycle", ["minimumFactor": 1.3], "environment.solarCycle.minimumFactor: unknown field"),
    ] as [(String, JSONValue?, String)])
    func badComponentFormIsOneLineNamingTheField(key: String, value: JSONValue?, message: String) {
        let f = ScenarioTests.Fixture()
        let error = f.error([("environment", Self.componentForm { $0[key] = value }), ("failures", Self.fluxModels)])
        #expect(error?.hasPrefix(f.scenarioPath + ": " + message) == true, "\(error ?? "accepted")")
    }

    @Test(arguments: [
        (["model": "radiation-latchup", "flux": 6.4e-4, "crossSection": 1e-6] as JSONValue,
            "failures[0].flux: the environment gives the fluxes (environment.gcr, environment.spe)"),
        (["model": "radiation-latchup", "rate": 1e-3, "storms": true] as JSONValue,
            "failures[0].storms: a rate given directly is an average that already includes solar particle events"),
        (["model": "radiation-latchup", "rate": 1e-3, "crossSection": 1e-6] as JSONValue,
            "failures[0].rate: give either rate or crossSection, not both"),
        (["model": "radiation-latchup", "crossSection": -1e-6] as JSONValue, "failures[0].crossSection: must be >= 0, found -1e-06"),
    ])
    func aModelInTheComponentFormGivesACrossSectionOrARate(model: JSONValue, message: String) {
        let f = ScenarioTests.Fixture()
        let error = f.error([("environment", Self.componentForm()), ("failures", [model])])
        #expect(error?.hasPrefix(f.scenarioPath + ": " + message) == true, "\(error ?? "accepted")")
    }

    @Test func aCrossSectionLargerThanTheDeclaredAreaIsRefusedInEitherForm() {
        let f = ScenarioTests.Fixture()
        let areas: JSONValue = ["neuron": 4.6e-6, "synapse": 4.6e-9, "core": 7.3e-5]
        let legacy = f.error([("areaCm2", areas)])  // the fixture's synapse latch-up has σ = 1e-3 cm²
        #expect(legacy == f.scenarioPath + ": failures[1].crossSection: 0.001 cm² exceeds the declared area of a synapse (areaCm2.synapse = 4.6e-09 cm²): a cross-section cannot be larger than the silicon it hits")
        let core = f.error([
            ("areaCm2", areas), ("environment", Self.componentForm()),
            ("failures", [["model": "core-latchup", "crossSection": 1e-4]]),
        ])
        #expect(core?.hasPrefix(f.scenarioPath + ": failures[0].crossSection: 0.0001 cm² exceeds the declared area of a core (areaCm2.core = 7.3e-05 cm²)") == true, "\(core ?? "accepted")")
        #expect(f.error([("areaCm2", areas), ("environment", Self.componentForm()), ("failures", Self.fluxModels)]) == nil)
    }
}
