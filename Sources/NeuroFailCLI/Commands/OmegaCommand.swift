import Foundation
import NeuroFailBounds
import NeuroFailCore
import NeuroFailEngine
import NeuroFailMission

/// `neurofail omega`: the measured output error Ω by crash injection, beside the Erf bound.
enum OmegaCommand: Command {
    static let spec = CommandSpec(
        name: "omega",
        abstract: "Measure the output error Omega by crash injection, beside Erf.",
        discussion: """
            Every crash set is run (the product of C(N_l, f_l) over layers) unless there are more than
            --exhaustive-limit of them, or --samples is given: then uniform random crash sets from --seed.
            With --crashes f, the f crashes may fall anywhere in the network (all C(N, f) sets) and Erf is taken
            at its worst placement. The deviation of one input is the max over outputs of |F_neu - F_fail|.
            Omega_av: mean over (crash set, input); Omega_mav: mean over inputs of the max over sets;
            Omega_max: max over both. Exit status 1 if Omega_max > Erf (a bug: Erf is a theorem).
            """,
        arguments: [.init(name: "chip", help: CommandSupport.chipArgumentHelp)],
        options: [
            .option("failures", "counts", "Crashed neurons per hidden layer, e.g. 1,0,2."),
            .option("synapse-failures", "counts", "Crashed synapses per weight matrix, readout last."),
            .option("crashes", "f", "Crash f neurons anywhere in the network instead of per layer."),
            .option("inputs", "file", "Inputs, one per line, d numbers separated by commas (CSV)."),
            .option("random-inputs", "n", "Draw n inputs uniformly over the chip's input domain."),
            .option("seed", "s", "Seed for random inputs and sampled crash sets (default 1)."),
            .option("samples", "n", "Sample n random crash sets instead of enumerating them all."),
            .option("exhaustive-limit", "n", "Enumerate when there are at most n crash sets (default 1000000)."),
            .option("norm", "norm", "Output deviation norm: linf (default), l1 or l2."),
            .option("threads", "n", "Worker threads (default: all cores); results do not depend on it."),
            .flag("clip", "Clip --inputs outside the chip's input domain into it (and say how many) instead of refusing them."),
            .flag("json", "Print JSON instead of a table."),
            OmegaCommand.noStudyFlag,
            .option("out", "file", "Also write the JSON result to this file (atomically); with --shard, the part file."),
            .option("shard", "i/n", "Measure only the i-th of n disjoint, balanced slices of the crash sets; --out gets a part file for 'neurofail merge'."),
            .option("checkpoint", "file", "Save progress to this file every few seconds; rerun the same command to resume from it."),
        ],
        usage: "(--failures <counts> | --crashes <f>) (--inputs <file> | --random-inputs <n> [--seed <s>]) [--samples <n>] [--shard <i/n> --out <part.json>] [--checkpoint <file>] [--json]")

    static func run(_ args: ParsedArguments, console: Console) throws -> ExitCode {
        let path = args.positionals[0]
        let chip = try CommandSupport.loadChip(path)
        let total = try args.integer("crashes", in: 0...chip.neuronCount)
        if args.string("crashes") != nil, args.string("failures") != nil {
            throw InputError.invalidOption(option: "--crashes", reason: "give either --crashes or --failures, not both")
        }
        // --crashes places neurons only; synapse counts would otherwise be dropped without a word.
        if args.string("crashes") != nil, args.string("synapse-failures") != nil {
            throw InputError.invalidOption(
                option: "--synapse-failures", reason: "cannot be combined with --crashes (which places neurons only); give --failures with it")
        }
        let counts = try CommandSupport.faultCounts(args, chip: chip, chipPath: path, required: total == nil)
        let (inputs, source) = try CommandSupport.inputs(args, chip: chip)
        let norm = try CommandSupport.norm(args)
        let seed = try args.seed() ?? 1
        let samples = try args.integer("samples", in: 1...Int(Int32.max))
        // 10^12 sets is days of work already; a larger limit only asks for counts past what a run can hold.
        let limit = try args.integer("exhaustive-limit", in: 1...1_000_000_000_000) ?? 1_000_000

        let bound = ErfBound(chip: chip)
        let selection: CrashSelection
        let erf: Double
        let erfAverage: Double
        var placement: [Int]?
        if let total {
            selection = .total(total)
            let worst = try bound.worstPlacement(crashes: total, .max)
            erf = worst.erf
            erfAverage = try bound.worstPlacement(crashes: total, .mean).erf
            placement = worst.neurons
        } else if let counts {
            selection = .perLayer(neurons: counts.neurons, synapses: counts.synapses)
            erf = bound.erf(counts, .max)
            erfAverage = bound.erf(counts, .mean)
        } else {
            return .badInput
        }
        let scale = norm.erfScale(outputs: chip.outputCount)
        if !(erf * scale).isFinite || !(erfAverage * scale).isFinite,
           let at = placement.map({ FaultCounts(neurons: $0) }) ?? counts {
            throw CommandSupport.erfOverflow(bound, at, chipPath: path)
        }
        let mode: OmegaCampaign.Mode = samples.map { .sampled($0) } ?? .automatic(exhaustiveLimit: Double(limit))
        let campaign = OmegaCampaign(chip: chip, inputs: inputs, selection: selection, mode: mode, seed: seed, norm: norm)
        let shard = try shardOption(args)
        if shard != nil, args.string("out") == nil {
            throw InputError.invalidOption(option: "--shard", reason: "give --out <part.json> to write the part file")
        }
        let sets = (shard ?? .whole).range(of: campaign.setCount)
        let threads = try CommandSupport.threads(args)
        let progress = ProgressLine(console: console, label: shard.map { "omega shard \($0)" } ?? "omega")
        let stats: OmegaStatistics
        if let file = args.string("checkpoint") {
            let resume = try OmegaCheckpoint.load(path: file, for: campaign, sets: sets)
            if let resume {
                console.err("omega: resuming from \(file): crash sets \(resume.completedSets.lowerBound)..<\(resume.completedSets.upperBound) of \(sets.lowerBound)..<\(sets.upperBound) done\n")
            }
            stats = try campaign.run(
                sets: sets, threads: threads, resume: resume, interval: checkpointInterval,
                progress: { progress.update($0) }, checkpoint: { state throws(InputError) in try OmegaCheckpoint.save(state, of: campaign, to: file) })
        } else {
            stats = campaign.run(sets: sets, threads: threads, progress: { progress.update($0) })
        }
        progress.finish()

        let fitsFaultSetBound = (try? FaultSetBound.check(chip)) != nil
        var report: [(String, JSONValue)] = [
            ("chip", .string(chip.name)), ("file", .string(path)),
            ("crashes", total.map { .number(Double($0)) } ?? .null),
            ("failures", counts.map { .integers($0.neurons) } ?? placement.map { .integers($0) } ?? .null),
            ("synapseFailures", counts.map { .integers($0.synapses) } ?? .null),
            ("norm", .string(norm.rawValue)), ("inputSource", .string(source)),
            ("erf", .number(erf * scale)), ("erfAverage", .number(erfAverage * scale)),
            ("erfWorstPlacement", placement.map { .integers($0) } ?? .null),
            // O(synapses); left out only above the fault-set bound's memory limit.
            ("roundingAllowance", fitsFaultSetBound ? .number(FaultSetBound(chip: chip).anyFaultRoundingAllowance(norm)) : .null),
        ]
        let what = total.map { "\(counted($0, "crashed neuron")) anywhere" }
            ?? counts.map { c in
                "crashed neurons per layer \(CommandSupport.list(c.neurons))"
                    + (c.synapses.contains { $0 > 0 } ? ", synapses per matrix \(CommandSupport.list(c.synapses))" : "")
            } ?? ""
        report += [("shape", .string(CommandSupport.shape(chip))), ("what", .string(what)), ("seed", .string(String(seed)))]
        if let shard, let out = args.string("out") {
            let part = OmegaPart(
                identity: OmegaIdentity(campaign), shard: shard, sets: sets, setCount: campaign.setCount,
                statistics: stats, report: .object(report))
            try AtomicFile.write(part.fileText, to: out)
            let line = "omega shard \(shard): crash sets \(sets.lowerBound)..<\(sets.upperBound) of \(campaign.setCount), \(counted(stats.runs, "run")); wrote \(out) (combine the parts with 'neurofail merge')\n"
            console.out(args.has("json") ? part.json.rendered() + "\n" : line)
            return .success
        }
        return try emit(report: .object(report), stats: stats, args, console: console, chip: chip)
    }

    /// `--no-study`, shared with `merge`.
    static let noStudyFlag = CommandSpec.Option.flag(
        "no-study",
        "Skip the worst crash set's study over the whole input box (certified bound and input search): Omega and Erf only.")

    /// How often `--checkpoint` saves (seconds); NEUROFAIL_CHECKPOINT_SECONDS overrides it (tests use a short one).
    /// The rounding slack of a measured Ω against Erf (Docs/theory.md, section 14), recorded in the report by `run`.
    static func allowance(_ report: JSONValue) -> Double {
        if case let .number(x)? = report["roundingAllowance"] { return x }
        return 0
    }

    static var checkpointInterval: Double {
        ProcessInfo.processInfo.environment["NEUROFAIL_CHECKPOINT_SECONDS"].flatMap(Double.init) ?? 5
    }

    static func shardOption(_ args: ParsedArguments) throws(InputError) -> Shard? {
        guard let text = args.string("shard") else { return nil }
        guard let shard = Shard(parsing: text) else {
            throw .invalidOption(option: "--shard", reason: "expected i/n with 1 <= i <= n (e.g. 2/8), found '\(text)'")
        }
        return shard
    }

    /// Prints (and with --out writes) the result of a whole run: `omega`'s own output, and `merge`'s, from the
    /// report a part file carries. Exit status 1 if Omega_max > Erf.
    /// `chip` is the chip of the report's file when the caller has it loaded already (`merge` has not).
    static func emit(
        report: JSONValue, stats: OmegaStatistics, _ args: ParsedArguments, console: Console, chip loaded: Chip? = nil
    ) throws(InputError) -> ExitCode {
        let r = JSONField(value: report, file: "report")
        let erf = try r["erf"].number(), erfAverage = try r["erfAverage"].number()
        let placement = r["erfWorstPlacement"].isPresent ? try ExactJSON.indices(r["erfWorstPlacement"]) : nil
        let bounds = stats.omegaMax <= erf * (1 + 1e-9) + allowance(report)
        let estimatorHolds = stats.omegaAverage <= erfAverage
        guard case let .object(all) = report else { throw r.invalid("expected an object") }
        let context = ["chip", "file", "crashes", "failures", "synapseFailures", "norm", "inputSource"]
        var pairs = context.map { key in (key, all.first { $0.0 == key }?.1 ?? .null) }
        pairs += stats.jsonPairs
        pairs += [
            ("erf", .number(erf)), ("erfAverage", .number(erfAverage)),
            ("erfHolds", .bool(bounds)), ("erfAverageHolds", .bool(estimatorHolds)),
        ]
        if let placement { pairs.append(("erfWorstPlacement", .integers(placement))) }
        // The worst crash set seen, studied over the whole box (is the workload's worst input the box's worst?). It
        // depends only on the chip file and the merged statistics, so `merge` prints the same as one process. Left
        // out for a chip too large for the linear relaxation (beyond 2²² dense entries), where it would search
        // without a tight bound to stop at.
        var studyPairs: [(String, JSONValue)]?
        if !args.has("no-study"), let worst = stats.worstFaultSet,
            let chip = loaded ?? (try? r["file"].string()).flatMap({ try? CommandSupport.loadChip($0) }),
            worst.isValid(for: chip), (try? FaultSetBound.checkLinearRelaxation(chip)) != nil
        {
            let norm = DeviationNorm(rawValue: (try? r["norm"].string()) ?? "linf") ?? .linf
            studyPairs = CommandSupport.studyJSON(FaultSetStudy(chip: chip, faults: worst, norm: norm))
        }
        if let studyPairs { pairs.append(("worstCrashSetStudy", .object(studyPairs))) }
        let shape = try r["shape"].string(), what = try r["what"].string(), seed = try r["seed"].string()
        let source = try r["inputSource"].string()
        let crashes = r["crashes"].isPresent ? try r["crashes"].integer(in: 0...Int.max) : 0
        try CommandSupport.emit(.object(pairs), args, console: console) {
            var text = shape + "\n"
            text += "\(what): \(counted(stats.configurations, "crash set")) (\(stats.exhaustive ? "all of them" : "sampled, seed \(seed)"))"
            text += " × \(counted(stats.inputs, "input")) (\(source)) = \(counted(stats.runs, "run"))\n\n"
            var table = TextTable(["", "value", "note"])
            let ci = stats.confidenceInterval95.map { "95% CI [\(formatNumber($0.lowerBound)), \(formatNumber($0.upperBound))]" } ?? "every crash set, on these inputs"
            table.add(["Omega_av", formatNumber(stats.omegaAverage), ci])
            table.add(["Omega_mav", formatNumber(stats.omegaMaxAverage), "mean over inputs of the worst crash set"])
            table.add(["Omega_max", formatNumber(stats.omegaMax), "worst crash set and input"])
            table.add(["Omega_std", formatNumber(stats.omegaStd), "over (crash set, input) pairs"])
            let erfNote = !bounds ? "VIOLATED: Omega_max > Erf (a bug, please report)"
                : stats.omegaMax <= erf ? "Omega_max <= Erf: holds"
                : "holds up to Float64 rounding (Omega_max exceeds it by less than the rounding allowance \(formatNumber(allowance(report))))"
            table.add(["Erf", formatNumber(erf), erfNote])
            table.add(["Erf_av", formatNumber(erfAverage), estimatorHolds ? "Omega_av <= Erf_av: the estimator holds" : "Omega_av > Erf_av: the paper's estimator is below the measured average"])
            text += table.rendered + "\n"
            if let placement { text += "\nErf at its worst placement of \(counted(crashes, "crash", plural: "crashes")): per layer \(CommandSupport.list(placement))\n" }
            if let study = studyPairs {
                func value(_ key: String) -> Double? {
                    if case let .number(x)? = study.first(where: { $0.0 == key })?.1 { return x }
                    return nil
                }
                if let certified = value("certifiedBound"), let searched = value("foundDeviation") {
                    // The workload's worst input is a real input of the box too.
                    let found = max(searched, stats.omegaMax)
                    if found <= certified {
                        text += "\nThe worst crash set above, over the whole input box: its worst input lies in "
                        text += "[\(formatNumber(found)), \(CommandSupport.bound(certified))] (found by search, certified by the "
                        text += "fault-set bound; the inputs above saw \(formatNumber(stats.omegaMax)), Erf allows \(formatNumber(erf)))\n"
                    } else {
                        text += "\nThe worst crash set above: " + CommandSupport.bracket(
                            found: found, certified: certified, allowance: value("roundingAllowance") ?? 0, box: "the input box") + ".\n"
                    }
                }
            }
            return text
        }
        if !bounds {
            console.err("internal error: Omega_max = \(stats.omegaMax) exceeds Erf = \(erf): the bound is a theorem, so this is a bug\n")
            return .internalError
        }
        return .success
    }
}

extension OmegaStatistics {
    /// The measured figures as JSON members, with the keys the CLI documents.
    var jsonPairs: [(String, JSONValue)] {
        var pairs: [(String, JSONValue)] = [
            ("configurations", .number(Double(configurations))), ("inputs", .number(Double(inputs))),
            ("runs", .number(Double(runs))), ("exhaustive", .bool(exhaustive)),
            ("omegaAverage", .number(omegaAverage)), ("omegaMaxAverage", .number(omegaMaxAverage)),
            ("omegaMax", .number(omegaMax)), ("omegaStd", .number(omegaStd)),
        ]
        if let ci = confidenceInterval95 {
            pairs.append(("omegaAverageConfidence95", .numbers([ci.lowerBound, ci.upperBound])))
        }
        if let worst = worstFaultSet {
            pairs.append(("worstCrashSet", [
                "neurons": .array(worst.neurons.map { .integers($0) }),
                "synapses": .array(worst.synapses.map { .integers($0) }),
                "input": worstInput.map { .number(Double($0)) } ?? .null,
            ]))
        }
        return pairs
    }
}
