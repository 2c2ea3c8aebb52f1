import NeuroFailCore

/// An ONNX `ValueInfoProto` of a graph input or output: its name, element type and shape, when it is a tensor.
/// Field numbers of onnx.proto: name 1, type 2; TypeProto.tensor_type 1; Tensor.elem_type 1, shape 2;
/// TensorShapeProto.dim 1; Dimension.dim_value 1, dim_param 2.
public struct ONNXValueInfo: Sendable {
    /// One dimension of a shape.
    public enum Dimension: Sendable, Hashable, CustomStringConvertible {
        /// A fixed size.
        case fixed(Int)
        /// A named size fixed at run time (`dim_param`, e.g. `batch_size`).
        case symbolic(String)
        /// Unknown (neither given).
        case unknown

        /// `28`, `'batch'` or `?`, for messages.
        public var description: String {
            switch self {
            case let .fixed(n): return "\(n)"
            case let .symbolic(s): return "'\(s)'"
            case .unknown: return "?"
            }
        }
    }

    /// The value's name.
    public let name: String
    /// The tensor element type (`TensorProto.DataType`), nil when the value is not a tensor (a sequence, a map).
    public let elementType: Int?
    /// The shape, nil when none is given.
    public let shape: [Dimension]?

    /// Reads a `ValueInfoProto` message.
    public init(_ message: ProtobufMessage) throws(InputError) {
        name = try message.string(1) ?? ""
        guard let tensor = try message.message(2, name: "type")?.message(1, name: "tensor_type") else {
            elementType = nil
            shape = nil
            return
        }
        elementType = Int(try tensor.int64(1) ?? 0)
        guard let shapeMessage = try tensor.message(2, name: "shape") else {
            shape = nil
            return
        }
        var dims = [Dimension]()
        for dim in try shapeMessage.messages(1, name: "dim") {
            if let v = try dim.int64(1) {
                guard v >= 0, v < Int64(Int32.max) else { throw dim.invalid(1, "dimension \(v) is out of range") }
                dims.append(.fixed(Int(v)))
            } else if let p = try dim.string(2) {
                dims.append(.symbolic(p))
            } else {
                dims.append(.unknown)
            }
        }
        shape = dims
    }
}
