import Dispatch
import Foundation
import NeuroFailBounds
import NeuroFailCore

// NeuroFailSparseBounds: the scaling check of the bounds on sparse chips (Docs/performance.md, "Bounds on sparse
// chips"). Builds a random sparse ReLU chip in memory (no file to parse: what is measured is the bounds, not a
// loader), then times Erf, the fault-set analysis and one fault-set bound (difference intervals) of a fault set with
// 2 crashed neurons per hidden layer and 2 crashed synapses per matrix, and prints the process's peak resident
// memory (VmHWM) after each step, so the bound's own memory shows against the chip's.
//
//   swift build -c release --product NeuroFailSparseBounds
//   .build/release/NeuroFailSparseBounds <layers> <width> <fan-in> [inputs (default 100)] [seed (default 1)]

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("NeuroFailSparseBounds: \(message)\n".utf8))
    exit(2)
}

let args = Array(CommandLine.arguments.dropFirst())
guard args.count >= 3, let layers = Int(args[0]), let width = Int(args[1]), let fanIn = Int(args[2]) else {
    fail("usage: NeuroFailSparseBounds <layers> <width> <fan-in> [inputs] [seed]")
}
let inputs = args.count > 3 ? Int(args[3]) ?? { fail("inputs: expected an integer") }() : 100
let seed = args.count > 4 ? UInt64(args[4]) ?? { fail("seed: expected an integer") }() : 1
guard layers >= 1, width >= 2, fanIn >= 1, inputs >= fanIn, width >= fanIn, width <= Int(Int32.max) else {
    fail("need layers >= 1, width >= 2, 1 <= fan-in <= min(inputs, width)")
}

/// VmHWM and VmRSS of this process in MB (Linux), or "n/a".
func memory() -> String {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return "n/a" }
    func field(_ name: String) -> String {
        let line = status.split(separator: "\n").first { $0.hasPrefix(name + ":") } ?? ""
        let kb = Double(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        return String(format: "%.0f MB", kb / 1024)
    }
    return "peak \(field("VmHWM")), resident \(field("VmRSS"))"
}

/// Runs `body` and prints how long it took and the memory after it.
func step<T>(_ what: String, _ body: () -> T) -> T {
    let start = DispatchTime.now().uptimeNanoseconds
    let result = body()
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    print("\(what): \(String(format: "%.2f", seconds)) s; \(memory())")
    return result
}

var rng = Xoshiro256(seed: seed)
let chip: Chip = step("chip built") {
    var hidden = [Layer]()
    var fed = inputs
    for _ in 0..<layers {
        var rowStart = [Int](), sources = [Int32]()
        rowStart.reserveCapacity(width + 1)
        sources.reserveCapacity(width * fanIn)
        rowStart.append(0)
        var row = [Int32]()
        for _ in 0..<width {
            // fan-in distinct sources, sorted (rejection: fan-in is far below the layer's width).
            row.removeAll(keepingCapacity: true)
            while row.count < fanIn {
                let s = Int32(rng.nextIndex(fed))
                if !row.contains(s) { row.append(s) }
            }
            row.sort()
            sources.append(contentsOf: row)
            rowStart.append(sources.count)
        }
        let c = SparseConnectivity(inputs: fed, outputs: width, rowStart: rowStart, sources: sources)
        let std = 1 / Double(fanIn).squareRoot()
        hidden.append(Layer(
            sparse: c, weights: (0..<c.synapseCount).map { _ in rng.nextNormal(mean: 0, std: std) },
            bias: (0..<width).map { _ in rng.nextNormal(mean: 0, std: 0.1) }, activation: Activation(.relu, lipschitz: 1)))
        fed = width
    }
    let readout = Layer(
        inputs: fed, outputs: 10, weights: (0..<(10 * fed)).map { _ in rng.nextNormal(mean: 0, std: 1 / Double(fed).squareRoot()) },
        bias: [Double](repeating: 0, count: 10), activation: nil)
    return Chip(name: "sparse-\(layers)x\(width)-k\(fanIn)", inputDomain: .unit, hidden: hidden, readout: readout)
}
let synapses = chip.allLayers.reduce(0) { $0 + $1.synapseCount }
print("\(chip.name): \(inputs) inputs, \(layers) × \(width) neurons, fan-in \(fanIn), \(synapses) synapses "
    + "(\(String(format: "%.3g", Double(chip.denseWeightCount))) dense entries)")
do { try FaultSetBound.check(chip) } catch { fail("\(error)") }
let faults = FaultSet(
    neurons: chip.widths.map { n in [1, n - 1] },
    synapses: chip.allLayers.map { layer in [0, layer.synapseCount - 1] })
let counts = FaultCounts(faults)
let erf = step("Erf (ErfBound)") { ErfBound(chip: chip).erf(counts) }
let analysis = step("fault-set analysis (FaultSetBound.init)") { FaultSetBound(chip: chip) }
let bound = step("one fault-set bound (difference intervals)") { analysis.bound(faults, method: .differenceIntervals) }
print("Erf \(erf), certified \(bound.value(.linf)) (linf), tightens \(analysis.tightens)")
