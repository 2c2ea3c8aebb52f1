/// A k-subset of 0..<n as a sorted index list, stepped through all C(n, k) subsets in lexicographic order.
struct Combination: Sendable, Hashable {
    /// The current subset, increasing.
    private(set) var indices: [Int]
    let n: Int

    /// The subset of lexicographic rank `rank` (0-based; 0 is [0, 1, …, k − 1]). Precondition: rank < C(n, k).
    init(n: Int, k: Int, rank: UInt64 = 0) {
        self.n = n
        var result = [Int]()
        result.reserveCapacity(k)
        var r = rank
        var candidate = 0
        for position in 0..<k {
            while true {
                // Subsets whose element at `position` is `candidate`, given the elements before it.
                let count = Binomial.exact(n - 1 - candidate, k - 1 - position)!
                if r < count { break }
                r -= count
                candidate += 1
            }
            result.append(candidate)
            candidate += 1
        }
        precondition(r == 0 || k == 0, "rank out of range")
        indices = result
    }

    /// Steps to the next subset; returns false (and restarts at rank 0) after the last one.
    /// - Returns: the first position that changed (0 after a restart), or nil after a restart.
    @discardableResult
    mutating func advance() -> Int? {
        let k = indices.count
        var p = k - 1
        while p >= 0 && indices[p] == n - k + p { p -= 1 }
        guard p >= 0 else {
            for i in 0..<k { indices[i] = i }
            return nil
        }
        indices[p] += 1
        for j in (p + 1)..<k { indices[j] = indices[j - 1] + 1 }
        return p
    }

    /// Steps `steps` subsets ahead where only the last element changes (as many ``advance()`` calls that each
    /// return k − 1). Precondition: the last element plus `steps` is below n.
    mutating func advanceLast(by steps: Int) {
        precondition(indices[indices.count - 1] + steps < n, "advanceLast past the last subset of this prefix")
        indices[indices.count - 1] += steps
    }
}
