/// The partial statistics of one chunk of consecutive crash sets over all inputs (internal to campaigns).
struct ChunkTally: Sendable {
    /// Σ of deviations (one compensated addition per block of inputs).
    var sum = CompensatedSum()
    /// Σ of squared deviations.
    var squares = CompensatedSum()
    /// Per input, the largest deviation in this chunk.
    var perInputMax: [Double]
    /// Per crash set of the chunk, Σ of its deviations over the inputs.
    var setSums: [Double]
    /// The largest deviation, the set number (global) and input of its first occurrence.
    var worst = -Double.infinity
    var worstSet = -1
    var worstInput = -1

    init(inputs: Int, sets: Int) {
        perInputMax = Array(repeating: -.infinity, count: inputs)
        setSums = Array(repeating: 0, count: sets)
    }

    /// Adds the deviations of one crash set on one block of inputs.
    ///
    /// - Parameters:
    ///   - deviations: `blockSize` numbers (a multiple of 8), the last `blockSize − count` of them zero (padding).
    ///   - first: the input index of `deviations[0]`; `count` real inputs follow.
    ///   - set: the set's position in the chunk; `setNumber` its global number.
    mutating func record(
        _ deviations: UnsafePointer<Double>, blockSize: Int, first: Int, count: Int, set: Int, setNumber: Int
    ) {
        // Eight independent lanes, so the sums vectorise; zero padding adds nothing.
        var s = SIMD8<Double>(), s2 = SIMD8<Double>()
        let raw = UnsafeRawPointer(deviations)
        for i in stride(from: 0, to: blockSize, by: 8) {
            let x = raw.loadUnaligned(fromByteOffset: i * 8, as: SIMD8<Double>.self)
            s += x
            s2 += x * x
        }
        let blockSum = s.sum()
        sum.add(blockSum)
        squares.add(s2.sum())
        setSums[set] += blockSum
        var blockMax = -Double.infinity
        perInputMax.withUnsafeMutableBufferPointer { maxima in
            let maxima = maxima.baseAddress! + first
            var i = 0
            if count == blockSize {
                // Whole blocks: eight lanes, maxima by compare and select.
                var top = SIMD8<Double>(repeating: -.infinity)
                while i < count {
                    let x = raw.loadUnaligned(fromByteOffset: i * 8, as: SIMD8<Double>.self)
                    var m = UnsafeRawPointer(maxima + i).loadUnaligned(as: SIMD8<Double>.self)
                    m.replace(with: x, where: x .> m)
                    UnsafeMutableRawPointer(maxima + i).storeBytes(of: m, as: SIMD8<Double>.self)
                    top.replace(with: x, where: x .> top)
                    i += 8
                }
                blockMax = top.max()
            }
            while i < count {
                maxima[i] = max(maxima[i], deviations[i])
                blockMax = max(blockMax, deviations[i])
                i += 1
            }
        }
        if blockMax > worst {
            worst = blockMax
            worstSet = setNumber
            worstInput = first + (0..<count).first { deviations[$0] == blockMax }!
        }
    }

    /// Adds one crash set's sums on one block of inputs, computed elsewhere: the same operations, in the same order,
    /// as ``record(_:blockSize:first:count:set:setNumber:)`` performs on them (maxima aside: see
    /// ``offer(largest:set:input:)``).
    ///
    /// - Parameters:
    ///   - blockSum: Σ of the block's deviations; `squareSum` Σ of their squares.
    mutating func add(blockSum: Double, squareSum: Double, set: Int) {
        sum.add(blockSum)
        squares.add(squareSum)
        setSums[set] += blockSum
    }

    /// Offers a block's largest deviation, reached first (in set order, then input order) by set `setNumber` on
    /// `input`: it becomes the worst if it exceeds the worst so far, as in
    /// ``record(_:blockSize:first:count:set:setNumber:)``, which offers each set's block maximum in set order.
    mutating func offer(largest: Double, setNumber: Int, input: Int) {
        if largest > worst {
            worst = largest
            worstSet = setNumber
            worstInput = input
        }
    }
}
