import NeuroFailCore

/// An ONNX `TensorProto`: a named constant (an initializer, or the value of a `Constant` node or attribute).
///
/// Values are decoded on demand (``floatingValues(field:)``, ``integerValues(field:)``), so an initializer of a type
/// NeuroFail cannot use (the class labels of a classifier) only matters if the chip needs it. Field numbers are
/// those of onnx.proto: dims 1, data_type 2, float_data 4, int32_data 5, int64_data 7, name 8, raw_data 9,
/// double_data 10, data_location 14.
public struct ONNXTensor: Sendable {
    /// `TensorProto.DataType` values NeuroFail reads.
    public enum DataType {
        /// FLOAT: 32-bit IEEE float.
        public static let float = 1
        /// INT32.
        public static let int32 = 6
        /// INT64.
        public static let int64 = 7
        /// DOUBLE: 64-bit IEEE float.
        public static let double = 11
    }

    /// The tensor's name (empty for an attribute's value).
    public let name: String
    /// Its dimensions, outermost first (empty: a scalar).
    public let dims: [Int]
    /// `TensorProto.DataType`.
    public let dataType: Int
    /// The number of elements, Π dims.
    public let count: Int
    /// Where the values are: still in the file, or given directly (a `Constant` node's `value_float(s)` and
    /// `value_int(s)` attributes).
    enum Storage: Sendable {
        case message(ProtobufMessage)
        case doubles([Double])
        case integers([Int64])
    }
    let storage: Storage

    /// A tensor of the given floating values (DOUBLE), e.g. from `Constant(value_floats=...)`.
    public init(name: String, dims: [Int], doubles: [Double]) {
        self.init(name: name, dims: dims, dataType: DataType.double, storage: .doubles(doubles))
    }

    /// A tensor of the given integers (INT64), e.g. from `Constant(value_ints=...)`.
    public init(name: String, dims: [Int], integers: [Int64]) {
        self.init(name: name, dims: dims, dataType: DataType.int64, storage: .integers(integers))
    }

    private init(name: String, dims: [Int], dataType: Int, storage: Storage) {
        self.name = name
        self.dims = dims
        count = dims.reduce(1, *)
        self.dataType = dataType
        self.storage = storage
    }

    /// Reads the tensor's header from its message; the values stay undecoded.
    public init(_ message: ProtobufMessage) throws(InputError) {
        storage = .message(message)
        name = try message.string(8) ?? ""
        var dims = [Int]()
        var count = 1
        for raw in try message.packedVarints(1) {
            let d = Int64(bitPattern: raw)
            guard d >= 0, d < Int64(Int32.max) else { throw message.invalid(1, "dimension \(d) is out of range") }
            dims.append(Int(d))
            let (product, overflow) = count.multipliedReportingOverflow(by: Int(d))
            guard !overflow, product < 1 << 40 else { throw message.invalid(1, "dimensions \(dims) are too large") }
            count = product
        }
        self.dims = dims
        self.count = count
        dataType = Int(try message.int64(2) ?? 0)
    }

    /// The name of an ONNX data type for messages, e.g. `FLOAT16 (10)`.
    public static func typeName(_ type: Int) -> String {
        let names = [
            0: "UNDEFINED", 1: "FLOAT", 2: "UINT8", 3: "INT8", 4: "UINT16", 5: "INT16", 6: "INT32", 7: "INT64",
            8: "STRING", 9: "BOOL", 10: "FLOAT16", 11: "DOUBLE", 12: "UINT32", 13: "UINT64", 14: "COMPLEX64",
            15: "COMPLEX128", 16: "BFLOAT16",
        ]
        return "\(names[type] ?? "type") (\(type))"
    }

    /// The values of a FLOAT or DOUBLE tensor, row-major, as Doubles (exact). `field` names where the tensor is used,
    /// for errors such as `node 'fc1' (Gemm): input 1 'W': data type FLOAT16 (10) is not supported ...`.
    public func floatingValues(file: String, field: String) throws(InputError) -> [Double] {
        let values: [Double]
        switch (storage, dataType) {
        case let (.doubles(given), _): values = given
        case let (.message(message), DataType.float):
            try checkLocation(message, file: file, field: field)
            var bits = try raw(message, width: 4, file: file, field: field)
            if bits == nil { bits = try message.packedFixed(4, width: 4) }
            values = (bits ?? []).map { Double(Float(bitPattern: UInt32(truncatingIfNeeded: $0))) }
        case let (.message(message), DataType.double):
            try checkLocation(message, file: file, field: field)
            var bits = try raw(message, width: 8, file: file, field: field)
            if bits == nil { bits = try message.packedFixed(10, width: 8) }
            values = (bits ?? []).map { Double(bitPattern: $0) }
        default:
            throw .invalidField(
                file: file, field: field,
                reason: "data type \(Self.typeName(dataType)) is not supported, expected FLOAT (1) or DOUBLE (11); convert the model to float32 or float64")
        }
        try checkCount(values.count, file: file, field: field)
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw .invalidField(file: file, field: field, reason: "element \(bad) is not finite")
        }
        return values
    }

    /// The values of an INT64 or INT32 tensor (shapes, axes), row-major.
    public func integerValues(file: String, field: String) throws(InputError) -> [Int64] {
        guard case let .message(message) = storage else {
            if case let .integers(values) = storage { return values }
            throw .invalidField(file: file, field: field, reason: "expected integers, found floating-point values")
        }
        try checkLocation(message, file: file, field: field)
        let values: [Int64]
        switch dataType {
        case DataType.int64:
            var bits = try raw(message, width: 8, file: file, field: field)
            if bits == nil { bits = try message.packedVarints(7) }
            values = (bits ?? []).map { Int64(bitPattern: $0) }
        case DataType.int32:
            // int32_data holds each value as a (sign-extended) varint, raw_data as 4 little-endian bytes.
            if let bits = try raw(message, width: 4, file: file, field: field) {
                values = bits.map { Int64(Int32(bitPattern: UInt32(truncatingIfNeeded: $0))) }
            } else {
                values = try message.packedVarints(5).map { Int64(Int32(truncatingIfNeeded: Int64(bitPattern: $0))) }
            }
        default:
            throw .invalidField(
                file: file, field: field,
                reason: "data type \(Self.typeName(dataType)) is not supported here, expected INT64 (7) or INT32 (6)")
        }
        try checkCount(values.count, file: file, field: field)
        return values
    }

    private func checkLocation(_ message: ProtobufMessage, file: String, field: String) throws(InputError) {
        if try message.int64(14) == 1 {
            throw .invalidField(
                file: file, field: field,
                reason: "tensor '\(name)' is stored in an external data file, which is not supported; save the model with its weights inside (onnx.save(model, path, save_as_external_data=False))")
        }
    }

    /// raw_data as little-endian words of `width` bytes, or nil when the tensor has no raw_data.
    private func raw(_ message: ProtobufMessage, width: Int, file: String, field: String) throws(InputError) -> [UInt64]? {
        guard let range = try message.bytesRange(9) else { return nil }
        guard range.count == count * width else {
            throw .invalidField(
                file: file, field: field,
                reason: "tensor '\(name)' has \(range.count) bytes of raw_data, its dims \(dims) need \(count * width)")
        }
        var reader = ProtobufReader(bytes: message.bytes, position: range.lowerBound, end: range.upperBound)
        var out = [UInt64]()
        out.reserveCapacity(count)
        while reader.position < reader.end {
            out.append(try reader.little(width, file: file, path: message.path, what: "raw_data"))
        }
        return out
    }

    private func checkCount(_ n: Int, file: String, field: String) throws(InputError) {
        guard n == count else {
            throw .invalidField(
                file: file, field: field, reason: "tensor '\(name)' has \(n) values, its dims \(dims) need \(count)")
        }
    }
}
