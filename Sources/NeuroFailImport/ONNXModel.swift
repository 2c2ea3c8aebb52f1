import NeuroFailCore

/// An ONNX `ModelProto`, read with NeuroFail's own protobuf reader (no dependencies): the graph and what produced it.
/// Field numbers of onnx.proto: ir_version 1, producer_name 2, producer_version 3, graph 7, opset_import 8
/// (OperatorSetIdProto: domain 1, version 2).
public struct ONNXModel: Sendable {
    /// The IR version of the file format.
    public let irVersion: Int64
    /// The exporter, e.g. `skl2onnx`, `pytorch`, `tf2onnx`.
    public let producerName: String
    /// Its version.
    public let producerVersion: String
    /// The operator sets used: domain (empty for the default `ai.onnx`) → version.
    public let opsets: [String: Int64]
    /// The model's graph.
    public let graph: ONNXGraph

    /// Reads and parses an `.onnx` file.
    ///
    /// - Throws: ``InputError`` naming the file: unreadable, truncated or corrupt wire data (with the message path and
    ///   byte offset), or no graph (not an ONNX model).
    public static func load(path: String) throws(InputError) -> ONNXModel {
        try ONNXModel(bytes: [UInt8](try InputError.readFile(path)), file: path)
    }

    /// Parses the bytes of an `.onnx` file; `file` names it in errors.
    public init(bytes: [UInt8], file: String) throws(InputError) {
        guard !bytes.isEmpty else { throw .malformed(file: file, location: "byte 0", reason: "empty file, not an ONNX model") }
        let root = try ProtobufMessage(bytes: bytes, file: file)
        guard let graph = try root.message(7, name: "graph") else {
            throw .malformed(file: file, location: "byte 0", reason: "no graph (ModelProto field 7): not an ONNX model")
        }
        irVersion = try root.int64(1) ?? 0
        producerName = try root.string(2) ?? ""
        producerVersion = try root.string(3) ?? ""
        var opsets = [String: Int64]()
        for m in try root.messages(8, name: "opset_import") {
            opsets[try m.string(1) ?? ""] = try m.int64(2) ?? 0
        }
        self.opsets = opsets
        self.graph = try ONNXGraph(graph)
    }

    /// The version of the default operator set (`ai.onnx`), which fixes attribute defaults such as Softmax's axis.
    public var defaultOpset: Int64 { opsets[""] ?? opsets["ai.onnx"] ?? 1 }
}
