import NeuroFailCore
import Testing

struct WeightStorageTests {
    @Test func anInt8FlipChangesTheCodeByItsBitsPlaceValue() {
        let storage = WeightStorage.int8(scales: [0.5])
        // q = 5 = 0b0000_0101: bit 0 gives 4, bit 3 gives 13, bit 7 (the sign) gives 5 − 128 = −123.
        #expect(storage.flipping(bit: 0, of: 2.5, matrix: 0) == 2)
        #expect(storage.flipping(bit: 3, of: 2.5, matrix: 0) == 6.5)
        #expect(storage.flipping(bit: 7, of: 2.5, matrix: 0) == -61.5)
        #expect(storage.flipping(bit: 7, of: -61.5, matrix: 0) == 2.5)
        #expect(storage.word(of: -0.5, matrix: 0) == 0xFF)
    }

    @Test func aFloat16WordThatBecomesInfiniteReadsSaturatedAndFlipsBack() {
        let storage = WeightStorage.float16
        // 1.0 is 0x3C00; bit 14 makes the exponent all ones: 0x7C00 is +inf, read as 65504.
        #expect(storage.word(of: 1, matrix: 0) == 0x3C00)
        let word = storage.flipping(bit: 14, of: storage.word(of: 1, matrix: 0))
        #expect(word == 0x7C00 && storage.value(ofWord: word, matrix: 0) == 65504)
        #expect(storage.value(ofWord: storage.flipping(bit: 14, of: word), matrix: 0) == 1)
        #expect(storage.flipping(bit: 15, of: 1, matrix: 0) == -1)
        // 0x3C01 is 1 + 2^-10.
        #expect(storage.flipping(bit: 0, of: 1, matrix: 0) == 1 + 1.0 / 1024)
    }

    @Test func aFloat32FlipOfTheLowestExponentBitHalvesOne() {
        // 1.0 is 0x3F800000, bit 23 set: cleared it is 0x3F000000 = 0.5.
        #expect(WeightStorage.float32.flipping(bit: 23, of: 1, matrix: 0) == 0.5)
        #expect(WeightStorage.float32.bitsPerWeight == 32 && WeightStorage.float16.bitsPerWeight == 16)
    }

    @Test func storageSaysWhatItCannotHold() {
        #expect(WeightStorage.float16.stored(70000, matrix: 0) == nil)
        #expect(WeightStorage.float16.stored(0.1, matrix: 0) == Double(Float16(0.1)))
        #expect(WeightStorage.int8(scales: [0.01]).stored(1.28, matrix: 0) == nil)
        #expect(WeightStorage.int8(scales: [0.01]).stored(-1.28, matrix: 0) == -1.28)
        #expect(WeightStorage.int8(scales: [0.01]).stored(0.034, matrix: 0) == 3 * 0.01)
    }

    @Test func quantizingReportsTheLargestChangePerMatrix() throws {
        let layer = Layer(inputs: 2, outputs: 1, weights: [0.3, -1.27], bias: [0], activation: Activation(.relu, lipschitz: 1))
        let readout = Layer(inputs: 1, outputs: 1, weights: [2], bias: [0], activation: nil)
        let chip = Chip(name: "q", hidden: [layer], readout: readout)
        guard case let .success((stored, error)) = WeightStorage.fittedInt8(chip).quantize(chip) else {
            Issue.record("the fitted scales hold every weight")
            return
        }
        // Matrix 1: scale 1.27/127 = 0.01, 0.3 is code 30 exactly; the readout: scale 2/127, 2 is code 127.
        #expect(abs(stored.hidden[0].weights[0] - 0.3) < 1e-15 && error[0] < 1e-15)
        #expect(stored.readout.weights == [127 * (2.0 / 127)])
        if case let .failure(unfit) = WeightStorage.int8(scales: [0.001, 1]).quantize(chip) {
            #expect(unfit.matrix == 0 && unfit.index == 0 && unfit.weight == 0.3)
        } else {
            Issue.record("0.3 does not fit int8 at scale 0.001")
        }
    }
}
