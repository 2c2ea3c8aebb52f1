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
    /// A hidden layer may be sparse, in SciPy `csr_matrix`'s arrays (N_l rows, one column per input unit):
    /// `{"type": "sparse", "indptr": "w1_indptr.npy", "indices": "w1_indices.npy", "weights": "w1_data.npy",
    /// "bias": "b1.npy"}`, integer `indptr` (N_l + 1 row pointers) and `indices` (each row's sources, sorted, no
    /// duplicates), float `weights` (one per synapse); its input count is the layer before's width, or the manifest's
    /// `inputs` for a first layer. Sparse layers are built straight from the arrays (never as JSON), so a chip of 10⁸
    /// synapses loads in about the arrays' own memory.
    ///
    /// When the shapes do not chain in the layout used (a bias that does not match a matrix, a matrix that does not
    /// fit the one before), the error names both layouts and the one the shapes fit, if any.
    public static func loadNumPyManifest(path: String) throws(InputError) -> Chip {
        try loadNumPyManifest(json: JSONValue.load(path: path), path: path)
    }

    /// One layer of a manifest, its arrays read.
    private enum ManifestEntry {
        /// A dense matrix (in the manifest's layout) and its bias.
        case dense(weights: JSONField, matrix: NumPyArray, bias: JSONField, vector: NumPyArray)
        /// A sparse layer's CSR arrays and its bias.
        case sparse(layer: JSONField, rowStart: [Int], sources: [Int32], values: [Double], bias: [Double])

        /// The layer's weights field, named in errors about its shape.
        var weightsField: JSONField {
            switch self {
            case let .dense(w, _, _, _): return w
            case let .sparse(layer, _, _, _, _): return layer["weights"]
            }
        }
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
        func location(_ field: JSONField) throws(InputError) -> String {
            base.appendingPathComponent(try field.string()).path
        }
        func read(_ field: JSONField) throws(InputError) -> NumPyArray {
            try NumPyArray.load(path: location(field))
        }
        guard !(try root["layers"].array()).isEmpty else { throw root["layers"].invalid("needs at least one hidden layer") }
        // Read every array first, so a shape problem can be diagnosed against both layouts. Every error below names
        // a field the manifest has (or an .npy file): what the chip decoder would check on a document is checked
        // here first wherever its error would name a field only the built document has.
        var entries = [ManifestEntry]()
        for field in try root["layers"].array() + [root["readout"]] {
            guard field.isPresent else { throw field.invalid("missing") }
            let isReadout = field.path == "readout"
            if !isReadout, field["type"].isPresent, try field["type"].string() == LayerType.sparse.rawValue {
                entries.append(try readSparse(field, location: location))
                continue
            }
            try field.rejectUnknownKeys(allowed: isReadout ? ["weights", "bias"] : ["weights", "bias", "activation"])
            let (w, b) = (field["weights"], field["bias"])
            let matrix = try read(w)
            guard matrix.shape.count == 2 else {
                throw w.invalid("\(try w.string()) has shape \(matrix.shape), expected a 2-D matrix")
            }
            let vector = try read(b)
            guard vector.shape.count <= 2 else {
                throw b.invalid("\(try b.string()) has shape \(vector.shape), expected a vector")
            }
            entries.append(.dense(weights: w, matrix: matrix, bias: b, vector: vector))
        }
        /// The first place the dense shapes do not chain in `layout`, as (field, reason), or nil when they all do.
        func mismatch(_ layout: ManifestLayout) throws(InputError) -> (JSONField, String)? {
            var previous: (rows: Int, file: String)?
            for entry in entries {
                guard case let .dense(weights, matrix, bias, vector) = entry else {
                    if case let .sparse(layer, rowStart, _, _, _) = entry { previous = (rowStart.count - 1, try layer["indptr"].string()) }
                    continue
                }
                let (rows, cols) = layout.rowsAndColumns(matrix.shape)
                let file = try weights.string()
                if let previous, cols != previous.rows {
                    return (weights, "\(file) has shape \(matrix.shape), which as \(layout.rawValue) takes \(cols) inputs, but \(previous.file) gives \(previous.rows)")
                }
                if vector.values.count != rows {
                    return (bias, "\(try bias.string()) has shape \(vector.shape), expected \(rows) numbers (one per output of \(file), shape \(matrix.shape) read as \(layout.rawValue))")
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
        guard let first = entries.first else { throw root["readout"].invalid("missing") }
        let inputs: Int
        switch first {
        case let .dense(weights, matrix, _, _):
            inputs = layout.rowsAndColumns(matrix.shape).columns
            guard (1...100_000_000).contains(inputs) else {
                throw weights.invalid(
                    "\(try weights.string()) has shape \(matrix.shape), which as \(layout.rawValue) takes \(inputs) inputs; a chip has 1 to 100000000")
            }
            // The inputs come from the first matrix; a manifest may state them too, as a check.
            if root["inputs"].isPresent {
                let stated = try root["inputs"].integer(in: 1...100_000_000)
                guard stated == inputs else {
                    throw root["inputs"].invalid(
                        "\(stated), but \(try weights.string()) (shape \(matrix.shape), \(layout.rawValue)) takes \(inputs)")
                }
            }
        case .sparse:
            guard root["inputs"].isPresent else {
                throw root["inputs"].invalid("missing: layers[0] is sparse, so the manifest must give the chip's number of inputs (its indices do not say it)")
            }
            inputs = try root["inputs"].integer(in: 1...100_000_000)
        }
        // The layers are built from the arrays here, not as a JSON document (10⁸ numbers would not fit one); the
        // chip decoder reads the rest (name, activations, input domain) from a document whose layers are placeholders.
        var builders = [LayerBuilder]()
        for entry in entries {
            switch entry {
            case let .dense(weights, matrix, _, vector):
                builders.append { width, activation in
                    Result { () throws(InputError) -> Layer in
                        let (rows, cols) = layout.rowsAndColumns(matrix.shape)
                        guard rows > 0 else { throw weights.invalid("has no rows: a layer needs at least one neuron") }
                        guard cols == width else {
                            throw weights.invalid("\(try weights.string()) takes \(cols) inputs, but the layer before gives \(width)")
                        }
                        return Layer(inputs: cols, outputs: rows, weights: layout.rowMajor(matrix), bias: vector.values, activation: activation)
                    }
                }
            case let .sparse(layer, rowStart, sources, values, bias):
                builders.append { width, activation in
                    Result { () throws(InputError) -> Layer in
                        try sparseLayer(
                            layer, inputs: width, rowStart: rowStart, sources: sources, values: values, bias: bias,
                            activation: activation)
                    }
                }
            }
        }
        var layers = [JSONValue]()
        for field in try root["layers"].array() {
            layers.append(field["activation"].value.map { ["activation": $0] } ?? .object([]))
        }
        var pairs: [(String, JSONValue)] = [("format", .string(formatTag)), ("inputs", .number(Double(inputs)))]
        if case let .object(given) = json {
            for (k, v) in given where !["format", "layers", "readout", "layout", "inputs"].contains(k) { pairs.append((k, v)) }
        }
        pairs += [("layers", .array(layers)), ("readout", .object([]))]
        return try decode(.object(pairs), file: path, builders: builders)
    }

    /// Reads a sparse manifest layer's arrays; each error names the field and its `.npy` file.
    private static func readSparse(_ field: JSONField, location: (JSONField) throws(InputError) -> String) throws(InputError)
        -> ManifestEntry
    {
        try field.rejectUnknownKeys(allowed: ["type", "indptr", "indices", "weights", "bias", "activation"])
        for key in ["indptr", "indices", "weights", "bias"] where !field[key].isPresent {
            throw field[key].invalid("missing: a sparse layer names its \(key) .npy file (SciPy csr_matrix's indptr, indices and data, and a bias)")
        }
        /// Runs `read` on the file `f` names, its errors named by `f` and the file.
        func named<T>(_ f: JSONField, _ read: (String) throws(InputError) -> T) throws(InputError) -> T {
            let file = try f.string()
            do {
                return try read(try location(f))
            } catch {
                switch error {
                case let .malformed(_, place, reason): throw f.invalid("\(file): \(place): \(reason)")
                case let .unreadable(_, reason): throw f.invalid("\(file): \(reason)")
                default: throw error
                }
            }
        }
        func vector<T>(_ f: JSONField, _ shape: [Int], _ values: T) throws(InputError) -> T {
            guard shape.count == 1 else { throw f.invalid("\(try f.string()) has shape \(shape), expected a vector") }
            return values
        }
        let (p, i, w, b) = (field["indptr"], field["indices"], field["weights"], field["bias"])
        let rowStart = try named(p) { (path: String) throws(InputError) in
            let a = try NumPyArray.loadIntegers(path: path, as: Int.self)
            return try vector(p, a.shape, a.values)
        }
        guard rowStart.count >= 2 else {
            throw p.invalid("\(try p.string()) has \(rowStart.count) entries: a layer needs at least one neuron (indptr holds one entry per neuron, plus one)")
        }
        let sources = try named(i) { (path: String) throws(InputError) in
            let a = try NumPyArray.loadIntegers(path: path, as: Int32.self)
            return try vector(i, a.shape, a.values)
        }
        let values = try named(w) { (path: String) throws(InputError) in
            let a = try NumPyArray.load(path: path)
            return try vector(w, a.shape, a.values)
        }
        guard values.count == sources.count else {
            throw w.invalid("\(try w.string()) has \(values.count) numbers, but \(try i.string()) has \(sources.count) indices (one weight per synapse)")
        }
        let bias = try named(b) { (path: String) throws(InputError) in
            let a = try NumPyArray.load(path: path)
            return try vector(b, a.shape, a.values)
        }
        guard bias.count == rowStart.count - 1 else {
            throw b.invalid("\(try b.string()) has \(bias.count) numbers, expected \(rowStart.count - 1) (one per neuron: \(try p.string()) has \(rowStart.count) entries)")
        }
        return .sparse(layer: field, rowStart: rowStart, sources: sources, values: values, bias: bias)
    }

    /// The sparse layer of a manifest, fed by `inputs` units; what is wrong with its arrays names `indptr` or
    /// `indices` and the file.
    private static func sparseLayer(
        _ field: JSONField, inputs: Int, rowStart: [Int], sources: [Int32], values: [Double], bias: [Double],
        activation: Activation?
    ) throws(InputError) -> Layer {
        let outputs = rowStart.count - 1
        if let problem = SparseConnectivity.problem(inputs: inputs, outputs: outputs, rowStart: rowStart, sources: sources) {
            // The row pointers' own faults name indptr; a source out of range or out of order names indices.
            let key = problem.hasPrefix("the row pointers") ? "indptr" : "indices"
            throw field[key].invalid("\(try field[key].string()): \(problem)")
        }
        let c = SparseConnectivity(inputs: inputs, outputs: outputs, rowStart: rowStart, sources: sources)
        return Layer(sparse: c, weights: values, bias: bias, activation: activation)
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
