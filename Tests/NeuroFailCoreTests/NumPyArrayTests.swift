import Foundation
import Testing

@testable import NeuroFailCore

/// Fixtures written by NumPy 2.4 (`np.save`), see Fixtures/npy: the hand-2-2-1 chip's matrices in float32,
/// float64, big-endian and Fortran order.
private let fixtures = repositoryRoot.appendingPathComponent("Tests/NeuroFailCoreTests/Fixtures/npy")

struct NumPyArrayTests {
    @Test func readsFloat32RowMajor() throws {
        let a = try NumPyArray.load(path: fixtures.appendingPathComponent("w1.npy").path)
        #expect(a.shape == [2, 2])
        #expect(a.values == [1, 2, -1, 1])
    }

    @Test func readsFortranOrderAsRowMajor() throws {
        let a = try NumPyArray.load(path: fixtures.appendingPathComponent("w2.npy").path)
        #expect(a.values == [1, 1, 2, -1])
    }

    @Test func readsBigEndianFloat64() throws {
        #expect(try NumPyArray.load(path: fixtures.appendingPathComponent("b2.npy").path).values == [0, 0])
    }

    @Test func rejectsIntegerArraysWithAHint() {
        let path = fixtures.appendingPathComponent("ints.npy").path
        #expect(throws: InputError.malformed(
            file: path, location: "header",
            reason: "unsupported element type '<i8', expected float32 or float64 (use .astype('float64'))")) {
            try NumPyArray.load(path: path)
        }
    }

    @Test func rejectsAFileThatIsNotNumPy() {
        let path = repositoryRoot.appendingPathComponent("Chips/hand-2-2-1.json").path
        #expect(throws: InputError.self) { try NumPyArray.load(path: path) }
    }

    @Test func manifestBuildsTheSameChipAsTheJSONFile() throws {
        let fromNumPy = try Chip.loadAny(path: fixtures.appendingPathComponent("hand.json").path)
        let fromJSON = try Chip.load(path: repositoryRoot.appendingPathComponent("Chips/hand-2-2-1.json").path)
        #expect(fromNumPy.hidden == fromJSON.hidden)
        #expect(fromNumPy.readout == fromJSON.readout)
    }

    @Test func kerasLayoutIsTransposed() throws {
        let dir = NSTemporaryDirectory() + "nf-npy-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for f in ["w1", "b1", "w2", "b2", "w3_keras", "b3"] {
            try FileManager.default.copyItem(
                atPath: fixtures.appendingPathComponent("\(f).npy").path, toPath: "\(dir)/\(f).npy")
        }
        // In Keras layout every kernel is in x out, so the hidden matrices are transposed too.
        let manifest = #"{"format": "neurofail.npy-manifest/1", "layout": "in-out", "activation": {"function": "relu", "lipschitz": 1}, "layers": [{"weights": "w1.npy", "bias": "b1.npy"}, {"weights": "w2.npy", "bias": "b2.npy"}], "readout": {"weights": "w3_keras.npy", "bias": "b3.npy"}}"#
        try manifest.write(toFile: "\(dir)/m.json", atomically: true, encoding: .utf8)
        let chip = try Chip.loadAny(path: "\(dir)/m.json")
        #expect(chip.hidden[0].weights == [1, -1, 2, 1])
        #expect(chip.hidden[1].weights == [1, 2, 1, -1])
        #expect(chip.readout.weights == [1, -2])
    }
}
