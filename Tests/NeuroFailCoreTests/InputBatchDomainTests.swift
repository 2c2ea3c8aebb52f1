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
