import Testing

@testable import NeuroFailEngine

@Suite struct CombinationTests {
    @Test func advanceWalksAllSubsetsInLexicographicOrderAndRanksAgree() {
        var c = Combination(n: 6, k: 3)
        var seen = [[Int]]()
        repeat {
            seen.append(c.indices)
        } while c.advance() != nil
        #expect(seen.count == 20)
        #expect(seen == seen.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(Set(seen).count == 20)
        for (rank, subset) in seen.enumerated() {
            #expect(Combination(n: 6, k: 3, rank: UInt64(rank)).indices == subset)
        }
        #expect(c.indices == [0, 1, 2])  // restarted after the last subset
    }

    @Test func advanceReportsTheFirstChangedPosition() {
        var c = Combination(n: 5, k: 3, rank: 0)  // [0, 1, 2]
        #expect(c.advance() == 2)  // [0, 1, 3]
        #expect(c.advance() == 2)  // [0, 1, 4]
        #expect(c.advance() == 1)  // [0, 2, 3]
        #expect(c.indices == [0, 2, 3])
    }

    @Test func emptySubsetIsTheOnlyOne() {
        var c = Combination(n: 4, k: 0)
        #expect(c.indices.isEmpty)
        #expect(c.advance() == nil)
    }
}
