import Foundation

/// Builds ONNX model bytes for tests with ``ProtobufWriter``, using onnx.proto's field numbers (ModelProto: ir_version
/// 1, producer_name 2, graph 7, opset_import 8; GraphProto: node 1, name 2, initializer 5, input 11, output 12;
/// NodeProto: input 1, output 2, name 3, op_type 4, attribute 5; AttributeProto: name 1, f 2, i 3, s 4, t 5, ints 8,
/// type 20;
/// TensorProto: dims 1, data_type 2, float_data 4, name 8, raw_data 9, data_location 14; ValueInfoProto: name 1,
/// type 2 → tensor_type 1 → elem_type 1, shape 2 → dim 1 → dim_value 1 | dim_param 2).
enum ONNXBuilder {
    /// A dimension of a graph input or output.
    enum Dim {
        case fixed(Int)
        case named(String)
    }

    /// An attribute value.
    enum Attribute {
        case int(String, Int64)
        case float(String, Float)
        case tensor(String, [UInt8])
        case ints(String, [Int64])
        case string(String, String)
    }

    /// A FLOAT tensor (raw_data when `raw`, else float_data), or of another `type` with raw bytes given.
    static func tensor(_ name: String, _ dims: [Int], _ values: [Float], raw: Bool = true) -> [UInt8] {
        var w = ProtobufWriter()
        w.packedVarints(1, dims.map { UInt64($0) })
        w.varint(2, 1)
        if raw {
            w.bytes(9, values.flatMap { v in (0..<4).map { UInt8((v.bitPattern >> (8 * $0)) & 0xFF) } })
        } else {
            w.packedFloats(4, values)
        }
        w.string(8, name)
        return w.bytes
    }

    /// A tensor of data type `type` with `raw` bytes, for unsupported types.
    static func rawTensor(_ name: String, _ dims: [Int], type: UInt64, raw: [UInt8], external: Bool = false) -> [UInt8] {
        var w = ProtobufWriter()
        w.packedVarints(1, dims.map { UInt64($0) })
        w.varint(2, type)
        w.bytes(9, raw)
        w.string(8, name)
        if external { w.varint(14, 1) }
        return w.bytes
    }

    /// An INT64 tensor in int64_data (field 7, packed).
    static func int64Tensor(_ name: String, _ values: [Int64]) -> [UInt8] {
        var w = ProtobufWriter()
        w.packedVarints(1, [UInt64(values.count)])
        w.varint(2, 7)
        w.packedVarints(7, values.map { UInt64(bitPattern: $0) })
        w.string(8, name)
        return w.bytes
    }

    static func node(_ op: String, _ name: String, _ inputs: [String], _ outputs: [String], _ attributes: [Attribute] = []) -> [UInt8] {
        var w = ProtobufWriter()
        for i in inputs { w.string(1, i) }
        for o in outputs { w.string(2, o) }
        w.string(3, name)
        w.string(4, op)
        for a in attributes {
            w.message(5) { m in
                switch a {
                case let .int(n, v):
                    m.string(1, n)
                    m.int(3, v)
                    m.varint(20, 2)
                case let .float(n, v):
                    m.string(1, n)
                    m.float(2, v)
                    m.varint(20, 1)
                case let .tensor(n, t):
                    m.string(1, n)
                    m.bytes(5, t)
                    m.varint(20, 4)
                case let .ints(n, v):
                    m.string(1, n)
                    m.packedVarints(8, v.map { UInt64(bitPattern: $0) })
                    m.varint(20, 7)
                case let .string(n, v):
                    m.string(1, n)
                    m.string(4, v)
                    m.varint(20, 3)
                }
            }
        }
        return w.bytes
    }

    static func value(_ name: String, _ dims: [Dim], type: UInt64 = 1) -> [UInt8] {
        var w = ProtobufWriter()
        w.string(1, name)
        w.message(2) { t in
            t.message(1) { tensor in
                tensor.varint(1, type)
                tensor.message(2) { shape in
                    for d in dims {
                        shape.message(1) { dim in
                            switch d {
                            case let .fixed(n): dim.varint(1, UInt64(n))
                            case let .named(s): dim.string(2, s)
                            }
                        }
                    }
                }
            }
        }
        return w.bytes
    }

    /// A model of one graph at `opset`.
    static func model(
        nodes: [[UInt8]], initializers: [[UInt8]], inputs: [[UInt8]], outputs: [[UInt8]], opset: UInt64 = 13
    ) -> [UInt8] {
        var w = ProtobufWriter()
        w.varint(1, 8)
        w.string(2, "test-builder")
        w.message(7) { g in
            for n in nodes { g.bytes(1, n) }
            g.string(2, "test")
            for t in initializers { g.bytes(5, t) }
            for i in inputs { g.bytes(11, i) }
            for o in outputs { g.bytes(12, o) }
        }
        w.message(8) { o in
            o.string(1, "")
            o.varint(2, opset)
        }
        return w.bytes
    }
}
