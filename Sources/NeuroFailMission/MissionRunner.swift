import Dispatch
import Foundation
import NeuroFailBounds
import NeuroFailCore
import NeuroFailEngine
import NeuroFailKernel
import Synchronization

/// Flies a scenario: each Monte Carlo run is a ``MissionSimulation`` on the kernel's `Environment`, in which the
/// failure models' processes send their faults to the chip's process and the ``Monitor``'s process observes the
/// chip at every checkpoint and after every change.
///
/// Runs are independent (each has its own random streams derived from the scenario seed and the run index), so
/// they are spread over the cores and the results are the same bytes for any number of threads. Within a run the
/// chip is re-evaluated only when its condition changed.
public struct MissionRunner: Sendable {
    /// The scenario flown.
    public let scenario: Scenario
    /// The monitor (chip, workload, budget).
    public let monitor: Monitor

    /// How much the runner spends on the guaranteed side of each row. Every row of every run gets the fault-set
    /// bound by `method`; the detailed run (run 0, the one the report details) gets the tight bound (linear
    /// relaxation) at every change of its fault set and the worst-input search where `search` says.
    public struct Effort: Sendable, Hashable {
        /// The fault-set bound's method at every row of every run (difference intervals: the cheap one).
        public var method: FaultSetBound.Method
        /// Where the detailed run searches for the worst input: nowhere, at its last row, at every failure row, or
        /// (`all`) also at every other run's last row.
        public var search: Search
        /// The random starts of each search.
        public var searchStarts: Int

        public enum Search: String, Sendable, Hashable, CaseIterable {
            case none
            case final
            case failures
            /// Every failure row of run 0 and the last row of every other run (tight bound there too): the bracket
            /// [found, certified] over all runs, for studies of the bounds' quality.
            case all
        }

        public init(method: FaultSetBound.Method = .differenceIntervals, search: Search = .failures, searchStarts: Int = 32) {
            self.method = method
            self.search = search
            self.searchStarts = searchStarts
        }

        /// `<method>, search <where> (<n> starts)`: how part files record it, and how it is parsed back.
        public var description: String { "\(method.rawValue), search \(search.rawValue) (\(searchStarts) starts)" }

        /// The effort a ``description`` names, or nil (also for a negative number of starts, which no effort has).
        public init?(parsing text: String) {
            for method in FaultSetBound.Method.allCases {
                for search in Search.allCases {
                    let prefix = "\(method.rawValue), search \(search.rawValue) ("
                    guard text.hasPrefix(prefix), text.hasSuffix(" starts)"),
                        let n = Int(text.dropFirst(prefix.count).dropLast(" starts)".count)), n >= 0
                    else { continue }
                    self.init(method: method, search: search, searchStarts: n)
                    return
                }
            }
            return nil
        }
    }

    /// What the runner spends on bounds and searches.
    public let effort: Effort
    /// How many workload inputs were clipped into the box (only with the scenario's `clip`).
    public let clippedInputs: Int
    /// The accuracy on the labelled workload of the chip as designed, before its weights were quantized to the
    /// scenario's storage (nil without labels or quantization): what storing the weights cost is the difference
    /// with the monitor's pristine accuracy.
    public let designedAccuracy: Double?

    /// Prepares the monitor: loads or draws the workload and evaluates the pristine chip once.
    public init(scenario: Scenario, engine: MonitorEngine = .fast, effort: Effort = Effort()) throws {
        self.scenario = scenario
        self.effort = effort
        let (workload, labels, clipped) = try scenario.loadWorkload()
        clippedInputs = clipped
        monitor = try Monitor(
            chip: scenario.chip, workload: workload, labels: labels, norm: scenario.norm, budget: scenario.budget,
            box: scenario.domain, engine: engine, searchStarts: effort.searchStarts,
            threads: Self.threadsPerRun(runs: scenario.runs))
        if let designed = scenario.designedChip, let labels {
            let outputs = DenseEvaluatorFactory(chip: designed, inputs: workload).makeEvaluator().outputs()
            let m = designed.outputCount
            designedAccuracy = Monitor.accuracy((0..<workload.count).map { Monitor.argmax(outputs, $0 * m, m) }, labels)
        } else {
            designedAccuracy = nil
        }
    }

    /// The workers of each run's evaluations: the cores the runs leave idle (a single run of a large chip gets them
    /// all; 2 or more runs on 2 cores get one each, the runs themselves being spread). The outputs do not depend on
    /// it (blocks of inputs are computed alike on any thread).
    static func threadsPerRun(runs: Int) -> Int {
        max(1, ProcessInfo.processInfo.activeProcessorCount / max(1, runs))
    }

    /// The checkpoint times: 0, Δ, 2Δ, … up to the mission's end, which is always included.
    public var checkpoints: [Double] {
        let n = Int((scenario.durationYears / scenario.checkpointYears).rounded(.down))
        var times = (0...n).map { Double($0) * scenario.checkpointYears }
        if let last = times.last, scenario.durationYears - last > 1e-9 * scenario.durationYears {
            times.append(scenario.durationYears)
        }
        return times
    }

    /// Flies run `run` on the discrete-event kernel (``MissionSimulation``). With `events`, those failures are used
    /// instead of drawing them (trace replay). A `detailed` run (by default run 0, the one the report details) gets
    /// the worst-input searches of ``Effort/search``.
    public func fly(run: Int, events given: [FailureEvent]? = nil, detailed: Bool? = nil) -> MissionRun {
        MissionSimulation(runner: self, run: run, events: given, detailed: detailed ?? (run == 0)).run(index: run)
    }

    /// Flies runs `runs` over `threads` workers (nil: all cores); results in run order, identical for any thread
    /// count. `progress` receives the fraction done.
    public func flyAll(
        runs: Range<Int>, threads: Int? = nil, progress: (@Sendable (Double) -> Void)? = nil
    ) -> [MissionRun] {
        let count = runs.count
        let workers = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, count))
        let results = Mutex<[Int: MissionRun]>([:])
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                if i >= count { return }
                let run = fly(run: runs.lowerBound + i)
                let done = results.withLock { r -> Int in
                    r[i] = run
                    return r.count
                }
                progress?(Double(done) / Double(count))
            }
        }
        let collected = results.withLock { $0 }
        return (0..<count).compactMap { collected[$0] }
    }
}
