import NeuroFailCore

/// An ONNX `NodeProto`: one operator application. Field numbers of onnx.proto: input 1, output 2, name 3,
/// op_type 4, attribute 5, domain 7.
public struct ONNXNode: Sendable {
    /// The operator, e.g. `Gemm`.
    public let opType: String
    /// The node's name (may be empty).
    public let name: String
    /// The operator set domain (empty: the default `ai.onnx`).
    public let domain: String
    /// Names of the input values (an empty name marks an omitted optional input).
    public let inputs: [String]
    /// Names of the output values.
    public let outputs: [String]
    /// The attributes, in file order.
    public let attributes: [ONNXAttribute]
    /// The node's position in the graph (0-based), for nodes without a name.
    public let index: Int

    /// Reads a `NodeProto` message, the `index`-th node of its graph.
    public init(_ message: ProtobufMessage, index: Int) throws(InputError) {
        self.index = index
        opType = try message.string(4) ?? ""
        name = try message.string(3) ?? ""
        domain = try message.string(7) ?? ""
        inputs = try message.strings(1)
        outputs = try message.strings(2)
        attributes = try message.messages(5, name: "attribute").map { m throws(InputError) in try ONNXAttribute(m) }
    }

    /// How errors name the node: `node 'fc1' (Gemm)`, or `node #3 (Gemm)` when it has no name.
    public var label: String { name.isEmpty ? "node #\(index) (\(opType))" : "node '\(name)' (\(opType))" }

    /// The attribute called `name`, if present.
    public func attribute(_ name: String) -> ONNXAttribute? { attributes.last { $0.name == name } }
}
