/// The geometry of a convolutional layer: how its output units (channel, position) connect to its input units
/// (channel, position) through a shared kernel. 1-D layers are 2-D layers of height 1 (kernel height 1, stride 1,
/// no vertical padding); ``spatialDimensions`` keeps the difference for files and messages.
///
/// Units are numbered channel-major, then row-major: input unit (c, y, x) is `(c · H + y) · W + x`, output unit
/// (o, y, x) is `(o · OH + y) · OW + x`; a 1-D unit (c, x) is `c · W + x`. This is the flattening of a C×H×W
/// (or C×L) tensor in C order, as NumPy, PyTorch and ONNX's `Flatten` do it.
///
/// Output unit (o, oy, ox) reads input (c, oy·sy − top + ky, ox·sx − left + kx) for every input channel c and kernel
/// tap (ky, kx) with weight `kernel[o][c][ky][kx]`; a tap that falls on the zero padding (outside 0..<H or 0..<W) is
/// not a synapse. The output size per axis is ⌊(n + begin + end − k) / s⌋ + 1.
///
/// Invariants (checked by ``init(inputShape:outputChannels:kernelSize:stride:padding:)``): every size ≥ 1, strides ≥ 1,
/// each padding in 0..<kernel size of its axis (so every output unit has at least one input), output sizes ≥ 1.
public struct Convolution: Sendable, Hashable {
    /// 1 (channels × length) or 2 (channels × height × width).
    public let spatialDimensions: Int
    /// C_in, H, W of the input (H = 1 in 1-D).
    public let inputChannels: Int
    public let inputHeight: Int
    public let inputWidth: Int
    /// C_out: the number of feature maps.
    public let outputChannels: Int
    /// k_y, k_x (k_y = 1 in 1-D).
    public let kernelHeight: Int
    public let kernelWidth: Int
    /// s_y, s_x (s_y = 1 in 1-D).
    public let strideHeight: Int
    public let strideWidth: Int
    /// Zero padding in units on each side (top = bottom = 0 in 1-D).
    public let padTop: Int
    public let padLeft: Int
    public let padBottom: Int
    public let padRight: Int
    /// OH, OW of each feature map (OH = 1 in 1-D).
    public let outputHeight: Int
    public let outputWidth: Int

    /// Per output row oy: the first valid ky and the number of valid ky (taps on the input, not on the padding).
    let rowTaps: [TapRange]
    /// Per output column ox: the first valid kx and the number of valid kx.
    let columnTaps: [TapRange]
    /// `rowTapsBefore[oy]` = Σ_{oy' < oy} rowTaps[oy'].count (OH + 1 entries); likewise for columns.
    let rowTapsBefore: [Int]
    let columnTapsBefore: [Int]

    /// Valid kernel taps along one axis for one output index.
    struct TapRange: Sendable, Hashable {
        let first: Int
        let count: Int
    }

    /// What is wrong with a convolution's parameters, and which parameter (`inputShape`, `kernel`, `stride`,
    /// `padding`) it concerns, so a decoder names the field.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        /// `inputShape`, `kernel`, `stride` or `padding`.
        public let parameter: String
        /// One line a user can act on.
        public let reason: String
        public var description: String { "\(parameter): \(reason)" }
    }

    /// A convolution with input shape `[C, L]` (1-D) or `[C, H, W]` (2-D), `outputChannels` feature maps, kernel
    /// size `[k]` or `[k_y, k_x]`, stride `[s]` or `[s_y, s_x]`, and zero padding in ONNX's `pads` order: begins of
    /// every axis, then ends (`[left, right]` in 1-D, `[top, left, bottom, right]` in 2-D).
    ///
    /// - Throws: ``Problem`` naming the parameter: a wrong number of dimensions, a size, stride or channel count
    ///   ≤ 0, a padding < 0 or ≥ the kernel size, an output size ≤ 0 (the kernel does not fit).
    public init(inputShape: [Int], outputChannels: Int, kernelSize: [Int], stride: [Int], padding: [Int]) throws(Problem) {
        let dims = inputShape.count - 1
        guard dims == 1 || dims == 2 else {
            throw Problem(
                parameter: "inputShape",
                reason: "has \(inputShape.count) numbers \(inputShape), expected [channels, length] (1-D) or [channels, height, width] (2-D)")
        }
        for (i, n) in inputShape.enumerated() where n < 1 {
            throw Problem(parameter: "inputShape", reason: "element \(i) is \(n), every size must be >= 1")
        }
        guard outputChannels >= 1 else {
            throw Problem(parameter: "kernel", reason: "has \(outputChannels) output channels, expected at least 1")
        }
        guard kernelSize.count == dims else {
            throw Problem(parameter: "kernel", reason: "is \(kernelSize.count)-D, the input shape \(inputShape) is \(dims)-D")
        }
        for (i, k) in kernelSize.enumerated() where k < 1 {
            throw Problem(parameter: "kernel", reason: "kernel size \(k) on axis \(i) must be >= 1")
        }
        guard stride.count == dims else {
            throw Problem(parameter: "stride", reason: "has \(stride.count) numbers, expected \(dims) (one per spatial axis)")
        }
        for (i, s) in stride.enumerated() where s < 1 {
            throw Problem(parameter: "stride", reason: "element \(i) is \(s), a stride must be >= 1")
        }
        guard padding.count == 2 * dims else {
            throw Problem(
                parameter: "padding",
                reason: "has \(padding.count) numbers, expected \(2 * dims) (\(dims == 1 ? "[left, right]" : "[top, left, bottom, right]"), or one number for every side)")
        }
        for (i, p) in padding.enumerated() {
            let k = kernelSize[i % dims]
            guard p >= 0 && p < k else {
                throw Problem(
                    parameter: "padding",
                    reason: "element \(i) is \(p), must be in 0...\(k - 1) (below the kernel size \(k), so that every output unit reads at least one input)")
            }
        }
        let size = Array(inputShape.dropFirst())
        var outputSize = [Int]()
        for axis in 0..<dims {
            let padded = size[axis] + padding[axis] + padding[dims + axis]
            guard padded >= kernelSize[axis] else {
                throw Problem(
                    parameter: "kernel",
                    reason: "kernel size \(kernelSize[axis]) on axis \(axis) is larger than the padded input (\(size[axis]) + \(padding[axis]) + \(padding[dims + axis]) = \(padded)): the output would be empty")
            }
            outputSize.append((padded - kernelSize[axis]) / stride[axis] + 1)
        }
        spatialDimensions = dims
        inputChannels = inputShape[0]
        self.outputChannels = outputChannels
        if dims == 1 {
            (inputHeight, inputWidth) = (1, size[0])
            (kernelHeight, kernelWidth) = (1, kernelSize[0])
            (strideHeight, strideWidth) = (1, stride[0])
            (padTop, padLeft, padBottom, padRight) = (0, padding[0], 0, padding[1])
            (outputHeight, outputWidth) = (1, outputSize[0])
        } else {
            (inputHeight, inputWidth) = (size[0], size[1])
            (kernelHeight, kernelWidth) = (kernelSize[0], kernelSize[1])
            (strideHeight, strideWidth) = (stride[0], stride[1])
            (padTop, padLeft, padBottom, padRight) = (padding[0], padding[1], padding[2], padding[3])
            (outputHeight, outputWidth) = (outputSize[0], outputSize[1])
        }
        rowTaps = Self.taps(outputs: outputHeight, inputs: inputHeight, kernel: kernelHeight, stride: strideHeight, pad: padTop)
        columnTaps = Self.taps(outputs: outputWidth, inputs: inputWidth, kernel: kernelWidth, stride: strideWidth, pad: padLeft)
        rowTapsBefore = Self.prefixSums(rowTaps)
        columnTapsBefore = Self.prefixSums(columnTaps)
    }

    private static func taps(outputs: Int, inputs: Int, kernel: Int, stride: Int, pad: Int) -> [TapRange] {
        (0..<outputs).map { o in
            let start = o * stride - pad
            let first = max(0, -start), end = min(kernel, inputs - start)
            return TapRange(first: first, count: end - first)
        }
    }

    private static func prefixSums(_ taps: [TapRange]) -> [Int] {
        var out = [0]
        for t in taps { out.append(out[out.count - 1] + t.count) }
        return out
    }

    /// `[C, L]` or `[C, H, W]`.
    public var inputShape: [Int] {
        spatialDimensions == 1 ? [inputChannels, inputWidth] : [inputChannels, inputHeight, inputWidth]
    }
    /// `[C_out, OL]` or `[C_out, OH, OW]`: the shape a following convolution reads.
    public var outputShape: [Int] {
        spatialDimensions == 1 ? [outputChannels, outputWidth] : [outputChannels, outputHeight, outputWidth]
    }
    /// `[k]` or `[k_y, k_x]`.
    public var kernelSize: [Int] { spatialDimensions == 1 ? [kernelWidth] : [kernelHeight, kernelWidth] }
    /// `[s]` or `[s_y, s_x]`.
    public var stride: [Int] { spatialDimensions == 1 ? [strideWidth] : [strideHeight, strideWidth] }
    /// ONNX `pads` order: `[left, right]` or `[top, left, bottom, right]`.
    public var padding: [Int] {
        spatialDimensions == 1 ? [padLeft, padRight] : [padTop, padLeft, padBottom, padRight]
    }

    /// The number of input units, C_in · H · W.
    public var inputCount: Int { inputChannels * inputHeight * inputWidth }
    /// Positions per feature map, OH · OW.
    public var positions: Int { outputHeight * outputWidth }
    /// The number of output units (neurons), C_out · OH · OW.
    public var outputCount: Int { outputChannels * positions }
    /// The number of kernel weights, C_out · C_in · k_y · k_x.
    public var kernelCount: Int { outputChannels * inputChannels * kernelHeight * kernelWidth }
    /// The largest number of synapses into one output unit, C_in · k_y · k_x (fewer at a padded border).
    public var maxFanIn: Int { inputChannels * kernelHeight * kernelWidth }
    /// Synapses into one feature map (every output channel has the same count).
    var synapsesPerChannel: Int { inputChannels * rowTapsBefore[outputHeight] * columnTapsBefore[outputWidth] }
    /// The number of synapses: (output unit, input unit) pairs the kernel connects.
    public var synapseCount: Int { outputChannels * synapsesPerChannel }

    /// The largest number of output units that one input unit feeds: C_out times, per axis, the largest number of
    /// output positions whose window covers one input position (⌈k/s⌉ or fewer). Used by the sparse factor of Erf
    /// (Docs/theory.md, section 17).
    public var maxFanOut: Int {
        func axis(_ taps: [TapRange], inputs: Int, stride: Int, pad: Int) -> Int {
            var covered = [Int](repeating: 0, count: inputs)
            for (o, t) in taps.enumerated() {
                for k in t.first..<(t.first + t.count) { covered[o * stride - pad + k] += 1 }
            }
            return covered.max() ?? 0
        }
        return outputChannels * axis(rowTaps, inputs: inputHeight, stride: strideHeight, pad: padTop)
            * axis(columnTaps, inputs: inputWidth, stride: strideWidth, pad: padLeft)
    }

    /// The output unit's channel, row and column.
    @inlinable
    public func outputPosition(_ unit: Int) -> (channel: Int, y: Int, x: Int) {
        let p = unit % positions
        return (unit / positions, p / outputWidth, p % outputWidth)
    }

    /// The input unit's channel, row and column.
    @inlinable
    public func inputPosition(_ unit: Int) -> (channel: Int, y: Int, x: Int) {
        let plane = inputHeight * inputWidth
        let p = unit % plane
        return (unit / plane, p / inputWidth, p % inputWidth)
    }

    /// The index of kernel weight (o, c, ky, kx) in the layer's `weights` (C order over C_out × C_in × k_y × k_x).
    @inlinable
    public func kernelIndex(output o: Int, input c: Int, ky: Int, kx: Int) -> Int {
        ((o * inputChannels + c) * kernelHeight + ky) * kernelWidth + kx
    }

    /// The index of the first synapse into output unit `target`; the synapses into it follow contiguously,
    /// ordered by source unit.
    public func firstSynapse(of target: Int) -> Int {
        let (o, oy, ox) = outputPosition(target)
        let before = rowTapsBefore[oy] * columnTapsBefore[outputWidth] + rowTaps[oy].count * columnTapsBefore[ox]
        return o * synapsesPerChannel + inputChannels * before
    }

    /// The number of synapses into output unit `target`: C_in times its valid taps.
    public func fanIn(of target: Int) -> Int {
        let (_, oy, ox) = outputPosition(target)
        return inputChannels * rowTaps[oy].count * columnTaps[ox].count
    }

    /// Calls `body(source, kernelIndex)` for every synapse into `target`, in increasing source order (input
    /// channel, then row, then column): the order of the synapse numbering and of every sum over them.
    @inlinable
    public func forEachSource(of target: Int, _ body: (_ source: Int, _ kernelIndex: Int) -> Void) {
        let (o, oy, ox) = outputPosition(target)
        let (ry, rx) = (rowRange(oy), columnRange(ox))
        let y0 = oy * strideHeight - padTop, x0 = ox * strideWidth - padLeft
        for c in 0..<inputChannels {
            for ky in ry {
                let rowStart = (c * inputHeight + y0 + ky) * inputWidth + x0
                let kernelRow = kernelIndex(output: o, input: c, ky: ky, kx: 0)
                for kx in rx { body(rowStart + kx, kernelRow + kx) }
            }
        }
    }

    /// Valid ky for output row `oy`.
    @usableFromInline
    func rowRange(_ oy: Int) -> Range<Int> { rowTaps[oy].first..<(rowTaps[oy].first + rowTaps[oy].count) }
    /// Valid kx for output column `ox`.
    @usableFromInline
    func columnRange(_ ox: Int) -> Range<Int> {
        columnTaps[ox].first..<(columnTaps[ox].first + columnTaps[ox].count)
    }

    /// Synapse number `index` (0..<``synapseCount``) as (target, source, kernel index).
    ///
    /// Precondition: `index` is in range.
    public func synapse(at index: Int) -> (target: Int, source: Int, kernelIndex: Int) {
        precondition((0..<synapseCount).contains(index), "synapse \(index) out of range 0..<\(synapseCount)")
        let o = index / synapsesPerChannel
        let r = index - o * synapsesPerChannel
        // The row: the last oy whose first synapse is ≤ r (binary search on the prefix sums).
        let perRowUnit = inputChannels * columnTapsBefore[outputWidth]
        let oy = Self.lastIndex(in: rowTapsBefore, atMost: r, scale: perRowUnit, count: outputHeight)
        let r2 = r - perRowUnit * rowTapsBefore[oy]
        let perColumnUnit = inputChannels * rowTaps[oy].count
        let ox = Self.lastIndex(in: columnTapsBefore, atMost: r2, scale: perColumnUnit, count: outputWidth)
        let local = r2 - perColumnUnit * columnTapsBefore[ox]
        let (cy, cx) = (rowTaps[oy].count, columnTaps[ox].count)
        let c = local / (cy * cx), rest = local % (cy * cx)
        let ky = rowTaps[oy].first + rest / cx, kx = columnTaps[ox].first + rest % cx
        let iy = oy * strideHeight - padTop + ky, ix = ox * strideWidth - padLeft + kx
        let target = (o * outputHeight + oy) * outputWidth + ox
        let source = (c * inputHeight + iy) * inputWidth + ix
        return (target, source, kernelIndex(output: o, input: c, ky: ky, kx: kx))
    }

    /// The largest i in 0..<count with scale · prefix[i] ≤ value.
    private static func lastIndex(in prefix: [Int], atMost value: Int, scale: Int, count: Int) -> Int {
        var lo = 0, hi = count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if scale * prefix[mid] <= value { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// The synapse number and kernel index of the synapse from input unit `source` to output unit `target`, or
    /// nil when the kernel does not connect them (or either is out of range).
    public func synapse(target: Int, source: Int) -> (index: Int, kernelIndex: Int)? {
        guard (0..<outputCount).contains(target), (0..<inputCount).contains(source) else { return nil }
        let (o, oy, ox) = outputPosition(target)
        let (c, iy, ix) = inputPosition(source)
        let ky = iy - (oy * strideHeight - padTop), kx = ix - (ox * strideWidth - padLeft)
        guard (0..<kernelHeight).contains(ky), (0..<kernelWidth).contains(kx) else { return nil }
        let (ry, rx) = (rowTaps[oy], columnTaps[ox])
        let local = (c * ry.count + (ky - ry.first)) * rx.count + (kx - rx.first)
        return (firstSynapse(of: target) + local, kernelIndex(output: o, input: c, ky: ky, kx: kx))
    }
}
