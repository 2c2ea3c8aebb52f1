import Foundation
import NeuroFailCore
import NeuroFailTraining

/// `neurofail train`: trains a chip on labelled images (MNIST IDX or CSV) with NeuroFail's own trainer.
///
/// All the work is in NeuroFailTraining (`Dataset`, `Trainer`); this command reads options, prints one line per
/// epoch, and writes the chip.
enum TrainCommand: Command {
    static let spec = CommandSpec(
        name: "train",
        abstract: "Train a chip on labelled images (MNIST IDX or CSV) and write it with its provenance.",
        discussion: """
            The network is <d> inputs → the --widths hidden layers (--activation, any of the chip format's) → a linear readout with one \
            output per class, trained on softmax cross-entropy. Pixels are divided by --pixel-max into the chip's \
            input domain [0,1]; data whose largest pixel is above --pixel-max, or below half of it (0-16 digits \
            with the default 255), is refused, since it would leave the box or train on a sliver of it. Without --test-data, a --held-out fraction of the images is set aside (split with \
            --seed). The same options give the same chip, byte for byte, on any number of threads. \
            See Docs/training.md; scripts/fetch-data.sh fetches MNIST 5k and Fashion-MNIST into ./data.
            """,
        options: [
            .option("data", "file", "Training images: a .csv or .csv.gz (pixels then label per line) or an IDX image file (.gz or plain)."),
            .option("labels", "file", "The IDX label file of --data (IDX only)."),
            .option("test-data", "file", "Held-out images in the same format (e.g. t10k-images-idx3-ubyte.gz); replaces --held-out."),
            .option("test-labels", "file", "The IDX label file of --test-data."),
            .option("held-out", "fraction", "Fraction of --data held out for evaluation, 0 <= f < 1 (default 0.2; not with --test-data)."),
            .option("classes", "n", "Number of classes (default: the largest label + 1)."),
            .option("dataset-name", "name", "The data set's name in the provenance (default: from the file name)."),
            .option("pixel-max", "v", "Divide pixels by this to bring them into [0,1] (default 255); must fit the data's largest pixel."),
            .flag("downsample", "Average-pool each 2x2 block of pixels (28x28 -> 14x14)."),
            .option("widths", "widths", "Hidden layer widths, e.g. 50,50,50 (default 48)."),
        ] + CommandSupport.activationOptions + [
            .option("optimizer", "name", "adam or sgd (default adam)."),
            .option("learning-rate", "eta", "Step size (default 0.001 for adam, 0.01 for sgd)."),
            .option("momentum", "mu", "Momentum of sgd, 0 <= mu < 1 (default 0.9)."),
            .option("epochs", "n", "Passes over the training images (default 10)."),
            .option("batch-size", "n", "Images per mini-batch (default 32)."),
            .option("dropout", "p", "Probability of switching a hidden neuron off while training, 0 <= p < 1 (default 0)."),
            .option("l2", "lambda", "L2 penalty on the weights (default 0)."),
            .option("seed", "s", "Random seed: initial weights, shuffles, dropout masks, held-out split (default 1)."),
            .option("threads", "n", "Worker threads (default: all cores); never changes the result."),
            .option("name", "name", "The chip's name (default: derived from the data set and shape)."),
            .option("out", "file", "Write the chip here (atomically); default: standard output."),
            .flag("quiet", "Do not print the progress (a line per epoch); the final accuracy is still printed."),
        ],
        usage: "--data <file> [--labels <file>] [--widths <widths>] [--epochs <n>] [--dropout <p>] [--seed <s>] [--out <file>]")

    static func run(_ args: ParsedArguments, console: Console) throws -> ExitCode {
        let configuration = try configuration(args)
        let classes = try args.integer("classes", in: 2...65_536)
        let datasetName = args.string("dataset-name")
        let pixelMax = try args.number("pixel-max", positive: true) ?? 255
        func prepare(_ data: Dataset, path: String, training: Bool) throws(InputError) -> Dataset {
            try checkPixelScale(data, path: path, pixelMax: pixelMax, training: training)
            let scaled = data.scaledToUnitInterval(maximum: Float(pixelMax))
            return args.has("downsample") ? scaled.averagePooled2x2() : scaled
        }
        let dataPath = try args.required("data")
        let all = try prepare(
            try Dataset.load(path: dataPath, labels: args.string("labels"), classes: classes, name: datasetName),
            path: dataPath, training: true)
        if args.has("downsample"), all.height < 2 || all.width < 2 {
            throw InputError.invalidOption(option: "--downsample", reason: "images of \(all.height)x\(all.width) pixels cannot be pooled 2x2")
        }
        let training: Dataset
        let heldOut: Dataset?
        if let testPath = args.string("test-data") {
            if args.string("held-out") != nil {
                throw InputError.invalidOption(option: "--held-out", reason: "give either --held-out or --test-data, not both")
            }
            training = all
            heldOut = try prepare(
                try Dataset.load(path: testPath, labels: args.string("test-labels"), classes: classes ?? all.classes, name: datasetName),
                path: testPath, training: false)
        } else {
            if args.string("test-labels") != nil {
                throw InputError.invalidOption(option: "--test-labels", reason: "needs --test-data")
            }
            let fraction = try args.number("held-out") ?? 0.2
            guard fraction >= 0, fraction < 1 else {
                throw InputError.invalidOption(option: "--held-out", reason: "must be a fraction with 0 <= f < 1, found \(fraction)")
            }
            if fraction > 0 {
                let parts = all.split(heldOutFraction: fraction, seed: configuration.seed)
                (training, heldOut) = (parts.train, parts.heldOut)
            } else {
                (training, heldOut) = (all, nil)
            }
        }

        let out = args.string("out")
        // The chip goes to standard output when there is no --out, so the epoch lines then go to standard error.
        let log: (String) -> Void = out == nil ? { console.err($0 + "\n") } : { console.print($0) }
        if !args.has("quiet") {
            log("training on \(counted(training.count, "image")) of \(counted(training.dimension, "pixel")), \(counted(training.classes, "class", plural: "classes"))"
                + (heldOut.map { "; \($0.count) held out" } ?? ""))
        }
        let result = try Trainer(configuration: configuration).train(training, heldOut: heldOut, name: args.string("name")) { r in
            guard !args.has("quiet") else { return }
            var line = String(format: "epoch %d/%d: loss %.4f, train %.2f%%", r.epoch, configuration.epochs, r.trainLoss, 100 * r.trainAccuracy)
            if let a = r.heldOutAccuracy { line += String(format: ", held-out %.2f%%", 100 * a) }
            log(line + String(format: " (%.2f s)", r.seconds))
        }
        // The result, with or without --quiet (which drops the progress, not the outcome).
        if let last = result.history.last {
            var line = String(format: "trained %d epochs: train accuracy %.2f%%", last.epoch, 100 * last.trainAccuracy)
            if let a = last.heldOutAccuracy { line += String(format: ", held-out %.2f%%", 100 * a) }
            log(line)
        }
        let text = result.chip.json.rendered() + "\n"
        if let out {
            try AtomicFile.write(text, to: out)
            console.print("wrote \(out): \(CommandSupport.shape(result.chip))")
        } else {
            console.out(text)
        }
        return .success
    }

    /// Refuses pixels that do not fit `pixelMax`: any above it would put inputs outside the chip's box [0, 1], where
    /// Erf says nothing; training data whose largest pixel is below half of it would use a sliver of the box (the
    /// 0–16 digits of scikit-learn divided by 255 span [0, 0.063] and train to about 30 %), which is never what was
    /// meant. Held-out data may be darker than the training data, so only the upper limit applies to it.
    static func checkPixelScale(_ data: Dataset, path: String, pixelMax: Double, training: Bool) throws(InputError) {
        guard let largest = data.images.max() else { return }
        let top = JSONValue.format(Double(largest))
        let limit = JSONValue.format(pixelMax)
        if Double(largest) > pixelMax {
            throw .invalidOption(
                option: "--pixel-max",
                reason: "\(path) has pixels up to \(top), above --pixel-max \(limit) (inputs would leave [0,1]); pass --pixel-max \(top)")
        }
        if training, Double(largest) < pixelMax / 2 {
            throw .invalidOption(
                option: "--pixel-max",
                reason: "\(path) has pixels up to \(top) only, far below --pixel-max \(limit) (inputs would fill [0, \(formatNumber(Double(largest) / pixelMax))] of [0,1]); pass --pixel-max \(top)")
        }
    }

    /// The trainer's configuration from the options, checked.
    static func configuration(_ args: ParsedArguments) throws(InputError) -> TrainingConfiguration {
        let widths = try args.counts("widths") ?? [48]
        guard !widths.isEmpty, widths.allSatisfy({ $0 > 0 }) else {
            throw .invalidOption(option: "--widths", reason: "every width must be >= 1")
        }
        let optimizer: TrainingConfiguration.Optimizer
        switch args.string("optimizer") ?? "adam" {
        case "adam":
            if args.string("momentum") != nil {
                throw .invalidOption(option: "--momentum", reason: "applies to --optimizer sgd only")
            }
            optimizer = .adam
        case "sgd": optimizer = .sgd(momentum: try args.number("momentum") ?? 0.9)
        case let other: throw .invalidOption(option: "--optimizer", reason: "expected adam or sgd, found '\(other)'")
        }
        let configuration = TrainingConfiguration(
            widths: widths,
            activation: try CommandSupport.activation(args),
            optimizer: optimizer,
            learningRate: try args.number("learning-rate", positive: true) ?? (optimizer.name == "adam" ? 0.001 : 0.01),
            epochs: try args.integer("epochs", in: 1...1_000_000) ?? 10,
            batchSize: try args.integer("batch-size", in: 1...1_000_000) ?? 32,
            dropout: try args.number("dropout") ?? 0,
            l2: try args.number("l2") ?? 0,
            seed: try args.seed() ?? 1,
            threads: try args.integer("threads", in: 1...1024))
        if let problem = configuration.problem { throw problem }
        return configuration
    }
}
