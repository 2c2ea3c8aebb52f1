import Foundation

/// `.npy` files (format 1.0, C order) written by hand, as NumPy lays them out, for tests of the readers: a header
/// padded so the data starts at a multiple of 64 bytes, then the raw elements.
public enum NumPyFiles {
    /// A file of `descr` elements (`<f8`, `<i4`, `>i8`, …) with `shape` whose raw bytes are `body`.
    public static func file(descr: String, shape: [Int], body: Data) -> Data {
        let dims = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(dims), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)])
        data.append(contentsOf: Array(header.utf8))
        return data + body
    }

    /// Little-endian float64 `values` with `shape`.
    public static func doubles(_ shape: [Int], _ values: [Double]) -> Data {
        var body = Data()
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { body.append(contentsOf: $0) } }
        return file(descr: "<f8", shape: shape, body: body)
    }

    /// Integers as `descr` (`<i4`, `<i8`, `<u4`, `>i8`, `<i2`): each value's low bytes, reversed for `>`.
    public static func integers(_ shape: [Int], _ values: [Int64], descr: String) -> Data {
        let width = Int(descr.dropFirst(2)) ?? 8
        var body = Data()
        for v in values {
            var bytes = (0..<width).map { UInt8(truncatingIfNeeded: UInt64(bitPattern: v) >> UInt64(8 * $0)) }
            if descr.hasPrefix(">") { bytes.reverse() }
            body.append(contentsOf: bytes)
        }
        return file(descr: descr, shape: shape, body: body)
    }
}
