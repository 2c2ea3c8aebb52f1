import NeuroFailCore

/// An ONNX `AttributeProto`: a named parameter of a node. Field numbers of onnx.proto: name 1, f 2, i 3, s 4, t 5,
/// floats 7, ints 8, type 20.
public struct ONNXAttribute: Sendable {
    /// The attribute's name, e.g. `transB`.
    public let name: String
    /// `AttributeProto.AttributeType`: 1 FLOAT, 2 INT, 3 STRING, 4 TENSOR, 6 FLOATS, 7 INTS, … (0 if absent).
    public let type: Int
    /// The float value (type FLOAT).
    public let float: Float?
    /// The integer value (type INT).
    public let int: Int64?
    /// The string value (type STRING, UTF-8), e.g. `auto_pad`'s `SAME_UPPER`.
    public let string: String?
    /// The tensor value (type TENSOR).
    public let tensor: ONNXTensor?
    /// The float list (type FLOATS).
    public let floats: [Float]
    /// The integer list (type INTS).
    public let ints: [Int64]

    /// Reads an `AttributeProto` message.
    public init(_ message: ProtobufMessage) throws(InputError) {
        name = try message.string(1) ?? ""
        type = Int(try message.int64(20) ?? 0)
        float = try message.float(2)
        int = try message.int64(3)
        string = try message.string(4)
        tensor = try message.message(5, name: "t").map { m throws(InputError) in try ONNXTensor(m) }
        floats = try message.packedFixed(7, width: 4).map { Float(bitPattern: UInt32(truncatingIfNeeded: $0)) }
        ints = try message.packedVarints(8).map { Int64(bitPattern: $0) }
    }
}
