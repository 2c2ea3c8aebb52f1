import Testing

@testable import NeuroFailCore

@Suite struct DeviationNormTests {
    @Test func normsOfAComponentVector() {
        let d: [Double] = [3, -4, 1]
        #expect(DeviationNorm.linf(d) == 4)
        #expect(DeviationNorm.l1(d) == 8)
        #expect(DeviationNorm.l2(d) == 26.0.squareRoot())
    }

    @Test func supNormIsTheFirstCase() {
        #expect(DeviationNorm.allCases.first == .linf)
        #expect(DeviationNorm(rawValue: "l2") == .l2)
    }
}
