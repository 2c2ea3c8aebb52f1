import Foundation
import NeuroFailCore
import Testing
@testable import NeuroFailTraining

/// IDX files written here byte by byte in the real MNIST layout: magic 00 00 08 <dims>, big-endian sizes, bytes.
@Suite struct DatasetIDXTests {
    /// Three 2×3 images with pixel values 10·image + pixel, labels 2, 0, 1.
    static let images: [UInt8] = [0, 0, 8, 3] + bigEndian(3) + bigEndian(2) + bigEndian(3) + (0..<3).flatMap { i in
        (0..<6).map { UInt8(10 * i + $0) }
    }
    static let labels: [UInt8] = [0, 0, 8, 1] + bigEndian(3) + [2, 0, 1]

    @Test func parsesTheHeaderAndPixels() throws {
        let dir = temporaryDirectory()
        let data = try Dataset.loadIDX(
            images: write(Self.images, "imgs-idx3-ubyte", in: dir), labels: write(Self.labels, "labels-idx1-ubyte", in: dir))
        #expect(data.count == 3 && data.dimension == 6 && data.height == 2 && data.width == 3)
        #expect(data.classes == 3)
        #expect(data.labels == [2, 0, 1])
        #expect(Array(data.image(1)) == [10, 11, 12, 13, 14, 15])
        #expect(data.files == ["imgs-idx3-ubyte", "labels-idx1-ubyte"])
        #expect(data.name == (dir as NSString).lastPathComponent)
    }

    @Test func readsGzippedFilesLikePlainOnes() throws {
        let dir = temporaryDirectory()
        let plain = try Dataset.loadIDX(images: write(Self.images, "i", in: dir), labels: write(Self.labels, "l", in: dir))
        let gz = try Dataset.loadIDX(
            images: write(storedGzip(Self.images), "i.gz", in: dir), labels: write(storedGzip(Self.labels), "l.gz", in: dir),
            classes: 10)
        #expect(gz.images == plain.images && gz.labels == plain.labels && gz.classes == 10)
    }

    @Test func rejectsBadMagicNamingTheFile() {
        let dir = temporaryDirectory()
        let images = write(Self.images, "i", in: dir)
        // Swapped: a label file where images are expected.
        #expect {
            try Dataset.loadIDX(images: write(Self.labels, "l", in: dir), labels: images)
        } throws: { error in
            "\(error)" == "\(dir)/l: magic: found bytes 0 0 8 1, expected 0 0 8 3 (an idx3-ubyte image file of unsigned bytes)"
        }
    }

    @Test func rejectsATruncatedFile() {
        let dir = temporaryDirectory()
        let labels = write(Self.labels, "l", in: dir)
        #expect {
            try Dataset.loadIDX(images: write(Array(Self.images.dropLast(4)), "i", in: dir), labels: labels)
        } throws: { "\($0)".hasPrefix("\(dir)/i: data: truncated: the header announces 3×2×3 bytes") }
        #expect {
            try Dataset.loadIDX(images: write(Array(Self.images.prefix(9)), "i", in: dir), labels: labels)
        } throws: { "\($0)".contains("i: header: truncated") }
    }

    /// Dimensions of 0xFFFFFFFF each: their product overflows Int; refused as truncated, never trapped.
    @Test func rejectsDimensionsWhoseProductOverflows() {
        let dir = temporaryDirectory()
        let huge: [UInt8] = [0, 0, 8, 3] + Array(repeating: 0xFF, count: 12) + Array(repeating: 0, count: 16)
        let labels = write(Self.labels, "l", in: dir)
        #expect {
            try Dataset.loadIDX(images: write(huge, "i", in: dir), labels: labels)
        } throws: { "\($0)".hasPrefix("\(dir)/i: data: truncated: the header announces 4294967295×4294967295×4294967295 bytes") }
    }

    @Test func rejectsImageAndLabelCountsThatDiffer() {
        let dir = temporaryDirectory()
        let fourLabels: [UInt8] = [0, 0, 8, 1] + bigEndian(4) + [2, 0, 1, 1]
        #expect {
            try Dataset.loadIDX(images: write(Self.images, "i", in: dir), labels: write(fourLabels, "l", in: dir))
        } throws: { "\($0)" == "\(dir)/l: count: has 4 labels but i has 3 images" }
        let extra = write(Self.labels + [7], "extra", in: dir)
        #expect {
            try Dataset.loadIDX(images: write(Self.images, "i", in: dir), labels: extra)
        } throws: { "\($0)".contains("1 bytes after the 3 the header announces") }
    }

    @Test func rejectsALabelOutsideTheClasses() {
        let dir = temporaryDirectory()
        #expect {
            try Dataset.loadIDX(images: write(Self.images, "i", in: dir), labels: write(Self.labels, "l", in: dir), classes: 2)
        } throws: { "\($0)" == "\(dir)/l: label 0: is 2, expected 0..<2" }
    }

    @Test func rejectsAGzNameWithoutGzipContents() {
        let dir = temporaryDirectory()
        #expect {
            try Dataset.loadIDX(images: write(Self.images, "i.gz", in: dir), labels: write(Self.labels, "l", in: dir))
        } throws: { "\($0)".contains("named .gz but not a gzip file") }
    }
}
