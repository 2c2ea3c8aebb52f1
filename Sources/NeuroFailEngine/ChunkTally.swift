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

    /// Adds the sums of sets 0..<count of the chunk on one block of inputs, computed elsewhere as eight lanes each
    /// (`sumLanes[p]`, `squareLanes[p]`, summed across here): per set in order, the same operations on the block's
    /// sum and sum of squares as ``record(_:blockSize:first:count:set:setNumber:)`` performs (maxima aside: see
    /// ``offer(largest:setNumber:input:)``).
    mutating func addBlock(
        sumLanes: UnsafePointer<SIMD8<Double>>, squareLanes: UnsafePointer<SIMD8<Double>>, count: Int
    ) {
        setSums.withUnsafeMutableBufferPointer { setSums in
            for p in 0..<count {
                let blockSum = sumLanes[p].sum()
                sum.add(blockSum)
                squares.add(squareLanes[p].sum())
                setSums[p] += blockSum
            }
        }
    }

    /// Adds sets `from ..< from + sets` of the chunk on every block of inputs, computed elsewhere:
    /// `blockSums[s · blocks + b]` and `squareSums[s · blocks + b]` set s's sum and sum of squares on block b; set by
    /// set, block by block, the same operations as ``record(_:blockSize:first:count:set:setNumber:)`` called in that
    /// order performs on them (maxima aside: see ``offer(largest:setNumber:input:)``).
    mutating func addSets(blockSums: [Double], squareSums: [Double], sets: Int, blocks: Int, from: Int) {
        for s in 0..<sets {
            for b in 0..<blocks {
                let blockSum = blockSums[s * blocks + b]
                sum.add(blockSum)
                squares.add(squareSums[s * blocks + b])
                setSums[from + s] += blockSum
            }
        }
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
