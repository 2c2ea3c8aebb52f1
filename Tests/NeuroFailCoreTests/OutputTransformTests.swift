import Foundation
import Testing

@testable import NeuroFailCore

struct OutputTransformTests {
    @Test func softmaxOfScoresMatchesTheHandComputedProbabilities() {
        // e^0 : e^1 : e^2 = 1 : e : e², total 1 + e + e².
        let p = OutputTransform.softmax([0, 1, 2])
        let total = 1 + M_E + M_E * M_E
        for (a, b) in zip(p, [1 / total, M_E / total, M_E * M_E / total]) { #expect(abs(a - b) < 1e-15) }
    }

    @Test func logSoftmaxIsTheLogOfSoftmaxAndStaysFiniteForHugeScores() {
        let scores = [1000.0, 999, -1000]
        let logs = OutputTransform.logSoftmax(scores)
        let p = OutputTransform.softmax(scores)
        #expect(logs.allSatisfy { $0.isFinite })
        for (l, q) in zip(logs.prefix(2), p.prefix(2)) { #expect(abs(l - log(q)) < 1e-12) }
        #expect(abs(logs[0] - -log(1 + exp(-1))) < 1e-15)
        #expect(logs[2] == -2000 - log(1 + exp(-1)))
    }
}
