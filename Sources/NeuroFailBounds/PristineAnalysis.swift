import NeuroFailCore

/// The pristine chip over a box, once per chip: interval bounds of every layer tightened by back-substitution,
/// the relaxation of every hidden neuron, and the Float64 rounding error of a pristine forward pass. Every fault-set
/// analysis starts from these.
struct PristineAnalysis {
    /// z^(m) for m = 0...L.
    var pre: [IntervalVector] = []
    /// y^(h) for h = 0...L (h = 0: the box).
    var post: [IntervalVector] = []
    /// Per hidden layer.
    var relaxations: [[LinearRelaxation]] = []
    /// Per matrix m: Σ_j |w_ij| |y_j|.
    var weightedY: [[Double]] = []
    /// Per output.
    var rounding: [Double] = []

    init(network: PackedNetwork, box: InputBox) {
        post = [IntervalVector(lower: box.lower, upper: box.upper)]
        for (m, matrix) in network.matrices.enumerated() {
            let y = post[m]
            weightedY.append(Self.weighted(matrix, matrix.weights, y.magnitudes))
            var z = PackedNetwork.affine(matrix, matrix.weights, bias: matrix.bias, y)
            // Too large a chip for back-substitution keeps its interval bounds (sound, looser).
            if m >= 1, matrix.activation != nil, network.tightens {
                // Rows +e_i and −e_i on z^(m): upper and −lower bounds of every neuron at once.
                let n = matrix.fanOut
                var a = [Double](repeating: 0, count: 2 * n * n)
                for i in 0..<n {
                    a[i * n + i] = 1
                    a[(n + i) * n + i] = -1
                }
                let substitution = BackSubstitution(layers: layers(network: network, box: box))
                let upper = substitution.upperBounds(from: m, rows: 2 * n, a: a, d: [Double](repeating: 0, count: 2 * n * n))
                for i in 0..<n { z.narrow(i, lower: -upper[n + i], upper: upper[i]) }
            }
            pre.append(z)
            if let φ = matrix.activation {
                post.append(PackedNetwork.image(φ, z))
                relaxations.append((0..<z.count).map { LinearRelaxation(φ, lower: z.lower[$0], upper: z.upper[$0]) })
            }
        }
        var magnitudes = post.map(\.magnitudes)
        magnitudes.append(pre[network.depth].magnitudes)
        rounding = network.roundingErrors(magnitudes: magnitudes, masked: nil)
    }

    /// The back-substitution view of what has been computed so far (no faults).
    func layers(network: PackedNetwork, box: InputBox) -> BackSubstitution.Layers {
        BackSubstitution.Layers(
            network: network, box: box, masked: network.matrices.map(\.weights),
            crashed: network.matrices.map { _ in [] }, relaxations: relaxations, deltaRelaxations: [], dead: [],
            zMagnitudes: pre.map(\.magnitudes), deltaMagnitudes: [], yMagnitudes: post.map(\.magnitudes),
            weightedY: weightedY, weightedDelta: network.matrices.map { [Double](repeating: 0, count: $0.fanOut) })
    }

    /// Σ_j |w_ij| v_j per row i of `matrix`, with `weights` (one per synapse) standing in for its own, rounded up.
    static func weighted(_ matrix: PackedNetwork.Matrix, _ weights: [Double], _ v: [Double]) -> [Double] {
        let gamma = RoundingError.gamma(matrix.fanIn + 2)
        return RowParallel.map(matrix.fanOut, terms: matrix.weights.count) { i in
            var s = 0.0
            for k in matrix.synapses(of: i) { s += abs(weights[k]) * v[matrix.source(k, into: i)] }
            return s * (1 + gamma)
        }
    }
}
