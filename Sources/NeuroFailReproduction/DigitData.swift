import Foundation
import NeuroFailCore
import NeuroFailTraining

/// The data sets of the trained-network figures (7, 8, 10): real digits or clothes when the data folder has them,
/// and a small synthetic, seeded, learnable "digit-like" set for `--quick` (CI fetches no data).
enum DigitData {
    /// The synthetic set: `classes` prototypes drawn uniformly in [0, 1]^`dimension` from the seed, each example a
    /// prototype plus Gaussian noise of standard deviation `noise`, clamped to [0, 1]. Learnable (the prototypes are
    /// far apart against the noise), the same bytes for a seed, and in the chips' input domain.
    static func synthetic(
        count: Int, dimension: Int = 64, classes: Int = 10, noise: Double = 0.25, seed: UInt64
    ) -> Dataset {
        var protoRNG = Xoshiro256(seed: seed, stream: 0x9_0701)
        let prototypes = (0..<(classes * dimension)).map { _ in protoRNG.nextUnit() }
        var rng = Xoshiro256(seed: seed, stream: 0x9_0702)
        var pixels = [Float]()
        pixels.reserveCapacity(count * dimension)
        var labels = [Int]()
        labels.reserveCapacity(count)
        for i in 0..<count {
            let label = i % classes
            labels.append(label)
            for d in 0..<dimension {
                let x = prototypes[label * dimension + d] + rng.nextNormal(std: noise)
                pixels.append(Float(min(1, max(0, x))))
            }
        }
        return Dataset(
            name: "synthetic prototypes (\(classes) classes in [0,1]^\(dimension), noise \(noise), seed \(seed))",
            dimension: dimension, images: pixels, labels: labels, classes: classes)
    }

    /// The 5,000 real MNIST digits of `data/mnist-5k/mnist_5k.csv.gz`, scaled into [0, 1] (optionally 2×2 pooled).
    static func mnist5k(in directory: String, pooled: Bool = false) throws -> Dataset {
        let path = (directory as NSString).appendingPathComponent("mnist-5k/mnist_5k.csv.gz")
        let raw = try Dataset.loadCSV(path: path, classes: 10, name: "mnist-5k")
        let scaled = raw.scaledToUnitInterval()
        return pooled ? scaled.averagePooled2x2() : scaled
    }

    /// Fashion-MNIST's 60,000 training images of `data/fashion-mnist`, scaled into [0, 1].
    static func fashion60k(in directory: String) throws -> Dataset {
        let folder = (directory as NSString).appendingPathComponent("fashion-mnist")
        return try Dataset.loadIDX(
            images: (folder as NSString).appendingPathComponent("train-images-idx3-ubyte.gz"),
            labels: (folder as NSString).appendingPathComponent("train-labels-idx1-ubyte.gz"), classes: 10,
            name: "fashion-mnist-60k"
        ).scaledToUnitInterval()
    }

    /// Whether `directory` holds the file a loader needs.
    static func has(_ relativePath: String, in directory: String?) -> Bool {
        guard let directory else { return false }
        return FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent(relativePath))
    }

    /// A data set's images as the engine's inputs (Float64, row-major).
    static func inputs(_ data: Dataset) -> InputBatch {
        InputBatch(count: data.count, dimension: data.dimension, values: data.images.map(Double.init))
    }

    /// The first `count` examples (all when fewer).
    static func prefix(_ data: Dataset, _ count: Int) -> Dataset {
        data.count <= count ? data : data.subset(Array(0..<count))
    }
}
