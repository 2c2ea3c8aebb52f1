import Foundation
import Testing

@testable import NeuroFailCore

struct InputBoxTests {
    @Test func theChipsDomainIsAUniformBoxNamedForReports() {
        let box = InputBox(InputDomain(lower: -1, upper: 2.5), dimension: 3)
        #expect(box.lower == [-1, -1, -1] && box.upper == [2.5, 2.5, 2.5] && box.dimension == 3)
        #expect(box.source == "chip domain [-1, 2.5]^3")
        #expect(box.magnitudes == [2.5, 2.5, 2.5])
    }

    @Test func containsChecksEveryFeatureAndTheCount() {
        let box = InputBox(lower: [0, -2], upper: [1, -1], source: "hand")
        #expect(box.contains([0, -2]) && box.contains([1, -1]) && box.contains([0.5, -1.5]))
        #expect(!box.contains([Double(1).nextUp, -1.5]))
        #expect(!box.contains([0.5, -0.5]))
        #expect(!box.contains([0.5]) && !box.contains([0.5, -1.5, 0]))
        #expect(!box.contains([Double.nan, -1.5]), "NaN is in no interval")
    }

    @Test func insideMeansEveryIntervalInsideTheOthers() {
        let outer = InputBox(lower: [0, 0], upper: [1, 1], source: "outer")
        #expect(InputBox(lower: [0, 0.2], upper: [1, 0.3], source: "a").isInside(outer))
        #expect(outer.isInside(outer))
        #expect(!InputBox(lower: [-0.1, 0.2], upper: [1, 0.3], source: "b").isInside(outer))
        #expect(!InputBox(lower: [0], upper: [1], source: "c").isInside(outer), "another dimension")
    }

    /// Rows (0.5, 3), (−1, 4), (2, 3.5): per-feature min (−1, 3) and max (2, 4).
    @Test func envelopeIsThePerFeatureMinimumAndMaximum() {
        let batch = InputBatch(count: 3, dimension: 2, values: [0.5, 3, -1, 4, 2, 3.5])
        let box = InputBox.envelope(of: batch, source: "three rows")
        #expect(box.lower == [-1, 3] && box.upper == [2, 4] && box.source == "three rows")
        let single = InputBox.envelope(of: InputBatch(count: 1, dimension: 2, values: [7, 8]), source: "one")
        #expect(single.lower == [7, 8] && single.upper == [7, 8])
        #expect(box.magnitudes == [2, 4])
    }
}
