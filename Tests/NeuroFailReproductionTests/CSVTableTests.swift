import Testing

@testable import NeuroFailReproduction

@Suite struct CSVTableTests {
    @Test func commentsHeaderAndRoundTrippingNumbers() {
        var table = CSVTable(comments: ["a note"], header: ["name", "x"])
        table.append(["one", 1])
        table.append([.text("third"), .number(1.0 / 3)])
        #expect(table.text == "# a note\nname,x\none,1\nthird,0.33333333333333331\n")
        #expect(Double("0.33333333333333331") == 1.0 / 3)
    }
}
