// The scaling benchmark of Docs/performance.md ("Missions at the scale of Loihi"): flies one run of a mission
// scenario on a chip of L sparse hidden layers of N ReLU neurons with fan-in K, built in memory, and prints the
// time per run and the peak memory, so the curve from 150 neurons to 10^6 can be measured with one command per point.
//
//   NeuroFailScale SCENARIO.json LAYERS WIDTH FANIN [INPUTS] [RUN]
//
// The scenario's own chip is replaced by the generated one (its file must still exist: the scenario is read as
// usual); its failure models, environment, workload and schedule are flown as written. Prints one JSON line.
import Foundation
import NeuroFailCore
import NeuroFailMission

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}

#if os(Linux)
    let RUSAGE_SELF_WHO = RUSAGE_SELF.rawValue
#else
    let RUSAGE_SELF_WHO = RUSAGE_SELF
#endif

/// Peak resident memory of this process so far, in MiB (getrusage's ru_maxrss is in KiB on Linux).
func peakMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF_WHO, &usage)
    return Double(usage.ru_maxrss) / 1024
}

/// CPU seconds (user + system) of this process so far.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF_WHO, &usage)
    func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return s(usage.ru_utime) + s(usage.ru_stime)
}

/// L sparse ReLU layers of `width` neurons, each with `fanIn` distinct sources drawn uniformly (Floyd's algorithm,
/// sorted), He-scaled weights N(0, 2/K), zero biases; a dense readout of 10 outputs, N(0, 1/width).
func sparseChip(inputs: Int, layers: Int, width: Int, fanIn: Int, seed: UInt64) -> Chip {
    var rng = Xoshiro256(seed: seed)
    var hidden = [Layer]()
    var previous = inputs
    let std = (2.0 / Double(fanIn)).squareRoot()
    for _ in 0..<layers {
        let k = min(fanIn, previous)
        var rowStart = [Int](repeating: 0, count: width + 1)
        var sources = [Int32](repeating: 0, count: width * k)
        var chosen = Set<Int>(minimumCapacity: 2 * k)
        for t in 0..<width {
            chosen.removeAll(keepingCapacity: true)
            for j in (previous - k)..<previous {
                let r = rng.nextIndex(j + 1)
                if !chosen.insert(r).inserted { chosen.insert(j) }
            }
            for (n, s) in chosen.sorted().enumerated() { sources[t * k + n] = Int32(s) }
            rowStart[t + 1] = (t + 1) * k
        }
        let c = SparseConnectivity(inputs: previous, outputs: width, rowStart: rowStart, sources: sources)
        let weights = (0..<(width * k)).map { _ in rng.nextNormal(mean: 0, std: std) }
        hidden.append(Layer(
            sparse: c, weights: weights, bias: [Double](repeating: 0, count: width),
            activation: Activation(.relu, lipschitz: 1)))
        previous = width
    }
    let readout = Layer(
        inputs: previous, outputs: 10,
        weights: (0..<(10 * previous)).map { _ in rng.nextNormal(mean: 0, std: (1 / Double(previous)).squareRoot()) },
        bias: [Double](repeating: 0, count: 10), activation: nil)
    return Chip(name: "sparse-\(layers)x\(width)-k\(fanIn)", hidden: hidden, readout: readout)
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count >= 4, let layers = Int(arguments[1]), let width = Int(arguments[2]), let fanIn = Int(arguments[3]),
    layers >= 1, width >= 1, fanIn >= 1
else { fail("usage: NeuroFailScale SCENARIO.json LAYERS WIDTH FANIN [INPUTS] [RUN]") }
let inputs = arguments.count > 4 ? Int(arguments[4]) ?? 784 : 784
let runIndex = arguments.count > 5 ? Int(arguments[5]) ?? 0 : 0
let start = Date()
let chip = sparseChip(inputs: inputs, layers: layers, width: width, fanIn: fanIn, seed: 14)
let built = Date().timeIntervalSince(start)
let scenario: Scenario
do {
    scenario = try Scenario.load(path: arguments[0], loadChip: { _ throws(InputError) in chip })
} catch {
    fail("\(error)")
}
let runner: MissionRunner
do {
    runner = try MissionRunner(scenario: scenario, effort: MissionRunner.Effort(search: .none))
} catch {
    fail("\(error)")
}
let prepared = Date().timeIntervalSince(start)
let cpuBefore = cpuSeconds()
let flyStart = Date()
let run = runner.fly(run: runIndex, detailed: false)
let flown = Date().timeIntervalSince(flyStart)
let measured = run.timeline.filter(\.observed).count
let last = run.final?.observation
let line: JSONValue = [
    "neurons": .number(Double(chip.neuronCount)), "synapses": .number(Double(chip.synapseCount)),
    "buildSeconds": .number(built), "prepareSeconds": .number(prepared - built), "runSeconds": .number(flown),
    "runCpuSeconds": .number(cpuSeconds() - cpuBefore), "peakMiB": .number(peakMiB()),
    "failures": .number(Double(run.failures.count)), "rows": .number(Double(run.timeline.count)),
    "measuredRows": .number(Double(measured)),
    "finalOmegaMax": .number(last?.omegaMax ?? 0), "finalErf": .number(last?.erf ?? 0),
    "finalCertified": .number(last?.certifiedBound ?? 0), "boundViolations": .number(Double(run.boundViolations)),
]
print(line.rendered(indent: 0))
