import Foundation
import NeuroFailCore

extension Dataset {
    /// Reads MNIST-style IDX files: an `idx3-ubyte` image file (magic 0x00000803, then count, rows, columns as
    /// big-endian 32-bit integers, then count·rows·columns unsigned bytes) and an `idx1-ubyte` label file (magic
    /// 0x00000801, count, then count bytes). Either may be gzipped (detected by its magic bytes). Pixels stay
    /// 0...255: call ``scaledToUnitInterval(maximum:)`` for [0, 1].
    ///
    /// - Parameters:
    ///   - classes: the number of classes; default: the largest label + 1.
    ///   - name: the data set's name for provenance; default: the name of the image file's folder (MNIST's files
    ///     all have the same names, so `data/fashion-mnist/train-images-idx3-ubyte.gz` is `fashion-mnist`), or the
    ///     file's name when it has no folder.
    /// - Throws: ``InputError`` naming the file: bad magic, a truncated or over-long file, image and label counts
    ///   that differ, a corrupt gzip stream, a label ≥ `classes`.
    public static func loadIDX(images imagePath: String, labels labelPath: String, classes: Int? = nil, name: String? = nil)
        throws(InputError) -> Dataset
    {
        let imageBytes = try readMaybeGzipped(imagePath)
        let imageDims = try idxHeader(imageBytes, file: imagePath, dimensions: 3)
        let labelBytes = try readMaybeGzipped(labelPath)
        let labelDims = try idxHeader(labelBytes, file: labelPath, dimensions: 1)
        let count = imageDims[0]
        guard labelDims[0] == count else {
            throw .invalidField(
                file: labelPath, field: "count",
                reason: "has \(labelDims[0]) labels but \(baseName(imagePath)) has \(count) images")
        }
        let (rows, columns) = (imageDims[1], imageDims[2])
        guard rows > 0, columns > 0 else {
            throw .invalidField(file: imagePath, field: "dimensions", reason: "images are \(rows)×\(columns) pixels")
        }
        let labels = labelBytes[8...].map { Int($0) }
        if let classes, let bad = labels.firstIndex(where: { $0 >= classes }) {
            throw .invalidField(
                file: labelPath, field: "label \(bad)", reason: "is \(labels[bad]), expected 0..<\(classes)")
        }
        let start = 16
        let pixels = imageBytes.withUnsafeBufferPointer { b in
            [Float](unsafeUninitializedCapacity: count * rows * columns) { out, initialized in
                for i in 0..<(count * rows * columns) { out[i] = Float(b[start + i]) }
                initialized = count * rows * columns
            }
        }
        return Dataset(
            name: name ?? defaultIDXName(imagePath), files: [baseName(imagePath), baseName(labelPath)], dimension: rows * columns,
            images: pixels, labels: labels, classes: classes, height: rows, width: columns)
    }

    /// Checks an IDX header of unsigned bytes with `dimensions` axes and that the file holds exactly the data it
    /// announces; returns the axis sizes.
    static func idxHeader(_ bytes: [UInt8], file: String, dimensions: Int) throws(InputError) -> [Int] {
        let kind = dimensions == 3 ? "an idx3-ubyte image file" : "an idx1-ubyte label file"
        let headerSize = 4 + 4 * dimensions
        guard bytes.count >= 4 else {
            throw .malformed(file: file, location: "header", reason: "truncated: \(bytes.count) bytes, expected \(kind)")
        }
        let expectedMagic: [UInt8] = [0, 0, 0x08, UInt8(dimensions)]
        guard Array(bytes[0..<4]) == expectedMagic else {
            let found = bytes[0..<4].map { String($0, radix: 16) }.joined(separator: " ")
            throw .malformed(
                file: file, location: "magic",
                reason: "found bytes \(found), expected 0 0 8 \(dimensions) (\(kind) of unsigned bytes)")
        }
        guard bytes.count >= headerSize else {
            throw .malformed(file: file, location: "header", reason: "truncated: \(bytes.count) bytes, the header needs \(headerSize)")
        }
        var dims = [Int]()
        for d in 0..<dimensions {
            let p = 4 + 4 * d
            dims.append(Int(bytes[p]) << 24 | Int(bytes[p + 1]) << 16 | Int(bytes[p + 2]) << 8 | Int(bytes[p + 3]))
        }
        let shape = dims.map(String.init).joined(separator: "×")
        // Dimensions up to 2^32 - 1 each: their product is checked for overflow (0xFFFFFFFF³ trapped).
        var expected = headerSize
        var data = 1
        for d in dims {
            let (product, overflow) = data.multipliedReportingOverflow(by: d)
            guard !overflow, product <= bytes.count else {
                throw .malformed(
                    file: file, location: "data",
                    reason: "truncated: the header announces \(shape) bytes of data, the file has \(bytes.count)")
            }
            data = product
        }
        expected += data
        guard bytes.count >= expected else {
            throw .malformed(
                file: file, location: "data",
                reason: "truncated: the header announces \(shape) bytes of data (\(expected) in all), the file has \(bytes.count)")
        }
        guard bytes.count == expected else {
            throw .malformed(
                file: file, location: "data",
                reason: "\(bytes.count - expected) bytes after the \(shape) the header announces (count mismatch?)")
        }
        return dims
    }

    private static func defaultIDXName(_ path: String) -> String {
        let folder = baseName(PathName.parent(path))
        if !folder.isEmpty, folder != ".", folder != "/" { return folder }
        var base = baseName(path)
        for suffix in [".gz", "-idx3-ubyte", ".idx3-ubyte"] where base.hasSuffix(suffix) { base = String(base.dropLast(suffix.count)) }
        return base
    }
}
