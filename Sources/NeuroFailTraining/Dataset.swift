import Foundation
import NeuroFailCore

/// A labelled image data set in memory: `count` images of `dimension` pixels, row-major and contiguous in Float32
/// (what the trainer reads), and one class label per image.
///
/// Invariants: `images.count == count * dimension`, `labels.count == count`, every label in `0..<classes`,
/// `height * width == dimension`.
public struct Dataset: Sendable, Hashable {
    /// A short name for provenance, e.g. `mnist-5k`.
    public var name: String
    /// The files it was read from (base names), for provenance.
    public var files: [String]
    /// What was done to the pixels since loading, in order (e.g. `scaled /255 to [0,1]`), for provenance.
    public var preprocessing: [String]
    /// The number of images.
    public let count: Int
    /// Pixels per image.
    public let dimension: Int
    /// The image's height and width in pixels (`1 × dimension` when the data has no image shape).
    public let height: Int
    public let width: Int
    /// The number of classes; labels are `0..<classes`.
    public let classes: Int
    /// Row-major pixels: image i is `images[i * dimension ..< (i + 1) * dimension]`.
    public let images: [Float]
    /// The class of each image.
    public let labels: [Int]

    /// Creates a data set. When `height` and `width` are omitted, a square image is assumed if `dimension` is a
    /// perfect square, else a `1 × dimension` strip. `classes` defaults to the largest label + 1.
    public init(
        name: String, files: [String] = [], preprocessing: [String] = [], dimension: Int, images: [Float],
        labels: [Int], classes: Int? = nil, height: Int? = nil, width: Int? = nil
    ) {
        precondition(dimension > 0 && images.count == labels.count * dimension, "data set shape mismatch")
        let side = Int(Double(dimension).squareRoot().rounded())
        let (h, w) = height.map { ($0, width ?? dimension / $0) } ?? (side * side == dimension ? (side, side) : (1, dimension))
        precondition(h * w == dimension, "image shape \(h)×\(w) does not hold \(dimension) pixels")
        let k = classes ?? ((labels.max() ?? 0) + 1)
        precondition(labels.allSatisfy { $0 >= 0 && $0 < k }, "a label is outside 0..<classes")
        self.name = name
        self.files = files
        self.preprocessing = preprocessing
        self.count = labels.count
        self.dimension = dimension
        self.height = h
        self.width = w
        self.classes = k
        self.images = images
        self.labels = labels
    }

    /// Image `i`.
    public func image(_ i: Int) -> ArraySlice<Float> { images[(i * dimension)..<((i + 1) * dimension)] }

    /// The pixels divided by `maximum` (255 for 8-bit images), into [0, 1], the chip's input domain. Nothing is
    /// clamped: a pixel above `maximum` ends above 1, and the trainer refuses it rather than hide a wrong maximum.
    public func scaledToUnitInterval(maximum: Float = 255) -> Dataset {
        precondition(maximum > 0)
        let scaled = images.map { $0 / maximum }
        return replacing(images: scaled, step: "scaled /\(JSONValue.format(Double(maximum))) to [0,1]")
    }

    /// Each 2×2 block of pixels replaced by its mean (28×28 → 14×14). An odd last row or column is dropped.
    public func averagePooled2x2() -> Dataset {
        let h = height / 2
        let w = width / 2
        precondition(h > 0 && w > 0, "a \(height)×\(width) image is too small to pool 2×2")
        var out = [Float](repeating: 0, count: count * h * w)
        images.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for n in 0..<count {
                    let image = n * dimension
                    let pooled = n * h * w
                    for r in 0..<h {
                        for c in 0..<w {
                            let top = image + 2 * r * width + 2 * c
                            let bottom = top + width
                            dst[pooled + r * w + c] = (src[top] + src[top + 1] + src[bottom] + src[bottom + 1]) * 0.25
                        }
                    }
                }
            }
        }
        return Dataset(
            name: name, files: files, preprocessing: preprocessing + ["2x2 average pool \(height)x\(width) -> \(h)x\(w)"],
            dimension: h * w, images: out, labels: labels, classes: classes, height: h, width: w)
    }

    /// The images at `indices`, in that order.
    public func subset(_ indices: [Int]) -> Dataset {
        var pixels = [Float]()
        pixels.reserveCapacity(indices.count * dimension)
        for i in indices { pixels.append(contentsOf: image(i)) }
        return Dataset(
            name: name, files: files, preprocessing: preprocessing, dimension: dimension, images: pixels,
            labels: indices.map { labels[$0] }, classes: classes, height: height, width: width)
    }

    /// A deterministic split: the images are shuffled with `seed` (Fisher–Yates on ``Xoshiro256``) and the first
    /// `heldOutFraction` of them (rounded) are held out; both parts keep the shuffled order and record the split in
    /// their ``preprocessing``.
    public func split(heldOutFraction: Double, seed: UInt64) -> (train: Dataset, heldOut: Dataset) {
        precondition(heldOutFraction >= 0 && heldOutFraction < 1)
        let held = Int((Double(count) * heldOutFraction).rounded())
        var order = Array(0..<count)
        var rng = Xoshiro256(seed: seed, stream: 0x5_711)
        for i in stride(from: count - 1, to: 0, by: -1) { order.swapAt(i, rng.nextIndex(i + 1)) }
        var train = subset(Array(order[held...]))
        var heldOut = subset(Array(order[..<held]))
        let step = "split (seed \(seed)): \(count - held) train, \(held) held out"
        train.preprocessing.append(step)
        heldOut.preprocessing.append(step)
        return (train, heldOut)
    }

    /// Loads `path` as CSV (pixels then label) when its name ends in `.csv` or `.csv.gz`, else as an IDX image file
    /// whose labels are in the IDX file `labels`.
    ///
    /// - Throws: ``InputError`` from the loaders, or when an IDX image file comes without its labels.
    public static func load(path: String, labels: String? = nil, classes: Int? = nil, name: String? = nil)
        throws(InputError) -> Dataset
    {
        if path.hasSuffix(".csv") || path.hasSuffix(".csv.gz") {
            if let labels {
                throw .unreadable(file: labels, reason: "a CSV data set carries its labels in its last column; no label file is read")
            }
            return try loadCSV(path: path, classes: classes, name: name)
        }
        guard let labels else {
            throw .unreadable(file: path, reason: "not a .csv file, so read as IDX images: its IDX label file is needed too")
        }
        return try loadIDX(images: path, labels: labels, classes: classes, name: name)
    }

    /// The same labels and shape with other pixels and one more preprocessing step.
    private func replacing(images: [Float], step: String) -> Dataset {
        Dataset(
            name: name, files: files, preprocessing: preprocessing + [step], dimension: dimension, images: images,
            labels: labels, classes: classes, height: height, width: width)
    }

    /// A file's bytes, gunzipped when they start with the gzip magic bytes (whatever the file is called).
    static func readMaybeGzipped(_ path: String) throws(InputError) -> [UInt8] {
        let data = try InputError.readFile(path)
        if Gzip.isGzip(data) { return try Gzip.decompress(data, file: path) }
        if path.hasSuffix(".gz") {
            throw .malformed(file: path, location: "byte 0", reason: "named .gz but not a gzip file (bad magic bytes)")
        }
        return [UInt8](data)
    }

    /// The base name of a path, for provenance (full paths would make the chip depend on where the data lives).
    static func baseName(_ path: String) -> String { (path as NSString).lastPathComponent }
}
