import Foundation
import NeuroFailCore
import Testing
@testable import NeuroFailTraining

/// The loaders on the real files of `scripts/fetch-data.sh`, when they are there (`data/` is never committed, so
/// these are skipped on a fresh clone).
@Suite struct RealDataTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let mnist5k = root + "/data/mnist-5k/mnist_5k.csv.gz"
    static let fashion = root + "/data/fashion-mnist/"

    @Test(.enabled(if: FileManager.default.fileExists(atPath: mnist5k)))
    func readsMlxtendsFiveThousandDigits() throws {
        let data = try Dataset.loadCSV(path: Self.mnist5k, classes: 10)
        #expect(data.count == 5000 && data.dimension == 784 && data.height == 28)
        for digit in 0..<10 { #expect(data.labels.filter { $0 == digit }.count == 500) }
        #expect(data.images.max() == 255 && data.images.min() == 0)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: fashion + "t10k-images-idx3-ubyte.gz")))
    func readsTheFashionMNISTTestSet() throws {
        let data = try Dataset.loadIDX(
            images: Self.fashion + "t10k-images-idx3-ubyte.gz", labels: Self.fashion + "t10k-labels-idx1-ubyte.gz")
        #expect(data.count == 10_000 && data.height == 28 && data.width == 28 && data.classes == 10)
        for label in 0..<10 { #expect(data.labels.filter { $0 == label }.count == 1000) }
    }
}
