import Foundation

extension Chip {
    /// Writes the chip as an `.npy` manifest at `path` with its arrays beside it, all or nothing
    /// (``AtomicFile/write(group:)``): dense layers as 2-D float64 `out-in` matrices, sparse layers as SciPy
    /// `csr_matrix` arrays (`indptr` int64, `indices` int32, `data` float64), biases as float64 vectors. The arrays
    /// are named after the manifest (`chip.json` → `chip.layer1.indptr.npy`, …, `chip.readout.weights.npy`), so
    /// two chips can share a folder. ``loadNumPyManifest(path:)`` reads back an equal chip.
    ///
    /// - Throws: ``InputError`` for a convolutional layer (a manifest has no convolutions: write a chip file) or a
    ///   path that cannot be written; nothing is written then.
    public func writeNumPyManifest(to path: String) throws(InputError) {
        let stem = PathName.name(path).hasSuffix(".json") ? String(PathName.name(path).dropLast(5)) : PathName.name(path)
        let folder = PathName.parent(path)
        func beside(_ name: String) -> String { folder.isEmpty ? name : PathName.joined(folder, name) }
        var files = [(path: String, contents: () -> Data)]()
        /// Adds an array file, returning its name for the manifest.
        func array(_ name: String, _ contents: @escaping () -> Data) -> JSONValue {
            let file = "\(stem).\(name).npy"
            files.append((beside(file), contents))
            return .string(file)
        }
        func vector(_ values: [Double]) -> () -> Data {
            { values.withUnsafeBytes { NumPyHeader.file(code: "f8", shape: [values.count], body: $0) } }
        }
        let common = hidden[0].activation
        var layers = [JSONValue]()
        for (l, layer) in hidden.enumerated() {
            var pairs = [(String, JSONValue)]()
            let prefix = "layer\(l + 1)"
            switch layer.connectivity {
            case .convolution:
                throw .unreadable(
                    file: path, reason: "layer \(l + 1) is a convolution, which an .npy manifest cannot hold; write a chip file instead")
            case let .sparse(c):
                let rowStart = c.rowStart.map { Int64($0) }
                pairs.append(("type", .string(LayerType.sparse.rawValue)))
                pairs.append(("indptr", array("\(prefix).indptr") {
                    rowStart.withUnsafeBytes { NumPyHeader.file(code: "i8", shape: [rowStart.count], body: $0) }
                }))
                pairs.append(("indices", array("\(prefix).indices") {
                    c.sources.withUnsafeBytes { NumPyHeader.file(code: "i4", shape: [c.sources.count], body: $0) }
                }))
                pairs.append(("weights", array("\(prefix).data", vector(layer.weights))))
            case .dense:
                pairs.append(("weights", array("\(prefix).weights", Self.matrix(layer))))
            }
            pairs.append(("bias", array("\(prefix).bias", vector(layer.bias))))
            if layer.activation != common, let a = layer.activation { pairs.append(("activation", Chip.activationJSON(a))) }
            layers.append(.object(pairs))
        }
        let readoutJSON: JSONValue = [
            "weights": array("readout.weights", Self.matrix(readout)), "bias": array("readout.bias", vector(readout.bias)),
        ]
        var pairs: [(String, JSONValue)] = [
            ("format", .string(Chip.manifestFormatTag)),
            ("name", .string(name)),
            ("inputs", .number(Double(inputCount))),
            ("inputDomain", ["lower": .number(inputDomain.lower), "upper": .number(inputDomain.upper)]),
        ]
        if let common { pairs.append(("activation", Chip.activationJSON(common))) }
        pairs += [("layout", .string(ManifestLayout.outIn.rawValue)), ("layers", .array(layers)), ("readout", readoutJSON)]
        if let outputTransform { pairs.append(("outputTransform", .string(outputTransform.rawValue))) }
        // Metadata under a manifest key would be read back as that key: it is left out rather than misread.
        pairs += metadata.filter { !["layout", "layers", "readout", "inputs", "format"].contains($0.0) }
        let manifest = JSONValue.object(pairs).rendered() + "\n"
        files.append((path, { Data(manifest.utf8) }))
        try AtomicFile.write(group: files)
    }

    /// A dense layer's weights as a 2-D float64 `out-in` `.npy` file.
    private static func matrix(_ layer: Layer) -> () -> Data {
        { layer.weights.withUnsafeBytes { NumPyHeader.file(code: "f8", shape: [layer.outputs, layer.inputs], body: $0) } }
    }
}
