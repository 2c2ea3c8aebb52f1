import NeuroFailCore

/// An ONNX `GraphProto`: nodes, initializers (named constants), inputs and outputs. Field numbers of onnx.proto:
/// node 1, name 2, initializer 5, input 11, output 12, sparse_initializer 15.
public struct ONNXGraph: Sendable {
    /// The graph's name.
    public let name: String
    /// The nodes, in file order (ONNX requires a topological order).
    public let nodes: [ONNXNode]
    /// The initializers by name.
    public let initializers: [String: ONNXTensor]
    /// The names of the sparse initializers (not supported; named in errors if used).
    public let sparseInitializers: Set<String>
    /// The declared inputs (older exporters list the initializers here too).
    public let inputs: [ONNXValueInfo]
    /// The declared outputs.
    public let outputs: [ONNXValueInfo]

    /// Reads a `GraphProto` message.
    public init(_ message: ProtobufMessage) throws(InputError) {
        name = try message.string(2) ?? ""
        nodes = try message.messages(1, name: "node").enumerated().map { i, m throws(InputError) in try ONNXNode(m, index: i) }
        var initializers = [String: ONNXTensor]()
        for m in try message.messages(5, name: "initializer") {
            let t = try ONNXTensor(m)
            initializers[t.name] = t
        }
        self.initializers = initializers
        var sparse = Set<String>()
        for m in try message.messages(15, name: "sparse_initializer") {
            // SparseTensorProto.values (1) is a TensorProto whose name is the initializer's.
            if let values = try m.message(1, name: "values") { sparse.insert(try ONNXTensor(values).name) }
        }
        sparseInitializers = sparse
        inputs = try message.messages(11, name: "input").map { m throws(InputError) in try ONNXValueInfo(m) }
        outputs = try message.messages(12, name: "output").map { m throws(InputError) in try ONNXValueInfo(m) }
    }
}
