import Foundation

extension Chip {
    /// The format tag of a manifest that assembles a chip from NumPy `.npy` matrices.
    public static let manifestFormatTag = "neurofail.npy-manifest/1"

    /// Builds a chip from a manifest naming one `.npy` file per matrix (paths relative to the manifest):
    ///
    /// ```json
    /// {"format": "neurofail.npy-manifest/1", "name": "mnist-48",
    ///  "activation": {"function": "relu", "lipschitz": 1},
    ///  "layout": "out-in",
    ///  "layers": [{"weights": "w1.npy", "bias": "b1.npy"}],
    ///  "readout": {"weights": "w2.npy", "bias": "b2.npy"}}
    /// ```
    ///
    /// `layout` is `out-in` (PyTorch `nn.Linear.weight`, N_l × N_(l−1): the chip format's own order, the default)
    /// or `in-out` (a Keras `Dense` kernel, transposed on import). `inputDomain` and per-layer `activation` are as in
    /// the chip format; other fields are kept as metadata.
    public static func loadNumPyManifest(path: String) throws(InputError) -> Chip {
        let json = try JSONValue.load(path: path)
        let root = JSONField(value: json, file: path)
        guard try root["format"].string() == manifestFormatTag else {
            throw root["format"].invalid("expected \"\(manifestFormatTag)\"")
        }
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        let layout = root["layout"].isPresent ? try root["layout"].string() : "out-in"
        guard layout == "out-in" || layout == "in-out" else {
            throw root["layout"].invalid("expected \"out-in\" (PyTorch) or \"in-out\" (Keras), found \"\(layout)\"")
        }
        func matrix(_ field: JSONField) throws(InputError) -> (rows: Int, cols: Int, values: [Double]) {
            let file = try field.string()
            let a = try NumPyArray.load(path: base.appendingPathComponent(file).path)
            guard a.shape.count == 2 else {
                throw field.invalid("\(file) has shape \(a.shape), expected a 2-D matrix")
            }
            if layout == "out-in" { return (a.shape[0], a.shape[1], a.values) }
            let (r, c) = (a.shape[0], a.shape[1])
            return (c, r, (0..<(r * c)).map { k in a.values[(k % r) * c + k / r] })
        }
        func vector(_ field: JSONField, count: Int) throws(InputError) -> [Double] {
            let file = try field.string()
            let a = try NumPyArray.load(path: base.appendingPathComponent(file).path)
            guard a.values.count == count, a.shape.count <= 2 else {
                throw field.invalid("\(file) has shape \(a.shape), expected \(count) numbers")
            }
            return a.values
        }
        // Build the equivalent chip document, then validate it with the chip decoder so both paths check alike.
        var layers = [JSONValue]()
        var inputs: Int?
        for field in try root["layers"].array() {
            let w = try matrix(field["weights"])
            if inputs == nil { inputs = w.cols }
            var pairs: [(String, JSONValue)] = [
                ("weights", .array((0..<w.rows).map { .numbers(w.values[($0 * w.cols)..<(($0 + 1) * w.cols)]) })),
                ("bias", .numbers(try vector(field["bias"], count: w.rows))),
            ]
            if let a = field["activation"].value { pairs.append(("activation", a)) }
            layers.append(.object(pairs))
        }
        let r = try matrix(root["readout"]["weights"])
        let readout: JSONValue = [
            "weights": .array((0..<r.rows).map { .numbers(r.values[($0 * r.cols)..<(($0 + 1) * r.cols)]) }),
            "bias": .numbers(try vector(root["readout"]["bias"], count: r.rows)),
        ]
        var pairs: [(String, JSONValue)] = [("format", .string(formatTag)), ("inputs", .number(Double(inputs ?? 0)))]
        if case let .object(given) = json {
            for (k, v) in given where !["format", "layers", "readout", "layout"].contains(k) { pairs.append((k, v)) }
        }
        pairs += [("layers", .array(layers)), ("readout", readout)]
        return try decode(.object(pairs), file: path)
    }

    /// Loads a chip file or an `.npy` manifest, whichever `path` holds.
    public static func loadAny(path: String) throws(InputError) -> Chip {
        let json = try JSONValue.load(path: path)
        if json["format"] == .string(manifestFormatTag) { return try loadNumPyManifest(path: path) }
        return try decode(json, file: path)
    }
}
