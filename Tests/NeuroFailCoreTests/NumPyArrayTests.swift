import Foundation
import NeuroFailTestSupport
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

    /// A shape whose product overflows Int (2^32 × 2^32 trapped) or exceeds the file is refused before any allocation.
    @Test func aShapeLargerThanTheFileIsRefusedNotAllocated() throws {
        let path = Scratch.folder + "nf-\(UUID().uuidString).npy"
        for shape in [[4_294_967_296, 4_294_967_296], [1 << 40]] {
            try npy(shape, [1, 2]).write(to: URL(fileURLWithPath: path))
            #expect {
                try NumPyArray.load(path: path)
            } throws: { "\($0)".contains("data: shape (\(shape.map(String.init).joined(separator: ", "))\(shape.count == 1 ? "," : "")) holds more numbers than the file's") }
        }
    }

    @Test func manifestBuildsTheSameChipAsTheJSONFile() throws {
        let fromNumPy = try Chip.loadAny(path: fixtures.appendingPathComponent("hand.json").path)
        let fromJSON = try Chip.load(path: repositoryRoot.appendingPathComponent("Chips/hand-2-2-1.json").path)
        #expect(fromNumPy.hidden == fromJSON.hidden)
        #expect(fromNumPy.readout == fromJSON.readout)
    }

    @Test func kerasLayoutIsTransposed() throws {
        let dir = Scratch.folder + "nf-npy-\(UUID().uuidString)"
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

    /// scikit-learn's `coefs_` are in × out, like Keras: a 64-16-10 MLP saved without "layout" must be diagnosed.
    @Test func manifestWithoutLayoutSaysWhichLayoutTheShapesFit() throws {
        let dir = Scratch.folder + "nf-npy-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try npy([64, 16], Array(repeating: 0.5, count: 64 * 16)).write(to: URL(fileURLWithPath: "\(dir)/w0.npy"))
        try npy([16], Array(repeating: 0, count: 16)).write(to: URL(fileURLWithPath: "\(dir)/b0.npy"))
        try npy([16, 10], Array(repeating: 1, count: 160)).write(to: URL(fileURLWithPath: "\(dir)/w1.npy"))
        try npy([10], Array(repeating: 0, count: 10)).write(to: URL(fileURLWithPath: "\(dir)/b1.npy"))
        let layers = #""layers": [{"weights": "w0.npy", "bias": "b0.npy"}], "readout": {"weights": "w1.npy", "bias": "b1.npy"}"#
        let manifest = #"{"format": "neurofail.npy-manifest/1", "activation": {"function": "relu", "lipschitz": 1}, "# + layers + "}"
        try manifest.write(toFile: "\(dir)/m.json", atomically: true, encoding: .utf8)
        #expect(throws: InputError.invalidField(
            file: "\(dir)/m.json", field: "layers[0].bias",
            reason: "b0.npy has shape [16], expected 64 numbers (one per output of w0.npy, shape [64, 16] read as out-in); no \"layout\" given, so out-in was used; the shapes fit \"layout\": \"in-out\" (Keras Dense kernels, scikit-learn coefs_); layouts: \"out-in\" (PyTorch nn.Linear.weight) or \"in-out\" (Keras Dense kernels, scikit-learn coefs_)")) {
            try Chip.loadAny(path: "\(dir)/m.json")
        }
        // With the layout the shapes suggest, it loads: 64 inputs, 16 hidden neurons, 10 outputs.
        try manifest.replacingOccurrences(of: #""activation""#, with: #""layout": "in-out", "activation""#)
            .write(toFile: "\(dir)/m.json", atomically: true, encoding: .utf8)
        let chip = try Chip.loadAny(path: "\(dir)/m.json")
        #expect(chip.inputCount == 64 && chip.widths == [16] && chip.outputCount == 10)
        // A matrix that fits no layout: the readout takes 12 inputs after 16 neurons.
        try npy([12, 10], Array(repeating: 1, count: 120)).write(to: URL(fileURLWithPath: "\(dir)/w1.npy"))
        do {
            _ = try Chip.loadAny(path: "\(dir)/m.json")
            Issue.record("a readout that fits no layer was accepted")
        } catch {
            #expect(error.description.contains("readout.weights: w1.npy has shape [12, 10], which as in-out takes 12 inputs, but w0.npy gives 16"))
            #expect(error.description.contains("the shapes fit neither layout"))
        }
    }
}

/// A little-endian float64 `.npy` file (format 1.0) of `shape`, as `np.save` writes it.
/// A little-endian float64 `.npy` file of `values` with `shape`.
func npy(_ shape: [Int], _ values: [Double]) -> Data { NumPyFiles.doubles(shape, values) }

/// A `.npy` file of `descr` integers (`<i4`, `<i8`, `<u4`, `>i8`) with `shape`.
func npyIntegers(_ shape: [Int], _ values: [Int64], descr: String) -> Data { NumPyFiles.integers(shape, values, descr: descr) }

struct NumPyIntegerTests {
    @Test(arguments: ["<i4", "<i8", "<u4", ">i8", "<i2"])
    func readsIntegerArrays(_ descr: String) throws {
        let data = npyIntegers([4], [0, 3, 70_000 % 30_000, 7], descr: descr)
        let a = try NumPyArray.decodeIntegers(data, file: "x.npy", as: Int32.self)
        #expect(a.shape == [4])
        #expect(a.values == [0, 3, 10_000, 7])
    }

    @Test func signedElementsKeepTheirSign() throws {
        let a = try NumPyArray.decodeIntegers(npyIntegers([2], [-1, -300], descr: "<i4"), file: "x.npy", as: Int.self)
        #expect(a.values == [-1, -300])
    }

    @Test func anElementOutsideTheTargetTypeIsRefused() {
        #expect(throws: InputError.malformed(file: "x.npy", location: "element 1", reason: "4294967296 is outside -2147483648...2147483647")) {
            try NumPyArray.decodeIntegers(npyIntegers([2], [1, 1 << 32], descr: "<i8"), file: "x.npy", as: Int32.self)
        }
    }

    @Test func floatsAreRefusedWhereIntegersAreExpected() {
        #expect(throws: InputError.malformed(
            file: "x.npy", location: "header",
            reason: "element type '<f8' is floating point, expected integers (int32 or int64; use .astype('int64'))")) {
            try NumPyArray.decodeIntegers(npy([2], [1, 2]), file: "x.npy", as: Int.self)
        }
    }

    @Test func writtenFilesReadBack() throws {
        let values: [Int32] = [5, -2, 9]
        let data = values.withUnsafeBytes { NumPyHeader.file(code: "i4", shape: [3], body: $0) }
        #expect(data.count % 64 == 12 % 64)  // 64-byte header + 12 bytes of data
        #expect(try NumPyArray.decodeIntegers(data, file: "x.npy", as: Int32.self).values == values)
        let doubles = [1.5, -0.25, 3, 4]
        let matrix = doubles.withUnsafeBytes { NumPyHeader.file(code: "f8", shape: [2, 2], body: $0) }
        let read = try NumPyArray.decode(matrix, file: "m.npy")
        #expect(read.shape == [2, 2] && read.values == doubles)
    }
}
