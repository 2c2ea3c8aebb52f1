import Foundation
import NeuroFailCLI

// NeuroFailFuzz: mutates the bundled chips and a small scenario, trace, input file, checkpoint and part files (byte
// flips, truncation, number extremes, lost and doubled lines), runs the commands on them in-process, and reports
// every exit that is not 0 or 2 (1 is allowed only for a write failure), every case over the time limit (a hang)
// and every trap (the process dies: the case is in <work>/current-case.txt). Docs/reliability.md gives the figures.
//
//   swift run -c release NeuroFailFuzz [--cases N] [--seed S] [--time-limit SECONDS] [--work DIR] [--repo DIR]

struct Options {
    var cases = 100_000
    var seed: UInt64 = 1
    var timeLimit = 20.0
    var work = NSTemporaryDirectory() + "neurofail-fuzz"
    var repo = FileManager.default.currentDirectoryPath

    init(_ args: [String]) {
        var i = 0
        func value() -> String {
            i += 1
            guard i < args.count else { fail("\(args[i - 1]) needs a value") }
            return args[i]
        }
        while i < args.count {
            switch args[i] {
            case "--cases": cases = Int(value()) ?? { fail("--cases: expected an integer") }()
            case "--seed": seed = UInt64(value()) ?? { fail("--seed: expected an integer") }()
            case "--time-limit": timeLimit = Double(value()) ?? { fail("--time-limit: expected seconds") }()
            case "--work": work = value()
            case "--repo": repo = value()
            default: fail("unknown option \(args[i]) (options: --cases, --seed, --time-limit, --work, --repo)")
            }
            i += 1
        }
    }
}

/// A line on standard output, unbuffered, so progress reaches a log file as it happens (and survives a trap).
func say(_ line: String) { _ = Array((line + "\n").utf8).withUnsafeBytes { write(1, $0.baseAddress, $0.count) } }

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("NeuroFailFuzz: \(message)\n".utf8))
    exit(2)
}

/// SplitMix64: the harness's own generator, so a seed names the same cases on every machine.
struct Generator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    mutating func pick<T>(_ xs: [T]) -> T { xs[below(xs.count)] }
}

/// Numbers that have broken parsers and arithmetic before (issue 12).
let extremes = [
    "1e308", "-1e308", "1.7976931348623157e308", "1e309", "4.9e-324", "1e-320", "0", "-0", "1e20", "-1e20", "9e18",
    "9.3e18", "4294967296", "4294967295", "18446744073709551616", "100000000", "1e-18", "1e-6", "1e9", "nan", "NaN",
    "inf", "-inf", "Infinity", "\"1\"", "0.0000000000000000000000001", "-1", "2147483648", "1e16", "3.5",
    "0x10", "1.", ".5", "-", "1e", "null", "true", "[]", "{}",
]

/// One mutation of `bytes`.
func mutate(_ bytes: [UInt8], _ g: inout Generator) -> [UInt8] {
    var b = bytes
    switch g.below(6) {
    case 0:  // flip bits of one to four bytes
        for _ in 0...g.below(4) where !b.isEmpty { b[g.below(b.count)] ^= UInt8(1 << g.below(8)) }
    case 1:  // truncate
        b = Array(b.prefix(g.below(b.count + 1)))
    case 2, 3:  // replace a number by an extreme
        var starts = [Int]()
        for i in b.indices where (b[i] >= 0x30 && b[i] <= 0x39) && (i == 0 || !(b[i - 1] >= 0x30 && b[i - 1] <= 0x39) && b[i - 1] != UInt8(ascii: ".")) {
            starts.append(i)
        }
        guard !starts.isEmpty else { return b }
        var s = g.pick(starts)
        if s > 0, b[s - 1] == UInt8(ascii: "-") { s -= 1 }
        var e = s + 1
        while e < b.count, "0123456789.eE+-".utf8.contains(b[e]) { e += 1 }
        b.replaceSubrange(s..<e, with: Array(g.pick(extremes).utf8))
    case 4:  // drop or double a line
        let lines = b.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        guard lines.count > 1 else { return b }
        var out = lines
        let k = g.below(lines.count)
        if g.below(2) == 0 { out.remove(at: k) } else { out.insert(lines[k], at: k) }
        b = Array(out.joined(separator: [0x0A]))
    default:  // insert a hostile byte string
        let inserts: [[UInt8]] = [[0xEF, 0xBB, 0xBF], [0x0D], [0x00], [0x1B, 0x5B, 0x33, 0x31, 0x6D], Array("\"".utf8), [0xFF, 0xFE], Array(",".utf8)]
        b.insert(contentsOf: g.pick(inserts), at: g.below(b.count + 1))
    }
    return b
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
setenv("NEUROFAIL_MEMORY_LIMIT_GB", "1", 1)
setenv("NEUROFAIL_CHECKPOINT_SECONDS", "0", 1)
let fm = FileManager.default
try? fm.removeItem(atPath: options.work)
do { try fm.createDirectory(atPath: options.work, withIntermediateDirectories: true) } catch { fail("cannot create \(options.work)") }
guard fm.changeCurrentDirectoryPath(options.work) else { fail("cannot enter \(options.work)") }

func read(_ path: String) -> [UInt8] {
    guard let d = fm.contents(atPath: path) else { fail("cannot read \(path) (give --repo, the repository's folder)") }
    return [UInt8](d)
}
/// Writes `bytes` to `path` with plain write(2): FileManager's atomic writes sync to disk, which made the harness
/// wait on the disk ten times longer than it ran the commands.
func put(_ path: String, _ bytes: [UInt8]) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { fail("cannot write \(path)") }
    _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
}

let (quiet, _) = Console.capturing()
@discardableResult func neurofail(_ args: [String]) -> Int32 { CommandLineTool.run(args, console: quiet) }

// The seeds: bundled chips, and small files built from them by the commands themselves.
let hand = read(options.repo + "/Chips/hand-2-2-1.json")
let relu = read(options.repo + "/Chips/paper-relu-4x4.json")
put("hand.json", hand)
put("relu.json", relu)
put("inputs.csv", Array("x1,x2\n0.1,0.2\n0.5,0.5\n1,0\n".utf8))
put("trace.csv", Array("time_years,component,kind\n0.25,n1.0,latchup\n0.5,s2.0.1,wearout\n0.75,n2.1,replay\n".utf8))
let scenarioText = """
    {"format": "neurofail.scenario/1", "name": "fuzz", "chip": "hand.json", "durationYears": 1, "checkpointYears": 0.25,
     "workload": {"random": 8, "seed": 1}, "budget": 1, "seed": 7, "runs": 2,
     "environment": {"storms": {"rate": 2, "durationDays": 3, "multiplier": 10}},
     "failures": [{"model": "radiation-latchup", "components": "neurons", "flux": 0.5, "crossSection": 1},
                  {"model": "trace", "file": "trace.csv"}]}
    """
put("scenario.json", Array(scenarioText.utf8))
// An .npy manifest of the hand chip (the arrays stay intact; the manifest is mutated).
for array in ["w1", "b1", "w2", "b2", "w3", "b3"] {
    put("\(array).npy", read(options.repo + "/Tests/NeuroFailCoreTests/Fixtures/npy/\(array).npy"))
}
put("manifest.json", read(options.repo + "/Tests/NeuroFailCoreTests/Fixtures/npy/hand.json"))
for (args, made) in [
    (["omega", "hand.json", "--failures", "1,1", "--random-inputs", "6", "--shard", "1/2", "--out", "omega-1.json"], "omega-1.json"),
    (["omega", "hand.json", "--failures", "1,1", "--random-inputs", "6", "--shard", "2/2", "--out", "omega-2.json"], "omega-2.json"),
    (["omega", "hand.json", "--failures", "1,1", "--random-inputs", "6", "--checkpoint", "check.json"], "check.json"),
    (["mission", "scenario.json", "--shard", "1/2", "--out", "mission-1.json"], "mission-1.json"),
    (["mission", "scenario.json", "--shard", "2/2", "--out", "mission-2.json"], "mission-2.json"),
] {
    let status = neurofail(args)
    guard status == 0, fm.fileExists(atPath: made) else { fail("making the seed \(made) failed (status \(status))") }
}
// A checkpoint to resume from exists only when a run is cut short; a finished run removes it. Make one by hand
// from a run that saves after every chunk and is stopped: simplest is to keep the files the commands wrote.
let seeds: [(name: String, bytes: [UInt8])] = [
    ("hand.json", hand), ("relu.json", relu), ("inputs.csv", read("inputs.csv")), ("trace.csv", read("trace.csv")),
    ("scenario.json", read("scenario.json")), ("omega-1.json", read("omega-1.json")),
    ("mission-1.json", read("mission-1.json")), ("manifest.json", read("manifest.json")),
] + (fm.fileExists(atPath: "check.json") ? [("check.json", read("check.json"))] : [])

/// The commands run on a mutated copy `m` of seed `seed`.
func commands(_ seed: String, _ m: String, _ g: inout Generator) -> [[String]] {
    switch seed {
    case "hand.json", "relu.json":
        let counts = g.pick(["1,0", "1", "0,1", "1,1,1,1", "2,2,2,2", "1,0,0,0"])
        return [
            g.pick([["erf", m, "--failures", counts], ["erf", m, "--failures", counts, "--json"], ["erf", m, "--crashed", "n1.0"]]),
            g.pick([["tolerance", m, "--budget", g.pick(["1", "0.01", "1e300"])], ["inspect", m], ["compare", m, "hand.json", "--failures", counts]]),
            g.pick([
                ["omega", m, "--failures", counts, "--random-inputs", "3", "--samples", "3"],
                ["rank", m, "--random-inputs", "3"], ["predict", m, "--inputs", "inputs.csv"],
                ["omega", m, "--crashes", "1", "--random-inputs", "2"], ["convert", m, "--out", "converted.json"],
            ]),
        ]
    case "inputs.csv":
        return [["omega", "hand.json", "--failures", "1,0", "--inputs", m], ["predict", "hand.json", "--inputs", m]]
    case "trace.csv":
        let scenario = scenarioText.replacingOccurrences(of: "\"trace.csv\"", with: "\"\(m)\"")
        put("trace-scenario.json", Array(scenario.utf8))
        return [
            ["mission", "trace-scenario.json", "--runs", "1", "--out", "out-trace"],
            ["replay", m, "--scenario", "scenario.json", "--out", "out-replay"],
        ]
    case "manifest.json":
        return [g.pick([["erf", m, "--failures", "1,0"], ["inspect", m], ["convert", m, "--out", "converted.json"]])]
    case "scenario.json":
        return [["mission", m, "--runs", "1", "--out", "out-mission"]]
    case "omega-1.json":
        return [["merge", m, "omega-2.json"]]
    case "mission-1.json":
        return [["mission-merge", "scenario.json", m, "mission-2.json", "--out", "out-merge"]]
    default:  // check.json
        return [["omega", "hand.json", "--failures", "1,1", "--random-inputs", "6", "--checkpoint", m]]
    }
}

/// "nan" or "inf" (any case, "infinity" too) standing as a word in `text`, the way Swift prints a non-finite Double.
func nonFinite(_ text: String) -> String? {
    let letters = Array(text.lowercased().utf8)
    func isLetter(_ i: Int) -> Bool { i >= 0 && i < letters.count && letters[i] >= 0x61 && letters[i] <= 0x7A }
    for word in ["nan", "inf", "infinity"] {
        let w = Array(word.utf8)
        var i = 0
        while i + w.count <= letters.count {
            if letters[i..<(i + w.count)].elementsEqual(w), !isLetter(i - 1), !isLetter(i + w.count) { return word }
            i += 1
        }
    }
    return nil
}

/// `text` without the mutated file's `"name"` value: a chip named "hand-inf" is the user's word, not a number.
func withoutName(_ text: String, of bytes: [UInt8]) -> String {
    let file = String(decoding: bytes, as: UTF8.self)
    guard let key = file.range(of: #""name""#), let open = file[key.upperBound...].firstIndex(of: "\""),
        let close = file[file.index(after: open)...].firstIndex(of: "\"")
    else { return text }
    let name = String(file[file.index(after: open)..<close])
    return name.isEmpty ? text : text.replacingOccurrences(of: name, with: "")
}

// The watchdog: a case running longer than the limit is a hang; the process stops and names it.
let started = Date()
nonisolated(unsafe) var caseStart = Date()
nonisolated(unsafe) var caseText = ""
let watchdog = Thread {
    while true {
        Thread.sleep(forTimeInterval: 1)
        if Date().timeIntervalSince(caseStart) > options.timeLimit {
            FileHandle.standardError.write(Data("HANG (> \(options.timeLimit) s): \(caseText)\n".utf8))
            exit(3)
        }
    }
}
watchdog.start()

var g = Generator(state: options.seed)
var runs = 0
var statuses = [Int32: Int]()
var seconds = [String: (runs: Int, total: Double)]()
var findings = [String]()
for k in 0..<options.cases {
    let seed = seeds[g.below(seeds.count)]
    var bytes = seed.bytes
    for _ in 0...g.below(3) { bytes = mutate(bytes, &g) }
    let m = "m-" + seed.name
    put(m, bytes)
    for args in commands(seed.name, m, &g) {
        caseText = "case \(k) seed \(options.seed): neurofail \(args.joined(separator: " ")) (mutated \(seed.name) saved in \(options.work)/current-case.bin)"
        put("current-case.bin", bytes)
        put("current-case.txt", Array(caseText.utf8))
        caseStart = Date()
        let (console, capture) = Console.capturing()
        let status = CommandLineTool.run(args, console: console)
        let spent = Date().timeIntervalSince(caseStart)
        seconds[args[0], default: (0, 0)] = (seconds[args[0], default: (0, 0)].runs + 1, seconds[args[0], default: (0, 0)].total + spent)
        runs += 1
        statuses[status, default: 0] += 1
        let writeFailure = status == 1 && capture.err.contains("cannot write")
        var found = [String]()
        if !(status == 0 || status == 2 || writeFailure) { found.append("status \(status)") }
        if status == 2, capture.err.split(separator: "\n").count != 1 { found.append("not one line") }
        if let word = nonFinite(withoutName(capture.out, of: bytes)) { found.append("\(word) printed") }
        for what in found {
            // Each finding keeps its mutated file and what the command printed, named by its number.
            findings.append("\(what): \(caseText.replacingOccurrences(of: "current-case.bin", with: "finding-\(findings.count + 1).bin"))")
            put("finding-\(findings.count).bin", bytes)
            put("finding-\(findings.count).txt", Array("neurofail \(args.joined(separator: " "))\nexit \(status)\n--- stdout\n\(capture.out.prefix(4000))\n--- stderr\n\(capture.err.prefix(2000))\n".utf8))
        }
    }
    if (k + 1) % 1_000 == 0 {
        say("\(k + 1) cases, \(runs) runs, \(findings.count) findings, \(Int(Date().timeIntervalSince(started))) s")
    }
}
let elapsed = Date().timeIntervalSince(started)
let byStatus = statuses.sorted { $0.key < $1.key }.map { "exit \($0.key): \($0.value)" }.joined(separator: ", ")
say("NeuroFailFuzz seed \(options.seed): \(options.cases) mutated cases, \(runs) command runs in \(Int(elapsed)) s (\(byStatus)); \(findings.count) findings")
let perCommand = seconds.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.runs) runs \(String(format: "%.1f", $0.value.total)) s" }
say("time per command: " + perCommand.joined(separator: ", "))
for f in findings.prefix(50) { say(f) }
try? fm.removeItem(atPath: "current-case.txt")
exit(findings.isEmpty ? 0 : 1)
