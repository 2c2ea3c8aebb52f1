import NeuroFailTestSupport
import Testing

@testable import NeuroFailCore

/// A convolution's geometry: output sizes, the unit and synapse numbering, fan-in and fan-out, against hand
/// computation and the textbook enumeration of `ConvolutionalChips.synapses(of:)`.
struct ConvolutionTests {
    @Test func outputSizesFollowTheFloorFormulaPerAxis() throws {
        // 14x14, kernel 3, stride 2, padding 1 all round: (14 + 2 - 3) / 2 + 1 = 7.
        let c = try Convolution(inputShape: [1, 14, 14], outputChannels: 4, kernelSize: [3, 3], stride: [2, 2], padding: [1, 1, 1, 1])
        #expect(c.outputShape == [4, 7, 7] && c.outputCount == 196 && c.kernelCount == 36 && c.inputCount == 196)
        // Asymmetric: height 5 + 0 + 1 - 2 = 4, / 1 + 1 = 5; width 6 + 1 + 0 - 3 = 4, / 2 + 1 = 3.
        let a = try Convolution(inputShape: [2, 5, 6], outputChannels: 3, kernelSize: [2, 3], stride: [1, 2], padding: [0, 1, 1, 0])
        #expect(a.outputShape == [3, 5, 3] && a.padding == [0, 1, 1, 0] && a.stride == [1, 2] && a.kernelSize == [2, 3])
        // 1-D: length 7, kernel 3, stride 2, no padding: (7 - 3) / 2 + 1 = 3.
        let one = try Convolution(inputShape: [2, 7], outputChannels: 1, kernelSize: [3], stride: [2], padding: [0, 0])
        #expect(one.outputShape == [1, 3] && one.spatialDimensions == 1 && one.inputShape == [2, 7])
        #expect(one.padding == [0, 0] && one.kernelSize == [3] && one.stride == [2])
    }

    @Test func synapseCountsAndFanInLeaveOutThePaddingTaps() throws {
        // 1-D length 3, kernel 3, padding 1 each side, stride 1: outputs 3; taps 2, 3, 2 per unit.
        let c = try Convolution(inputShape: [1, 3], outputChannels: 2, kernelSize: [3], stride: [1], padding: [1, 1])
        #expect((0..<3).map(c.fanIn(of:)) == [2, 3, 2])
        #expect(c.synapseCount == 2 * 7 && (0..<6).map(c.firstSynapse(of:)) == [0, 2, 5, 7, 9, 12])
        // Each input feeds the two or three windows over it, in both output channels.
        #expect(c.maxFanOut == 2 * 3 && c.maxFanIn == 3)
    }

    @Test func numberingRoundTripsAndEqualsTheTextbookEnumeration() throws {
        var rng = Xoshiro256(seed: 5)
        var checked = 0
        for _ in 0..<300 {
            let chip = ConvolutionalChips.random(&rng, size: rng.nextUnit() < 0.5 ? .small : .medium)
            for case let c? in chip.hidden.map(\.convolution) {
                let reference = ConvolutionalChips.synapses(of: c)
                #expect(reference.count == c.synapseCount)
                for (k, s) in reference.enumerated() {
                    let mine = c.synapse(at: k)
                    #expect(mine.target == s.target && mine.source == s.source && mine.kernelIndex == s.kernelIndex)
                    #expect(c.synapse(target: s.target, source: s.source)?.index == k)
                    checked += 1
                }
                // Every pair the kernel does not connect is reported as no synapse.
                let connected = Set(reference.map { [$0.target, $0.source] })
                for t in 0..<min(c.outputCount, 20) {
                    for s in 0..<c.inputCount where !connected.contains([t, s]) { #expect(c.synapse(target: t, source: s) == nil) }
                }
                // Fan-in per target and fan-out per source, counted from the enumeration.
                var fanOut = [Int](repeating: 0, count: c.inputCount)
                for s in reference { fanOut[s.source] += 1 }
                #expect(c.maxFanOut == fanOut.max())
                for t in 0..<c.outputCount {
                    #expect(c.fanIn(of: t) == reference.filter { $0.target == t }.count)
                }
            }
        }
        #expect(checked > 10_000)
    }

    @Test func unitsAreChannelMajorThenRowMajor() throws {
        let c = try Convolution(inputShape: [2, 3, 4], outputChannels: 2, kernelSize: [1, 1], stride: [1, 1], padding: [0, 0, 0, 0])
        #expect(c.inputPosition(1 * 12 + 2 * 4 + 3) == (1, 2, 3))
        #expect(c.outputPosition(1 * 12 + 1 * 4 + 0) == (1, 1, 0))
        // A 1x1 kernel connects (o, y, x) to (c, y, x) for every input channel c, kernel weight (o, c).
        let s = c.synapse(target: 1 * 12 + 5, source: 0 * 12 + 5)
        #expect(s?.kernelIndex == c.kernelIndex(output: 1, input: 0, ky: 0, kx: 0) && s?.kernelIndex == 2)
        #expect(c.synapse(target: 5, source: 6) == nil)
    }

    @Test(arguments: [
        ([1, 2, 3, 4], 1, [3, 3], [1, 1], [0, 0, 0, 0], "inputShape", "expected [channels, length]"),
        ([1, 0], 1, [1], [1], [0, 0], "inputShape", "element 1 is 0"),
        ([1, 5], 0, [1], [1], [0, 0], "kernel", "0 output channels"),
        ([1, 5, 5], 1, [3], [1, 1], [0, 0, 0, 0], "kernel", "is 1-D, the input shape [1, 5, 5] is 2-D"),
        ([1, 5, 5], 1, [3, 0], [1, 1], [0, 0, 0, 0], "kernel", "kernel size 0 on axis 1"),
        ([1, 5, 5], 1, [3, 3], [1, 0], [0, 0, 0, 0], "stride", "element 1 is 0, a stride must be >= 1"),
        ([1, 5, 5], 1, [3, 3], [1], [0, 0, 0, 0], "stride", "has 1 numbers, expected 2"),
        ([1, 5, 5], 1, [3, 3], [1, 1], [0, 0], "padding", "has 2 numbers, expected 4"),
        ([1, 5, 5], 1, [3, 3], [1, 1], [0, 3, 0, 0], "padding", "element 1 is 3, must be in 0...2"),
        ([1, 5, 5], 1, [3, 3], [1, 1], [0, -1, 0, 0], "padding", "element 1 is -1"),
        ([1, 2, 5], 1, [3, 3], [1, 1], [0, 0, 0, 0], "kernel", "larger than the padded input (2 + 0 + 0 = 2): the output would be empty"),
    ])
    func badParametersNameTheParameter(
        shape: [Int], channels: Int, kernel: [Int], stride: [Int], padding: [Int], parameter: String, words: String
    ) {
        do {
            _ = try Convolution(inputShape: shape, outputChannels: channels, kernelSize: kernel, stride: stride, padding: padding)
            Issue.record("accepted \(shape) \(kernel) \(stride) \(padding)")
        } catch {
            #expect(error.parameter == parameter && error.reason.contains(words), "\(error)")
        }
    }
}
