import Foundation

/// The header of a `.npy` file: what its elements are, its shape, and where its data starts (checked against the
/// file's size before anything is allocated).
struct NumPyHeader {
    /// An element type of the `descr` field.
    struct Element {
        /// Floating point, signed or unsigned integer.
        enum Kind { case float, signed, unsigned }
        let kind: Kind
        /// Bytes per element.
        let width: Int
        /// Whether the bytes are big-endian.
        let bigEndian: Bool
        /// The `descr` text, for messages.
        let descr: String
    }

    let file: String
    let shape: [Int]
    let element: Element
    let fortran: Bool
    /// The product of the dimensions.
    let count: Int
    /// The offset of the first element.
    let dataStart: Int

    /// An error about the header.
    func bad(_ reason: String) -> InputError { .malformed(file: file, location: "header", reason: reason) }

    init(_ bytes: UnsafeRawBufferPointer, file: String) throws(InputError) {
        self.file = file
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
        guard let descr = Self.field("descr", in: header).map({ $0.trimmingCharacters(in: CharacterSet(charactersIn: "'\"")) }) else {
            throw bad("no 'descr' in header")
        }
        fortran = Self.field("fortran_order", in: header) == "True"
        guard let shapeText = Self.field("shape", in: header) else { throw bad("no 'shape' in header") }
        let parts = shapeText.trimmingCharacters(in: CharacterSet(charactersIn: "()"))
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var dims = [Int]()
        for d in parts {
            guard let n = Int(d), n >= 0 else { throw bad("bad shape \(shapeText)") }
            dims.append(n)
        }
        shape = dims
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
        self.count = count
        // '<' little, '>' big, '=' native (little on every platform this builds for), '|' not applicable (1 byte).
        let order = descr.first
        let code = descr.dropFirst()
        guard let order, "<>=|".contains(order), let letter = code.first, let width = Int(code.dropFirst()) else {
            throw bad("unsupported element type '\(descr)', expected float32 or float64 (use .astype('float64'))")
        }
        let kind: Element.Kind
        switch (letter, width) {
        case ("f", 4), ("f", 8): kind = .float
        case ("i", 1), ("i", 2), ("i", 4), ("i", 8): kind = .signed
        case ("u", 1), ("u", 2), ("u", 4), ("u", 8): kind = .unsigned
        default: throw bad("unsupported element type '\(descr)', expected float32 or float64 (use .astype('float64'))")
        }
        element = Element(kind: kind, width: width, bigEndian: order == ">", descr: descr)
        dataStart = headerStart + headerLength
        guard bytes.count - dataStart == count * width else {
            throw .malformed(
                file: file, location: "data",
                reason: "has \(bytes.count - dataStart) bytes, expected \(count * width) for shape \(shapeText)")
        }
        if fortran, dims.count > 2 { throw bad("Fortran-ordered arrays of more than 2 dimensions are not supported") }
    }

    /// `values` (in the file's order) in C order.
    func rowMajor<T>(_ values: [T]) -> [T] {
        guard fortran, shape.count == 2 else { return values }
        // Column-major on disk: element (r, c) is at c * rows + r.
        let (rows, cols) = (shape[0], shape[1])
        return (0..<(rows * cols)).map { k in values[(k % cols) * rows + k / cols] }
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

extension NumPyHeader {
    /// A `.npy` file (format 1.0, C order) holding `body`, the raw elements of type `code` (`f8`, `i8`, `i4`) in
    /// this machine's byte order, with `shape`. The header is padded so the data starts at a multiple of 64 bytes,
    /// as NumPy writes it.
    static func file(code: String, shape: [Int], body: UnsafeRawBufferPointer) -> Data {
        let order = 1.littleEndian == 1 ? "<" : ">"
        let dims = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(order)\(code)', 'fortran_order': False, 'shape': \(dims), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        let length = header.utf8.count
        var data = Data(capacity: 10 + length + body.count)
        data.append(contentsOf: [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        data.append(contentsOf: body)
        return data
    }
}
