import NeuroFailCore
import Testing
@testable import NeuroFailTraining

@Suite struct DatasetTests {
    /// Two 4×4 images with pixel i of image n equal to 16n + i.
    static let images = Dataset(
        name: "ramp", dimension: 16, images: (0..<32).map(Float.init), labels: [0, 1], height: 4, width: 4)

    @Test func scalesPixelsIntoTheUnitInterval() {
        let data = Dataset(name: "x", dimension: 2, images: [0, 255, 51, 510], labels: [0, 1]).scaledToUnitInterval()
        #expect(data.images == [0, 1, 0.2, 2])  // not clamped: the trainer refuses 2 instead of hiding it
        #expect(data.preprocessing == ["scaled /255 to [0,1]"])
    }

    @Test func averagePoolsEachTwoByTwoBlock() {
        let pooled = Self.images.averagePooled2x2()
        #expect(pooled.height == 2 && pooled.width == 2 && pooled.dimension == 4)
        // Block (0,0) of image 0 holds 0, 1, 4, 5.
        #expect(Array(pooled.image(0)) == [2.5, 4.5, 10.5, 12.5])
        #expect(Array(pooled.image(1)) == [18.5, 20.5, 26.5, 28.5])
        #expect(pooled.labels == [0, 1])
        #expect(pooled.preprocessing == ["2x2 average pool 4x4 -> 2x2"])
    }

    @Test func splitsDeterministicallyIntoDisjointParts() {
        let data = Dataset(name: "n", dimension: 1, images: (0..<100).map(Float.init), labels: (0..<100).map { $0 % 3 })
        let (train, held) = data.split(heldOutFraction: 0.2, seed: 7)
        #expect(train.count == 80 && held.count == 20)
        #expect(Set(train.images + held.images) == Set(data.images))
        let again = data.split(heldOutFraction: 0.2, seed: 7)
        #expect(again.train == train && again.heldOut == held)
        #expect(data.split(heldOutFraction: 0.2, seed: 8).heldOut.images != held.images)
        #expect(train.preprocessing == ["split (seed 7): 80 train, 20 held out"])
        // Labels travel with their images.
        #expect(zip(train.images, train.labels).allSatisfy { Int($0) % 3 == $1 })
    }

    @Test func loadPicksTheLoaderByFileName() throws {
        let dir = temporaryDirectory()
        let csv = write(Array("1,2,1\n".utf8), "d.csv", in: dir)
        #expect(try Dataset.load(path: csv).labels == [1])
        #expect {
            try Dataset.load(path: write(DatasetIDXTests.images, "train-images-idx3-ubyte", in: dir))
        } throws: { "\($0)".contains("its IDX label file is needed too") }
        let idx = try Dataset.load(
            path: write(DatasetIDXTests.images, "i", in: dir), labels: write(DatasetIDXTests.labels, "l", in: dir))
        #expect(idx.count == 3)
    }
}
