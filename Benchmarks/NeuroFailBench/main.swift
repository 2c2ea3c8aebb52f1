// The throughput benchmark of Docs/performance.md: exhaustive Ω on a 784-48-10 ReLU chip (paper-style N(1, 5)
// weights, seeded) with 3 crashed neurons in the hidden layer, on 1,000 uniform inputs in [0, 1]^784.
//
//   NeuroFailBench                       generate in memory, time the campaign in-process, print one JSON line
//   NeuroFailBench write DIR             write DIR/chip.json and DIR/inputs.csv (for Benchmarks/numpy_baseline.py)
//   NeuroFailBench run CHIP F INPUTS.csv [THREADS] [--synapses s1,..,sL+1] [--samples N]
//                                        load the files, run the exhaustive campaign, print one JSON line with the
//                                        same fields as numpy_baseline.py (its whole-process time is the figure)
//   NeuroFailBench check CHIP INPUTS.csv check that the lean CSV reader reads the same doubles as the core's
//   NeuroFailBench inputs COUNT SEED PATH
//                                        write COUNT uniform inputs in [0, 1]^784 on the 10⁻⁶ grid (InputBatch.uniform
//                                        with SEED; COUNT 1000 and SEED 1000 give write's inputs.csv), one per line
//   NeuroFailBench kernel [W1,W2,..] [INFERENCES] [INPUTS] [OUTPUTS]
//                                        the message-level kernel's throughput on a seeded random ReLU chip (default
//                                        the 510,000-synapse network of Benchmarks/brian2/feedforward.py: 10 inputs,
//                                        500-500-500, 10 outputs, 100 inferences), one JSON line
import Foundation
import NeuroFailCore
import NeuroFailEngine
import NeuroFailKernel

let chipSeed: UInt64 = 784_48_10
let inputSeed: UInt64 = 1_000

func benchmarkChip() -> Chip {
    Chip.random(inputs: 784, widths: [48], outputs: 10, activation: Activation(.relu, lipschitz: 1), seed: chipSeed)
}

/// Inputs are kept on the grid of 10⁻⁶ (like pixel intensities stored with a few decimals), so the CSV holds them
/// exactly with 6 decimals: n / 10⁶ is one correctly rounded division (n < 2⁵³, 10⁶ exact), the same double every
/// correct decimal reader (strtod, Python's float, `Double(String)`) gives for the text.
let gridPoints = 1_000_000.0

func benchmarkInputs() -> InputBatch { gridInputs(count: 1_000, seed: inputSeed) }

/// `count` uniform inputs in [0, 1]^784 with `seed`, on the grid of 10⁻⁶ (`benchmarkInputs` is count 1,000, seed 1,000).
func gridInputs(count: Int, seed: UInt64) -> InputBatch {
    let uniform = InputBatch.uniform(count: count, dimension: 784, domain: .unit, seed: seed)
    return InputBatch(count: count, dimension: 784, values: uniform.values.map { ($0 * gridPoints).rounded() / gridPoints })
}

/// One CSV line per input, each number with exactly 6 decimals (the inputs are on that grid), written digit by digit:
/// 60,000 inputs (47 M numbers, 423 MB) in seconds.
func csvBytes(_ batch: InputBatch) -> Data {
    var bytes = [UInt8]()
    bytes.reserveCapacity(batch.values.count * 9)
    for i in 0..<batch.count {
        for (s, x) in batch.row(i).enumerated() {
            if s > 0 { bytes.append(UInt8(ascii: ",")) }
            let n = Int((x * gridPoints).rounded())
            bytes.append(contentsOf: String(n / 1_000_000).utf8)
            bytes.append(UInt8(ascii: "."))
            var fraction = n % 1_000_000, digits = [UInt8](repeating: 0x30, count: 6)
            for k in stride(from: 5, through: 0, by: -1) {
                digits[k] = 0x30 + UInt8(fraction % 10)
                fraction /= 10
            }
            bytes.append(contentsOf: digits)
        }
        bytes.append(UInt8(ascii: "\n"))
    }
    return Data(bytes)
}

func measure(
    chip: Chip, inputs: InputBatch, crashes: [Int], threads: Int?, synapses: [Int]? = nil, samples: Int? = nil
) -> String {
    let campaign = OmegaCampaign(
        chip: chip, inputs: inputs, selection: .perLayer(neurons: crashes, synapses: synapses),
        mode: samples.map { .sampled($0) } ?? .exhaustive, seed: 1)
    let start = DispatchTime.now()
    let stats = campaign.run(threads: threads)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    let result: JSONValue = [
        "configurations": .number(Double(stats.configurations)), "inputs": .number(Double(stats.inputs)),
        "omegaAverage": .number(stats.omegaAverage), "omegaMaxAverage": .number(stats.omegaMaxAverage),
        "omegaMax": .number(stats.omegaMax), "omegaStd": .number(stats.omegaStd), "seconds": .number(seconds),
        "runsPerSecond": .number(Double(stats.runs) / seconds),
    ]
    return result.rendered(indent: 0)
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch arguments.first {
    case nil:
        print(measure(chip: benchmarkChip(), inputs: benchmarkInputs(), crashes: [3], threads: nil))
    case "write" where arguments.count == 2:
        let directory = arguments[1]
        try AtomicFile.write(benchmarkChip().json.rendered(), to: directory + "/chip.json")
        try AtomicFile.write(csvBytes(benchmarkInputs()), to: directory + "/inputs.csv")
    case "run" where arguments.count >= 4:
        let t0 = DispatchTime.now()
        let chip = try Chip.load(path: arguments[1])
        let t1 = DispatchTime.now()
        let crashes = arguments[2].split(separator: ",").compactMap { Int($0) }
        let inputs = try InputBatch.loadCSV(path: arguments[3], dimension: chip.inputCount)
        let t2 = DispatchTime.now()
        if ProcessInfo.processInfo.environment["NF_PHASES"] != nil {
            FileHandle.standardError.write(Data("chip \(Double(t1.uptimeNanoseconds - t0.uptimeNanoseconds) / 1e9) csv \(Double(t2.uptimeNanoseconds - t1.uptimeNanoseconds) / 1e9)\n".utf8))
        }
        // Optional: THREADS, then --synapses s1,..,sL+1 and --samples N (sampled instead of exhaustive).
        var rest = Array(arguments.dropFirst(4))
        var threads: Int?
        if let first = rest.first, let n = Int(first) {
            threads = n
            rest.removeFirst()
        }
        func option(_ name: String) -> String? { rest.firstIndex(of: name).flatMap { rest.indices.contains($0 + 1) ? rest[$0 + 1] : nil } }
        let synapses = option("--synapses").map { $0.split(separator: ",").compactMap { Int($0) } }
        let samples = option("--samples").flatMap { Int($0) }
        print(measure(chip: chip, inputs: inputs, crashes: crashes, threads: threads, synapses: synapses, samples: samples))
    case "check" where arguments.count == 3:
        // The core's CSV reader gives back exactly the inputs that were written.
        let chip = try Chip.load(path: arguments[1])
        let core = try InputBatch.loadCSV(path: arguments[2], dimension: chip.inputCount)
        print(core == benchmarkInputs() ? "same inputs" : "DIFFERENT inputs")
    case "inputs" where arguments.count == 4:
        guard let count = Int(arguments[1]), count > 0, let seed = UInt64(arguments[2]) else {
            fail("usage: NeuroFailBench inputs COUNT SEED PATH (COUNT >= 1)")
        }
        try AtomicFile.write(csvBytes(gridInputs(count: count, seed: seed)), to: arguments[3])
    case "kernel" where arguments.count <= 5:
        let widths = arguments.count > 1 ? arguments[1].split(separator: ",").compactMap { Int($0) } : [500, 500, 500]
        let inferences = arguments.count > 2 ? Int(arguments[2]) ?? 100 : 100
        let inputs = arguments.count > 3 ? Int(arguments[3]) ?? 10 : 10
        let outputs = arguments.count > 4 ? Int(arguments[4]) ?? 10 : 10
        let t = ChipNetwork.benchmarkMessagesPerSecond(
            inputs: inputs, widths: widths, outputs: outputs, inferences: inferences)
        let result: JSONValue = [
            "synapticMessages": .number(Double(t.synapticMessages)), "messages": .number(Double(t.messages)),
            "events": .number(Double(t.events)), "queueEntries": .number(Double(t.queueEntries)), "seconds": .number(t.seconds), "cpuSeconds": .number(t.cpuSeconds),
            "synapticMessagesPerCPUSecond": .number(t.synapticMessagesPerCPUSecond),
        ]
        print(result.rendered(indent: 0))
    default:
        fail("usage: NeuroFailBench [write DIR | check CHIP INPUTS.csv | inputs COUNT SEED PATH | run CHIP f1,..,fL INPUTS.csv [THREADS] [--synapses s1,..,sL+1] [--samples N] | kernel [W1,..] [INFERENCES] [INPUTS] [OUTPUTS]]")
    }
} catch {
    fail("\(error)")
}
