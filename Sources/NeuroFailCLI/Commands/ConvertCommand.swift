import Foundation
import NeuroFailCore
import NeuroFailImport

/// `neurofail convert`: any chip file (ONNX, `.npy` manifest, chip JSON) to `neurofail.chip/1` JSON, with provenance.
enum ConvertCommand: Command {
    static let spec = CommandSpec(
        name: "convert",
        abstract: "Convert an ONNX model or .npy manifest to chip JSON, with its provenance.",
        discussion: """
            The chip file records how each ONNX node was mapped (in its "provenance" field), so the conversion can be \
            checked; 'neurofail predict' shows the chip's outputs to compare with the framework's. ONNX records no \
            input domain: give it with --input-domain (Erf's C_l of ReLU layers are computed over it; default [0,1]). \
            --format manifest writes an .npy manifest instead, its arrays beside it (a chip file back to a manifest, \
            for chips too large for JSON).
            """,
        arguments: [
            .init(name: "in", help: "An ONNX model, a .npy manifest or a chip JSON file."),
            .init(name: "out", help: "The chip JSON file (or, with --format manifest, the manifest) to write (atomically)."),
        ],
        options: [
            .option("input-domain", "lo,hi", "The box the inputs come from, lo < hi (default: the file's, or 0,1 for ONNX)."),
            .option("name", "name", "The chip's name (default: the input file's name)."),
            .option("format", "json|manifest", "json: a chip file (default); manifest: an .npy manifest with its arrays beside it."),
        ],
        usage: "[--input-domain <lo,hi>] [--name <name>] [--format json|manifest]")

    static func run(_ args: ParsedArguments, console: Console) throws -> ExitCode {
        let (source, out) = (args.positionals[0], args.positionals[1])
        let domain = try inputDomain(args)
        let format = args.string("format") ?? "json"
        guard ["json", "manifest"].contains(format) else {
            throw InputError.invalidOption(option: "--format", reason: "expected json or manifest, found '\(format)'")
        }
        // Read once: the source may be a pipe.
        let data = try InputError.readFile(source)
        var chip = try ChipFile.load(data: data, path: source, inputDomain: domain)
        if let domain { chip.inputDomain = domain }
        if let name = args.string("name") { chip.name = name }
        if chip.metadata("provenance") == nil, ChipFile.kind(data: data, path: source) == .json {
            // A manifest's or chip file's own format tag says what was converted.
            let format = try JSONValue.parse(data, file: source)["format"] ?? .null
            chip.metadata.append(("provenance", ["tool": "neurofail convert", "source": .string(source), "format": format]))
        }
        if format == "manifest" {
            try chip.writeNumPyManifest(to: out)
        } else {
            try AtomicFile.write(chip.json.rendered() + "\n", to: out)
        }
        var text = "wrote \(out): \(CommandSupport.shape(chip))\n"
        if case let .array(layers)? = chip.metadata("provenance")?["layers"] {
            for case let .string(line) in layers { text += "  \(line)\n" }
        }
        console.out(text)
        return .success
    }

    /// `--input-domain lo,hi`.
    static func inputDomain(_ args: ParsedArguments) throws(InputError) -> InputDomain? {
        guard let text = args.string("input-domain") else { return nil }
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map {
            Double($0.trimmingCharacters(in: .whitespaces))
        }
        guard parts.count == 2, let lo = parts[0], let hi = parts[1], lo.isFinite, hi.isFinite, lo < hi, (hi - lo).isFinite else {
            throw .invalidOption(option: "--input-domain", reason: "expected lo,hi with finite lo < hi and a finite width hi - lo (e.g. 0,1), found '\(text)'")
        }
        return InputDomain(lower: lo, upper: hi)
    }
}
