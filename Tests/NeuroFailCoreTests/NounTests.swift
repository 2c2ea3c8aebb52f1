import Testing

@testable import NeuroFailCore

struct NounTests {
    @Test func oneTakesTheSingularEveryOtherCountThePlural() {
        #expect(Noun.count(1, "failure") == "1 failure")
        #expect(Noun.count(0, "failure") == "0 failures")
        #expect(Noun.count(2, "input") == "2 inputs")
        #expect(Noun.count(1, "crash", plural: "crashes") == "1 crash")
        #expect(Noun.count(3, "crash", plural: "crashes") == "3 crashes")
        #expect(Noun.count(17296, "run", digits: { "<\($0)>" }) == "<17296> runs")
    }
}
