import NeuroFailCore
import Synchronization
@testable import NeuroFailReproduction

/// Each trained-network figure's quick run, computed once and shared by the tests (each takes seconds in debug).
enum QuickRuns {
    static let fig7: FigureResult = run(Figure7(), fractions: fig7Fractions)
    /// Every fraction fig7's quick run reported through `progressFraction`, in order.
    static let fig7Fractions = Fractions()
    static let fig8: FigureResult = run(Figure8())
    static let fig10: FigureResult = run(Figure10())

    private static func run(_ figure: any Figure, fractions: Fractions? = nil) -> FigureResult {
        // No data folder: quick runs must not need one (CI fetches no data).
        var options = ReproductionOptions(quick: true, seed: 2017, threads: 2, dataDirectory: nil)
        if let fractions { options.progressFraction = { fractions.record($0) } }
        return try! figure.run(options) { _ in }
    }

    /// A thread-safe list of reported fractions.
    final class Fractions: Sendable {
        private let storage = Mutex<[Double]>([])
        func record(_ x: Double) { storage.withLock { $0.append(x) } }
        var values: [Double] { storage.withLock { $0 } }
    }
}

/// Reading the trained-network figures' headlines (`keys` and `number` are in JSONValue+Testing.swift).
extension JSONValue {
    /// The numbers of an array, NaN for non-numbers; empty when not an array.
    var numberList: [Double] {
        guard case .array(let items) = self else { return [] }
        return items.map { $0.number ?? .nan }
    }
    var strings: [String] {
        guard case .array(let items) = self else { return [] }
        return items.compactMap { if case .string(let s) = $0 { return s } else { return nil } }
    }
    var items: [JSONValue] {
        if case .array(let items) = self { return items }
        return []
    }
}
