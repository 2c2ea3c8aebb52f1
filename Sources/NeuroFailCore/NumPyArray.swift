import Foundation

/// A numeric array read from a NumPy `.npy` file (format versions 1.0, 2.0 and 3.0): its shape and its values as
/// `Double`, in C (row-major) order whatever the file's order.
///
/// Supported element types: little- and big-endian float32 and float64 (`<f4`, `<f8`, `>f4`, `>f8`), which is what
/// PyTorch's `.numpy()` and Keras' `get_weights()` produce. Integer arrays (the row pointers and column indices of a
/// sparse matrix) are read by ``loadIntegers(path:as:)`` instead.
public struct NumPyArray: Sendable, Hashable {
    /// The dimensions, outermost first.
    public let shape: [Int]
    /// The elements, row-major.
    public let values: [Double]

    /// Reads and decodes `path`.
    public static func load(path: String) throws(InputError) -> NumPyArray {
        try decode(try InputError.readFile(path), file: path)
    }

    /// Decodes the bytes of a `.npy` file; `file` names it in errors.
    public static func decode(_ data: Data, file: String) throws(InputError) -> NumPyArray {
        // Data.withUnsafeBytes rethrows untyped errors: the typed error travels out as a Result.
        try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Result<NumPyArray, InputError> in
            Result { () throws(InputError) -> NumPyArray in try decode(bytes, file: file) }
        }.get()
    }

    /// Decodes a `.npy` file's bytes.
    private static func decode(_ bytes: UnsafeRawBufferPointer, file: String) throws(InputError) -> NumPyArray {
        let header = try NumPyHeader(bytes, file: file)
        guard header.element.kind == .float else {
            throw header.bad("unsupported element type '\(header.element.descr)', expected float32 or float64 (use .astype('float64'))")
        }
        var values = [Double](repeating: 0, count: header.count)
        let (start, width, swap) = (header.dataStart, header.element.width, header.element.bigEndian)
        // Element by element with unaligned loads: the data of a version 1.0 header starts at a multiple of 64
        // only when the writer padded it so.
        for i in 0..<header.count {
            let x: Double
            if width == 8 {
                let raw = bytes.loadUnaligned(fromByteOffset: start + i * 8, as: UInt64.self)
                x = Double(bitPattern: swap ? raw.byteSwapped : raw)
            } else {
                let raw = bytes.loadUnaligned(fromByteOffset: start + i * 4, as: UInt32.self)
                x = Double(Float(bitPattern: swap ? raw.byteSwapped : raw))
            }
            guard x.isFinite else {
                throw .malformed(file: file, location: "element \(i)", reason: "not finite")
            }
            values[i] = x
        }
        return NumPyArray(shape: header.shape, values: header.rowMajor(values))
    }

    /// Reads an integer array (`int8` to `int64`, `uint8` to `uint64`, either byte order) as `T`, row-major: the
    /// row pointers (`indptr`) and column indices (`indices`) of a SciPy sparse matrix. An element outside `T`'s
    /// range, or a float array, is refused naming the file.
    public static func loadIntegers<T: FixedWidthInteger & Sendable>(path: String, as type: T.Type) throws(InputError)
        -> (shape: [Int], values: [T])
    {
        try decodeIntegers(try InputError.readFile(path), file: path, as: type)
    }

    /// ``loadIntegers(path:as:)`` from the bytes of a `.npy` file; `file` names it in errors.
    public static func decodeIntegers<T: FixedWidthInteger & Sendable>(_ data: Data, file: String, as type: T.Type) throws(InputError)
        -> (shape: [Int], values: [T])
    {
        try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Result<(shape: [Int], values: [T]), InputError> in
            Result { () throws(InputError) -> (shape: [Int], values: [T]) in try decodeIntegers(bytes, file: file, as: type) }
        }.get()
    }

    /// Decodes a `.npy` file's bytes as integers.
    private static func decodeIntegers<T: FixedWidthInteger & Sendable>(
        _ bytes: UnsafeRawBufferPointer, file: String, as type: T.Type
    ) throws(InputError) -> (shape: [Int], values: [T]) {
        let header = try NumPyHeader(bytes, file: file)
        let element = header.element
        guard element.kind != .float else {
            throw header.bad("element type '\(element.descr)' is floating point, expected integers (int32 or int64; use .astype('int64'))")
        }
        var values = [T](repeating: 0, count: header.count)
        let (start, width, swap, signed) = (header.dataStart, element.width, element.bigEndian, element.kind == .signed)
        for i in 0..<header.count {
            let offset = start + i * width
            // Every width widened to 64 bits (sign-extended when signed), then checked against T.
            var raw: UInt64
            switch width {
            case 1: raw = UInt64(bytes[offset])
            case 2:
                let r = bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self)
                raw = UInt64(swap ? r.byteSwapped : r)
            case 4:
                let r = bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
                raw = UInt64(swap ? r.byteSwapped : r)
            default:
                let r = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                raw = swap ? r.byteSwapped : r
            }
            let value: T?
            if signed {
                let shift = UInt64(64 - 8 * width)
                value = T(exactly: Int64(bitPattern: raw << shift) >> Int64(shift))
            } else {
                value = T(exactly: raw)
            }
            guard let value else {
                let shown = signed ? String(Int64(bitPattern: raw << UInt64(64 - 8 * width)) >> Int64(64 - 8 * width)) : String(raw)
                throw .malformed(file: file, location: "element \(i)", reason: "\(shown) is outside \(T.min)...\(T.max)")
            }
            values[i] = value
        }
        return (header.shape, header.rowMajor(values))
    }
}
