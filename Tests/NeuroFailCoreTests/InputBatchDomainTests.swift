import Foundation
import Testing

@testable import NeuroFailCore

struct InputBatchDomainTests {
    private let box = InputBox(lower: [0, 0, -1], upper: [1, 1, 1], source: "chip domain")

    @Test func inputsInsideTheBoxPassIncludingItsEnds() throws {
        let batch = InputBatch(count: 2, dimension: 3, values: [0, 1, -1, 0.5, 0.5, 1])
        try batch.checkInside(box, file: "x.csv")
    }

    /// The first offending value in file order: row 2 (1-based), column 3, value 16.
    @Test func anInputOutsideTheBoxNamesRowColumnAndValue() {
        let batch = InputBatch(count: 3, dimension: 3, values: [0, 1, 0, 0.5, 0.5, 16, 2, 0, 0])
        #expect(throws: InputError.invalidField(
            file: "x.csv", field: "row 2, column 3",
            reason: "16 is outside [-1, 1], the input domain (chip domain) (give --clip to clip inputs into it)")) {
            try batch.checkInside(box, file: "x.csv")
        }
        do {
            try batch.checkInside(box, file: "x.csv", hint: "set clip")
        } catch {
            #expect(error.description == "x.csv: row 2, column 3: 16 is outside [-1, 1], the input domain (chip domain) (set clip)")
        }
    }

    /// 7 rows of 37 values in [0, 1] (the ends included), one value out at row 5, column 29 (1.0000000000000002,
    /// the double after 1) and another later at row 6, column 2: the first in file order is named.
    @Test func theFirstOffendingValueOfALongRowIsFoundPastTheVectorWidth() {
        let d = 37
        var values = (0..<(7 * d)).map { Double($0 % 11) / 10 }
        values = values.map { min($0, 1) }
        values[4 * d + 28] = 1.0000000000000002
        values[5 * d + 1] = -3
        let batch = InputBatch(count: 7, dimension: d, values: values)
        let wide = InputBox(lower: Array(repeating: 0, count: d), upper: Array(repeating: 1, count: d), source: "box")
        #expect(batch.firstOutside(wide).map { [$0.row, $0.column] } == [4, 28])
        #expect(throws: InputError.invalidField(
            file: "x.csv", field: "row 5, column 29",
            reason: "1.0000000000000002 is outside [0, 1], the input domain (box) (give --clip to clip inputs into it)")) {
            try batch.checkInside(wide, file: "x.csv")
        }
        values[4 * d + 28] = 1
        values[5 * d + 1] = -0.0
        #expect(InputBatch(count: 7, dimension: d, values: values).firstOutside(wide) == nil)
    }

    @Test func aNaNInputIsOutsideEveryBox() {
        let batch = InputBatch(count: 1, dimension: 3, values: [0, .nan, 0])
        #expect(throws: InputError.self) { try batch.checkInside(box, file: "x.csv") }
    }

    /// Row 1 moves two values (−0.5 → 0, 3 → 1), row 2 none, row 3 one (−7 → −1): 3 values, 2 inputs.
    @Test func clippingMovesValuesIntoTheBoxAndCountsThem() {
        let batch = InputBatch(count: 3, dimension: 3, values: [-0.5, 3, 0, 0.2, 0.4, 0.6, 1, 1, -7])
        let (clipped, values, inputs) = batch.clipped(to: box)
        #expect(clipped.values == [0, 1, 0, 0.2, 0.4, 0.6, 1, 1, -1])
        #expect(values == 3 && inputs == 2)
        #expect(clipped.count == 3 && clipped.dimension == 3)
        let (same, none, noInputs) = clipped.clipped(to: box)
        #expect(same == clipped && none == 0 && noInputs == 0)
    }
}
