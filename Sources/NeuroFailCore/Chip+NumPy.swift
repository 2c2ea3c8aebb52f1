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
    /// or `in-out` (a Keras `Dense` kernel or a scikit-learn `coefs_[l]`, transposed on import). `inputDomain` and
    /// per-layer `activation` are as in the chip format; other fields are kept as metadata.
    ///
    /// When the shapes do not chain in the layout used (a bias that does not match a matrix, a matrix that does not
    /// fit the one before), the error names both layouts and the one the shapes fit, if any.
    public static func loadNumPyManifest(path: String) throws(InputError) -> Chip {
        try loadNumPyManifest(json: JSONValue.load(path: path), path: path)
    }

    /// The chip of the manifest `json`, read from `path` (its arrays are found beside it).
    public static func loadNumPyManifest(json: JSONValue, path: String) throws(InputError) -> Chip {
        let root = JSONField(value: json, file: path)
        guard try root["format"].string() == manifestFormatTag else {
            throw root["format"].invalid("expected \"\(manifestFormatTag)\"")
        }
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        let given = root["layout"].isPresent ? try root["layout"].string() : nil
        guard let layout = ManifestLayout(rawValue: given ?? ManifestLayout.outIn.rawValue) else {
            throw root["layout"].invalid("expected \(ManifestLayout.choices), found \"\(given ?? "")\"")
        }
        // Read every array first, so a shape problem can be diagnosed against both layouts.
        struct Entry {
            let weights: JSONField, bias: JSONField
            let matrix: NumPyArray, vector: NumPyArray
        }
        func read(_ field: JSONField) throws(InputError) -> NumPyArray {
            let file = try field.string()
            return try NumPyArray.load(path: base.appendingPathComponent(file).path)
        }
        guard !(try root["layers"].array()).isEmpty else { throw root["layers"].invalid("needs at least one hidden layer") }
        // Every error below names a field the manifest has (or an .npy file): the chip document built from it is
        // checked here first wherever its own decoder would name a field or an index only the built document has.
        var entries = [Entry]()
        for field in try root["layers"].array() + [root["readout"]] {
            guard field.isPresent else { throw field.invalid("missing") }
            try field.rejectUnknownKeys(allowed: field.path == "readout" ? ["weights", "bias"] : ["weights", "bias", "activation"])
            let (w, b) = (field["weights"], field["bias"])
            let matrix = try read(w)
            guard matrix.shape.count == 2 else {
                throw w.invalid("\(try w.string()) has shape \(matrix.shape), expected a 2-D matrix")
            }
            let vector = try read(b)
            guard vector.shape.count <= 2 else {
                throw b.invalid("\(try b.string()) has shape \(vector.shape), expected a vector")
            }
            entries.append(Entry(weights: w, bias: b, matrix: matrix, vector: vector))
        }
        /// The first place the shapes do not chain in `layout`, as (field, reason), or nil when they all do.
        func mismatch(_ layout: ManifestLayout) throws(InputError) -> (JSONField, String)? {
            var previous: (rows: Int, file: String)?
            for e in entries {
                let (rows, cols) = layout.rowsAndColumns(e.matrix.shape)
                let file = try e.weights.string()
                if let previous, cols != previous.rows {
                    return (e.weights, "\(file) has shape \(e.matrix.shape), which as \(layout.rawValue) takes \(cols) inputs, but \(previous.file) gives \(previous.rows)")
                }
                if e.vector.values.count != rows {
                    return (e.bias, "\(try e.bias.string()) has shape \(e.vector.shape), expected \(rows) numbers (one per output of \(file), shape \(e.matrix.shape) read as \(layout.rawValue))")
                }
                previous = (rows, file)
            }
            return nil
        }
        if let (field, reason) = try mismatch(layout) {
            let other = layout == .outIn ? ManifestLayout.inOut : .outIn
            let hint = try mismatch(other) == nil
                ? "the shapes fit \"layout\": \"\(other.rawValue)\" (\(other.frameworks))"
                : "the shapes fit neither layout"
            let stated = given == nil ? "no \"layout\" given, so \(layout.rawValue) was used; " : ""
            throw field.invalid("\(reason); \(stated)\(hint); layouts: \(ManifestLayout.choices)")
        }
        // Build the equivalent chip document, then validate it with the chip decoder so both paths check alike.
        func rows(_ a: NumPyArray) -> JSONValue {
            let (r, c) = layout.rowsAndColumns(a.shape)
            let values = layout.rowMajor(a)
            return .array((0..<r).map { .numbers(values[($0 * c)..<(($0 + 1) * c)]) })
        }
        var layers = [JSONValue]()
        for (field, e) in zip(try root["layers"].array(), entries) {
            var pairs: [(String, JSONValue)] = [("weights", rows(e.matrix)), ("bias", .numbers(e.vector.values))]
            if let a = field["activation"].value { pairs.append(("activation", a)) }
            layers.append(.object(pairs))
        }
        guard let last = entries.last, let first = entries.first else { throw root["readout"].invalid("missing") }
        let readout: JSONValue = ["weights": rows(last.matrix), "bias": .numbers(last.vector.values)]
        let inputs = layout.rowsAndColumns(first.matrix.shape).columns
        guard (1...100_000_000).contains(inputs) else {
            throw first.weights.invalid(
                "\(try first.weights.string()) has shape \(first.matrix.shape), which as \(layout.rawValue) takes \(inputs) inputs; a chip has 1 to 100000000")
        }
        // The inputs come from the first matrix; a manifest may state them too, as a check.
        if root["inputs"].isPresent {
            let stated = try root["inputs"].integer(in: 1...100_000_000)
            guard stated == inputs else {
                throw root["inputs"].invalid(
                    "\(stated), but \(try first.weights.string()) (shape \(first.matrix.shape), \(layout.rawValue)) takes \(inputs)")
            }
        }
        var pairs: [(String, JSONValue)] = [("format", .string(formatTag)), ("inputs", .number(Double(inputs)))]
        if case let .object(given) = json {
            for (k, v) in given where !["format", "layers", "readout", "layout", "inputs"].contains(k) { pairs.append((k, v)) }
        }
        pairs += [("layers", .array(Array(layers))), ("readout", readout)]
        return try decode(.object(pairs), file: path)
    }

    /// Loads a chip file or an `.npy` manifest, whichever `path` holds.
    public static func loadAny(path: String) throws(InputError) -> Chip {
        try loadAny(data: InputError.readFile(path), path: path)
    }

    /// A chip file or an `.npy` manifest from the bytes `data` read from `path`, parsed once (a pipe cannot be read
    /// twice).
    public static func loadAny(data: Data, path: String) throws(InputError) -> Chip {
        let json = try JSONValue.parse(data, file: path)
        if json["format"] == .string(manifestFormatTag) { return try loadNumPyManifest(json: json, path: path) }
        return try decode(json, file: path)
    }
}
