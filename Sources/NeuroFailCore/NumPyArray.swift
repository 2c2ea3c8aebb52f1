import Foundation

/// A numeric array read from a NumPy `.npy` file (format versions 1.0, 2.0 and 3.0): its shape and its values as
/// `Double`, in C (row-major) order whatever the file's order.
///
/// Supported element types: little- and big-endian float32 and float64 (`<f4`, `<f8`, `>f4`, `>f8`), which is what
/// PyTorch's `.numpy()` and Keras' `get_weights()` produce.
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
        let bytes = [UInt8](data)
        func bad(_ reason: String) -> InputError { .malformed(file: file, location: "header", reason: reason) }
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1...5]) == Array("NUMPY".utf8) else {
            throw bad("not a .npy file (no \\x93NUMPY magic)")
        }
        let major = bytes[6]
        let headerLength: Int
        let headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw bad("truncated") }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            headerStart = 12
        default:
            throw bad("unsupported .npy version \(major)")
        }
        guard headerStart + headerLength <= bytes.count else { throw bad("truncated") }
        let header = String(decoding: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self)
        guard let descr = field("descr", in: header).map({ $0.trimmingCharacters(in: CharacterSet(charactersIn: "'\"")) }) else {
            throw bad("no 'descr' in header")
        }
        let fortran = field("fortran_order", in: header) == "True"
        guard let shapeText = field("shape", in: header) else { throw bad("no 'shape' in header") }
        let shape = shapeText.trimmingCharacters(in: CharacterSet(charactersIn: "()"))
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var dims = [Int]()
        for d in shape {
            guard let n = Int(d), n >= 0 else { throw bad("bad shape \(shapeText)") }
            dims.append(n)
        }
        // The product of the dimensions, refused when it overflows (a shape of 2^32 × 2^32 trapped) or cannot match
        // the file: the data is checked against the file's size before anything is allocated.
        var count = 1
        for n in dims {
            let (product, overflow) = count.multipliedReportingOverflow(by: n)
            guard !overflow, product <= bytes.count else {
                throw .malformed(
                    file: file, location: "data", reason: "shape \(shapeText) holds more numbers than the file's \(bytes.count) bytes")
            }
            count = product
        }
        let width: Int
        let bigEndian: Bool
        switch descr {
        case "<f8", "=f8", "|f8": (width, bigEndian) = (8, false)
        case ">f8": (width, bigEndian) = (8, true)
        case "<f4", "=f4", "|f4": (width, bigEndian) = (4, false)
        case ">f4": (width, bigEndian) = (4, true)
        default: throw bad("unsupported element type '\(descr)', expected float32 or float64 (use .astype('float64'))")
        }
        let start = headerStart + headerLength
        guard bytes.count - start == count * width else {
            throw .malformed(
                file: file, location: "data",
                reason: "has \(bytes.count - start) bytes, expected \(count * width) for shape \(shapeText)")
        }
        var values = [Double](repeating: 0, count: count)
        for i in 0..<count {
            var raw: UInt64 = 0
            for b in 0..<width {
                let byte = UInt64(bytes[start + i * width + (bigEndian ? width - 1 - b : b)])
                raw |= byte << UInt64(8 * b)
            }
            let x = width == 8 ? Double(bitPattern: raw) : Double(Float(bitPattern: UInt32(raw)))
            guard x.isFinite else {
                throw .malformed(file: file, location: "element \(i)", reason: "not finite")
            }
            values[i] = x
        }
        if fortran, dims.count == 2 {
            // Column-major on disk: element (r, c) is at c * rows + r.
            let (rows, cols) = (dims[0], dims[1])
            values = (0..<(rows * cols)).map { k in values[(k % cols) * rows + k / cols] }
        } else if fortran, dims.count > 2 {
            throw bad("Fortran-ordered arrays of more than 2 dimensions are not supported")
        }
        return NumPyArray(shape: dims, values: values)
    }

    /// The text of `key`'s value in a Python dict literal header (a tuple for `shape`).
    private static func field(_ key: String, in header: String) -> String? {
        guard let range = header.range(of: "'\(key)':") else { return nil }
        let rest = header[range.upperBound...].trimmingCharacters(in: .whitespaces)
        if rest.hasPrefix("(") {
            guard let close = rest.firstIndex(of: ")") else { return nil }
            return String(rest[...close])
        }
        let end = rest.firstIndex(where: { $0 == "," || $0 == "}" }) ?? rest.endIndex
        return rest[..<end].trimmingCharacters(in: .whitespaces)
    }
}
