import NeuroFailCore

/// Upper bounds over the input box of linear forms Σ_i a_i·z_i^(m) + d_i·δ_i^(m) in the pre-activations z^(m) of
/// weight matrix m and their differences δ^(m) = z^(m) − ẑ^(m) between the pristine and the faulty chip, by
/// back-substitution (Docs/theory.md, section 13): each layer's values are replaced by the linear bounds of their
/// relaxations (the upper line where the coefficient is positive, the lower one where it is negative), each affine
/// map by its weights, down to the input, where the linear form is maximised exactly over the box.
///
/// One row per linear form; rows are independent and run together so that the work is matrix–matrix products.
/// Rounding is bounded outwardly at every step (section 14), so the results are upper bounds in exact arithmetic.
struct BackSubstitution {
    /// The layers as the faulty chip sees them. For a pristine analysis `masked[m] == weights`, no crashed synapses,
    /// no dead or affected neurons, and every `d` coefficient is 0.
    struct Layers {
        let network: PackedNetwork
        let box: InputBox
        /// Per matrix m: the faulty chip's weights Ŵ (crashed synapses zeroed, changed weights as stored).
        let masked: [[Double]]
        /// Per matrix m: the terms of W − Ŵ (target, source, part of w − ŵ; a crashed synapse's part is w).
        let crashed: [[(target: Int, source: Int, weight: Double)]]
        /// Per hidden layer h = 1...L at index h − 1: the pristine relaxations.
        let relaxations: [[LinearRelaxation]]
        /// Per hidden layer: the relaxations of Δy (`.zero` for unaffected neurons), empty for a pristine analysis.
        let deltaRelaxations: [[DeltaRelaxation]]
        /// Per hidden layer: neurons whose output is fixed (crashed: 0, stuck: c), and those values (empty: all 0).
        let dead: [[Bool]]
        var fixed: [[Double]] = []
        /// Per hidden layer: bounds on |z| and |δ| of its neurons, for the rounding terms.
        let zMagnitudes: [[Double]]
        let deltaMagnitudes: [[Double]]
        /// Per hidden layer h = 0...L: bounds on the pristine |y| (h = 0: the box).
        let yMagnitudes: [[Double]]
        /// Per matrix m: Σ_j |w_ij| |y_j| and Σ_j |w^c_ij| |y_j| + |ŵ_ij| |Δy_j| (the rounding terms of the affine
        /// step, section 14).
        let weightedY: [[Double]]
        let weightedDelta: [[Double]]
    }

    let layers: Layers

    /// Upper bounds of `rows` linear forms with coefficients `a` on z^(m) and `d` on δ^(m) (row-major,
    /// `rows × N`), `m = start`.
    func upperBounds(from start: Int, rows: Int, a: [Double], d: [Double]) -> [Double] {
        upperBoundsAndMaximizers(from: start, rows: rows, a: a, d: d, maximizers: false).bounds
    }

    /// ``upperBounds(from:rows:a:d:)`` and, with `maximizers`, for each row the corner of the box that maximises its
    /// final linear form: where the relaxation says the row is largest, a good place to start a search for the
    /// true worst input.
    func upperBoundsAndMaximizers(from start: Int, rows: Int, a: [Double], d: [Double], maximizers: Bool)
        -> (bounds: [Double], corners: [[Double]])
    {
        let network = layers.network
        let u = RoundingError.unit
        var az = a, ad = d
        var hasDelta = ad.contains { $0 != 0 }
        var constant = [Double](repeating: 0, count: rows)
        var constantAbs = [Double](repeating: 0, count: rows)
        var constantTerms = 0
        var error = [Double](repeating: 0, count: rows)
        var m = start
        while true {
            let matrix = network.matrices[m]
            let n = matrix.fanOut, k = matrix.fanIn
            // The affine step: the bias, the rounding of the coefficient products (section 14), then the products.
            let gamma = RoundingError.gamma(n + 4) * (1 + RoundingError.gamma(k + n + 8))
            for r in 0..<rows {
                var c = 0.0, cAbs = 0.0, e = 0.0
                for i in 0..<n {
                    let a = az[r * n + i]
                    if a != 0 {
                        let p = a * matrix.bias[i]
                        c += p
                        cAbs += abs(p)
                        e += abs(a) * layers.weightedY[m][i]
                    }
                    if hasDelta {
                        let dv = ad[r * n + i]
                        if dv != 0 { e += abs(dv) * layers.weightedDelta[m][i] }
                    }
                }
                constant[r] += c
                constantAbs[r] += cAbs
                error[r] += gamma * e
            }
            constantTerms += n
            var gy = [Double](repeating: 0, count: rows * k)
            var gd = [Double](repeating: 0, count: (hasDelta && m > 0) ? rows * k : 0)
            Self.accumulate(into: &gy, rows: rows, coefficients: az, matrix, weights: matrix.weights)
            if hasDelta {
                if m > 0 { Self.accumulate(into: &gd, rows: rows, coefficients: ad, matrix, weights: layers.masked[m]) }
                for s in layers.crashed[m] {
                    for r in 0..<rows { gy[r * k + s.source] += ad[r * n + s.target] * s.weight }
                }
            }
            if m == 0 {
                let bounds = concretize(gy, rows: rows, k: k, constant, constantAbs, constantTerms, error)
                guard maximizers else { return (bounds, []) }
                let corners = (0..<rows).map { r in
                    (0..<k).map { j in gy[r * k + j] >= 0 ? layers.box.upper[j] : layers.box.lower[j] }
                }
                return (bounds, corners)
            }

            // The activation step of hidden layer h = m (the values matrix m reads).
            let h = m - 1
            let relax = layers.relaxations[h]
            let dead = layers.dead.isEmpty ? [] : layers.dead[h]
            let fixedValues = layers.fixed.isEmpty ? [] : layers.fixed[h]
            let deltaRelax = layers.deltaRelaxations.isEmpty ? [] : layers.deltaRelaxations[h]
            let zMax = layers.zMagnitudes[h], dMax = layers.deltaMagnitudes.isEmpty ? [] : layers.deltaMagnitudes[h]
            let yMax = layers.yMagnitudes[h + 1]
            var nextA = [Double](repeating: 0, count: rows * k)
            var nextD = [Double](repeating: 0, count: hasDelta ? rows * k : 0)
            var anyDelta = false
            for r in 0..<rows {
                var c = 0.0, cAbs = 0.0, e = 0.0
                for j in 0..<k {
                    var y = gy[r * k + j]
                    var dv = hasDelta ? gd[r * k + j] : 0
                    if dv != 0 {
                        if dead[j] {
                            // A crashed neuron sends 0, so Δy = y; a stuck one sends c, so Δy = y − c.
                            y += dv
                            e += 2 * u * abs(y) * yMax[j]
                            let value = fixedValues.isEmpty ? 0 : fixedValues[j]
                            if value != 0 {
                                let p = -dv * value
                                c += p
                                cAbs += abs(p)
                            }
                            dv = 0
                        }
                    }
                    var cz = 0.0, cd = 0.0
                    if dv != 0 {
                        let plane = dv > 0 ? deltaRelax[j].upper : deltaRelax[j].lower
                        cz = dv * plane.z
                        cd = dv * plane.d
                        let pb = dv * plane.b
                        c += pb
                        cAbs += abs(pb)
                        e += 3 * u * abs(cz) * zMax[j] + u * abs(cd) * dMax[j]
                    }
                    if y != 0 {
                        let line = y > 0 ? relax[j].upper : relax[j].lower
                        let p = y * line.slope
                        e += 3 * u * abs(p) * zMax[j]
                        cz += p
                        let pb = y * line.offset
                        c += pb
                        cAbs += abs(pb)
                    }
                    nextA[r * k + j] = cz
                    if cd != 0 {
                        nextD[r * k + j] = cd
                        anyDelta = true
                    }
                }
                constant[r] += c
                constantAbs[r] += cAbs
                error[r] += e
            }
            constantTerms += 2 * k
            az = nextA
            ad = nextD
            hasDelta = anyDelta
            m -= 1
        }
    }

    /// rows × k += coefficients (rows × n) · matrix (n × k), `weights` (one per synapse) standing in for the
    /// matrix's: the hot loop, as row updates (axpy) over contiguous memory for a dense matrix, scattered over the
    /// synapses that exist for a sparse one. Either way each entry sums its terms by increasing target, so the two
    /// agree bit for bit (a dense row's zeros add exact zeros).
    static func accumulate(
        into out: inout [Double], rows: Int, coefficients: [Double], _ matrix: PackedNetwork.Matrix, weights: [Double]
    ) {
        let n = matrix.fanOut, k = matrix.fanIn
        coefficients.withUnsafeBufferPointer { a in
            weights.withUnsafeBufferPointer { w in
                out.withUnsafeMutableBufferPointer { g in
                    guard let a = a.baseAddress, let g = g.baseAddress else { return }
                    for r in 0..<rows {
                        let target = g + r * k
                        for i in 0..<n {
                            let c = a[r * n + i]
                            if c == 0 { continue }
                            if let rowStart = matrix.rowStart {
                                for q in rowStart[i]..<rowStart[i + 1] { target[Int(matrix.sources[q])] += c * w[q] }
                            } else if let w = w.baseAddress {
                                let row = w + i * k
                                for j in 0..<k { target[j] += c * row[j] }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The maximum of each row's linear form over the box, plus its constant, made rigorous.
    private func concretize(
        _ gy: [Double], rows: Int, k: Int, _ constant: [Double], _ constantAbs: [Double], _ terms: Int,
        _ error: [Double]
    ) -> [Double] {
        let box = layers.box
        let magnitudes = layers.yMagnitudes[0]
        return (0..<rows).map { r in
            var s = constant[r], sAbs = constantAbs[r]
            for j in 0..<k {
                let g = gy[r * k + j]
                if g == 0 { continue }
                s += g >= 0 ? g * box.upper[j] : g * box.lower[j]
                sAbs += abs(g) * magnitudes[j]
            }
            let rounding = RoundingError.ofSum(terms: terms + k, absoluteSum: sAbs)
            let value = RoundingError.above(s, by: rounding + error[r] * (1 + 1e-12))
            return value.isNaN ? .infinity : value
        }
    }
}
