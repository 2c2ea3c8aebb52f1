import Foundation
import NeuroFailTestSupport
import Testing

@testable import NeuroFailCore

/// A sparse layer's accessors against its dense expansion and its own CSR arrays; the chip format's sparse layers
/// read back equal; malformed lists are refused with the field named.
struct SparseConnectivityTests {
    @Test func accessorsAgreeWithTheDenseExpansion() {
        var rng = Xoshiro256(seed: 5)
        var checked = 0
        for _ in 0..<300 {
            let chip = SparseChips.random(&rng)
            for layer in chip.hidden {
                guard let c = layer.sparse else { continue }
                let dense = layer.denseWeights
                #expect(layer.synapseCount == c.sources.count)
                var index = 0
                for t in 0..<layer.outputs {
                    #expect(layer.firstSynapse(of: t) == index)
                    #expect(layer.fanIn(of: t) == c.rowStart[t + 1] - c.rowStart[t])
                    var sources = [Int]()
                    layer.forEachIncoming(t) { s, w, k in
                        #expect(k == index && w == layer.weights[k] && dense[t * layer.inputs + s] == w)
                        #expect(layer.synapse(at: k) == (t, s))
                        #expect(layer.synapseIndex(target: t, source: s) == k)
                        #expect(layer.weight(target: t, source: s) == w && layer.weight(ofSynapse: k) == w)
                        sources.append(s)
                        index += 1
                    }
                    #expect(layer.incoming(t).map(\.source) == sources)
                    // Every pair the lists leave out is no synapse and weighs 0.
                    for s in 0..<layer.inputs where !sources.contains(s) {
                        #expect(layer.synapseIndex(target: t, source: s) == nil && layer.weight(target: t, source: s) == 0)
                        #expect(dense[t * layer.inputs + s] == 0)
                    }
                    checked += 1
                }
                // Fan-out counted by hand.
                let fanOut = (0..<layer.inputs).map { s in c.sources.filter { Int($0) == s }.count }
                #expect(layer.maxFanOut == fanOut.max())
                #expect(layer.maxFanIn == (0..<layer.outputs).map { c.fanIn(of: $0) }.max())
            }
        }
        #expect(checked > 500)
    }

    @Test func chipFileWithSparseLayersReadsBackEqual() throws {
        var rng = Xoshiro256(seed: 6)
        for _ in 0..<100 {
            let chip = SparseChips.random(&rng)
            let text = chip.json.rendered(indent: 0)
            let back = try Chip.decode(JSONValue.parse(Data(text.utf8), file: "c.json"), file: "c.json")
            #expect(back == chip)
        }
    }

    @Test func handWrittenSparseLayerReadsAsWritten() throws {
        let text = """
            {"format": "neurofail.chip/1", "inputs": 3, "activation": {"function": "relu", "lipschitz": 1},
             "layers": [{"type": "sparse", "sources": [[0, 2], [], [1]], "weights": [[1.5, -2], [], [4]], "bias": [0.5, 1, 0]}],
             "readout": {"weights": [[1, 1, 1]], "bias": [0]}}
            """
        let chip = try Chip.decode(JSONValue.parse(Data(text.utf8), file: "c.json"), file: "c.json")
        let layer = chip.hidden[0]
        #expect(layer.sparse?.rowStart == [0, 2, 2, 3] && layer.sparse?.sources == [0, 2, 1])
        #expect(layer.denseWeights == [1.5, 0, -2, 0, 0, 0, 0, 4, 0])
        #expect(chip.synapseCount == 3 + 3)
        #expect(layer.maxFanIn == 2 && layer.maxFanOut == 1)
    }

    @Test(arguments: [
        (#"[{"type": "sparse", "sources": [[0, 0]], "weights": [[1, 2]], "bias": [0]}]"#, "layers[0].sources[0][1]"),
        (#"[{"type": "sparse", "sources": [[3]], "weights": [[1]], "bias": [0]}]"#, "layers[0].sources[0][0]"),
        (#"[{"type": "sparse", "sources": [[0, 1]], "weights": [[1]], "bias": [0]}]"#, "layers[0].weights[0]"),
        (#"[{"type": "sparse", "sources": [[0]], "weights": [[1], [2]], "bias": [0]}]"#, "layers[0].weights"),
        (#"[{"type": "sparse", "sources": [[0]], "weights": [[1]], "bias": [0, 1]}]"#, "layers[0].bias"),
        (#"[{"type": "sparse", "sources": [], "weights": [], "bias": []}]"#, "layers[0].sources"),
        (#"[{"type": "sparse", "sources": [[0]], "weights": [[1]], "bias": [0], "kernel": 1}]"#, "layers[0].kernel"),
    ])
    func malformedSparseLayerIsRefusedNamingTheField(layers: String, field: String) {
        let text = """
            {"format": "neurofail.chip/1", "inputs": 3, "activation": {"function": "relu", "lipschitz": 1},
             "layers": \(layers), "readout": {"weights": [[1]], "bias": [0]}}
            """
        do {
            _ = try Chip.decode(JSONValue.parse(Data(text.utf8), file: "c.json"), file: "c.json")
            Issue.record("accepted \(layers)")
        } catch {
            #expect(error.description.contains(field), "\(error.description)")
        }
    }

    @Test func problemNamesEachBrokenInvariant() {
        #expect(SparseConnectivity.problem(inputs: 2, outputs: 1, rowStart: [0, 1], sources: [1]) == nil)
        #expect(SparseConnectivity.problem(inputs: 2, outputs: 2, rowStart: [0, 1], sources: [1]) != nil)
        #expect(SparseConnectivity.problem(inputs: 2, outputs: 1, rowStart: [1, 1], sources: [1]) != nil)
        #expect(SparseConnectivity.problem(inputs: 2, outputs: 1, rowStart: [0, 2], sources: [1]) != nil)
        #expect(SparseConnectivity.problem(inputs: 2, outputs: 2, rowStart: [0, 1, 0], sources: [1]) != nil)
        #expect(SparseConnectivity.problem(inputs: 2, outputs: 1, rowStart: [0, 2], sources: [1, 0]) != nil)
        #expect(SparseConnectivity.problem(inputs: 2, outputs: 1, rowStart: [0, 1], sources: [2]) != nil)
    }
}
