import Testing

@testable import NeuroFailEngine

@Suite struct CompensatedSumTests {
    @Test func recoversTermsANaiveSumLoses() {
        var s = CompensatedSum()
        for x in [1e16, 1, -1e16, 1] { s.add(x) }
        #expect(s.value == 2)
        #expect(1e16 + 1 - 1e16 + 1 != 2)
    }

    @Test func manySmallTermsStayExact() {
        var s = CompensatedSum()
        for _ in 0..<1_000_000 { s.add(0.1) }
        #expect(abs(s.value - 100_000) <= 1e-9)
    }

    @Test func mergingPartsEqualsOneSum() {
        var a = CompensatedSum(), b = CompensatedSum(), whole = CompensatedSum()
        for i in 0..<1000 {
            let x = 1.0 / Double(i + 1)
            whole.add(x)
            if i < 400 { a.add(x) } else { b.add(x) }
        }
        #expect(abs(a.merged(with: b).value - whole.value) <= 1e-15 * whole.value)
        #expect(CompensatedSum().merged(with: whole).value == whole.value)
    }
}
