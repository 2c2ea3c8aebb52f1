import Foundation
import Testing

@testable import NeuroFailCore

/// A labelled workload: the label before or after each row's inputs, an integer class of the chip.
struct LabelledInputsTests {
    private func message(_ text: String, column: LabelledInputs.LabelColumn = .last, classes: Int = 3) -> (String, String?) {
        let path = temporaryFile(text)
        do {
            _ = try LabelledInputs.loadCSV(path: path, dimension: 2, labelColumn: column, classes: classes)
            return (path, nil)
        } catch { return (path, error.description) }
    }

    @Test func theLabelIsTheLastOrTheFirstColumn() throws {
        let last = try LabelledInputs.loadCSV(path: temporaryFile("x1,x2,label\n0.1,0.2,2\n0.3,0.4,0\n"), dimension: 2, labelColumn: .last, classes: 3)
        #expect(last.inputs.values == [0.1, 0.2, 0.3, 0.4] && last.labels == [2, 0] && last.classes == 3)
        let first = try LabelledInputs.loadCSV(path: temporaryFile("1,0.1,0.2\n0,0.3,0.4\n"), dimension: 2, labelColumn: .first, classes: 2)
        #expect(first.inputs.values == [0.1, 0.2, 0.3, 0.4] && first.labels == [1, 0])
        #expect(first.inputs.dimension == 2 && first.inputs.count == 2)
    }

    @Test func aNonIntegerLabelNamesRowAndColumn() {
        let (path, error) = message("0.1,0.2,1\n0.1,0.2,1.5\n")
        #expect(error == path + ": row 2, column 3: label 1.5 is not a class of the chip (an integer 0...2)")
    }

    @Test func aLabelThatIsNoClassNamesRowAndColumn() {
        let (path, high) = message("0.1,0.2,3\n")
        #expect(high == path + ": row 1, column 3: label 3 is not a class of the chip (an integer 0...2)")
        let (first, negative) = message("0,0.1,0.2\n-1,0.1,0.2\n", column: .first)
        #expect(negative == first + ": row 2, column 1: label -1 is not a class of the chip (an integer 0...2)")
    }

    @Test func aChipWithOneOutputHasNoClasses() {
        let (path, error) = message("0.1,0.2,0\n", classes: 1)
        #expect(error == path + ": labels: the chip has 1 output, not a classifier readout (labels need at least 2 outputs, one per class)")
    }

    /// A row without its label is a row of the wrong width, named by its line like any input file.
    @Test func aRowWithoutItsLabelIsTheWrongWidth() {
        let (path, error) = message("0.1,0.2,0\n0.1,0.2\n")
        #expect(error == path + ": line 2: has 2 numbers, expected 3 (the chip's inputs)")
    }
}
