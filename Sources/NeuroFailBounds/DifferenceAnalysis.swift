import NeuroFailCore

/// The analysis of one fault set: the faulty chip's values ŷ and the differences Δy = y − ŷ, δ = z − ẑ, layer by
/// layer, by interval propagation and (when tightening) back-substitution (Docs/theory.md, sections 11–13).
struct DifferenceAnalysis {
    let bound: FaultSetBound
    let depth: Int
    /// Per matrix: the faulty chip's weights Ŵ (crashed synapses 0, changed weights as stored), and the terms of
    /// W − Ŵ: (target, source, w − ŵ) for every synapse whose weight differs (a crashed one: w; a changed one: the
    /// difference, as one or two exactly representable parts whose sum is exact).
    var masked: [[Double]] = []
    var crashed: [[(target: Int, source: Int, weight: Double)]] = []
    /// Per hidden layer: neurons whose output is fixed (crashed: 0; stuck: its value), and those values.
    var dead: [[Bool]] = []
    var fixed: [[Double]] = []
    /// Per matrix m: which outputs of m can differ from the pristine chip at all.
    var affected: [[Bool]] = []
    /// Per matrix m: ẑ^(m) and δ^(m).
    var zPrime: [IntervalVector] = []
    var delta: [IntervalVector] = []
    /// Per layer h = 0...L: ŷ and Δy (h = 0: the box and 0).
    var yPrime: [IntervalVector] = []
    var deltaY: [IntervalVector] = []
    var deltaRelaxations: [[DeltaRelaxation]] = []
    var weightedDelta: [[Double]] = []
    /// Upper bounds of (δ_c − δ_j) at the output, when tightened.
    var pairwise: [Double]?
    /// The box corners that maximise the output rows' final linear forms, when tightened (search starts).
    var corners: [[Double]] = []

    init(bound: FaultSetBound, faults: FaultSet) {
        self.bound = bound
        let network = bound.network
        depth = network.depth
        for (m, matrix) in network.matrices.enumerated() {
            // One weight per synapse, by synapse number (every kind of layer): a copy only of the matrices that
            // have faults (copy on write).
            var w = matrix.weights
            let crashedSet = Set(faults.synapses[m])
            var changes = [(number: Int, parts: [Double])]()
            for k in faults.synapses[m] { changes.append((k, [w[k]])) }
            for e in faults.weights[m] where !crashedSet.contains(e.index) {
                // w − ŵ exactly, as fl(w − ŵ) plus its rounding error (Knuth's TwoSum): the parts are exact numbers
                // whose sum is the exact difference, so (D1) needs no extra rounding term.
                let a = w[e.index], b = -e.value
                let s = a + b, bb = s - a
                let error = (a - (s - bb)) + (b - bb)
                changes.append((e.index, error == 0 ? [s] : [s, error]))
                w[e.index] = e.value
            }
            for k in faults.synapses[m] { w[k] = 0 }
            // Synapse numbers run target by target, sources ascending, in every layer: this is (target, source) order.
            changes.sort { $0.number < $1.number }
            var list = [(target: Int, source: Int, weight: Double)]()
            for change in changes {
                let (target, source) = matrix.ends(ofSynapse: change.number)
                for part in change.parts { list.append((target, source, part)) }
            }
            masked.append(w)
            crashed.append(list)
            if m < depth {
                var d = [Bool](repeating: false, count: matrix.fanOut)
                var v = [Double](repeating: 0, count: matrix.fanOut)
                for i in faults.neurons[m] { d[i] = true }
                for e in faults.stuck[m] {
                    d[e.index] = true
                    v[e.index] = e.value
                }
                dead.append(d)
                fixed.append(v)
            }
        }
        let box = bound.box
        yPrime = [IntervalVector(lower: box.lower, upper: box.upper)]
        deltaY = [IntervalVector.zeros(box.dimension)]
    }

    /// Fills every layer; with `tighten`, each layer from the second is tightened by back-substitution before the
    /// next is computed from it.
    mutating func run(tighten: Bool) {
        let network = bound.network
        var sourceChanged = [Bool](repeating: false, count: network.matrices[0].fanIn)
        for (m, matrix) in network.matrices.enumerated() {
            let n = matrix.fanOut
            let z = bound.pristinePre[m]
            // Which targets can change: a crashed synapse into them, or a live synapse from a changed source.
            var hit = [Bool](repeating: false, count: n)
            for s in crashed[m] { hit[s.target] = true }
            for i in 0..<n where !hit[i] {
                for q in matrix.synapses(of: i) where masked[m][q] != 0 && sourceChanged[matrix.source(q, into: i)] {
                    hit[i] = true
                    break
                }
            }
            affected.append(hit)
            // The rows a fault cannot reach are the pristine ones (and their δ and weighted Δy terms exactly 0), so
            // only the reached rows are summed.
            let rows = PackedNetwork.differenceRows(
                matrix, masked[m], yPrime: yPrime[m], deltaY: deltaY[m], only: hit)
            weightedDelta.append(weightedDeltaTerms(m, rows.weighted))
            var zp = rows.zPrime
            var d = differenceIntervals(m, rows.delta)
            for i in 0..<n where !hit[i] {
                zp.lower[i] = z.lower[i]
                zp.upper[i] = z.upper[i]
                d.lower[i] = 0
                d.upper[i] = 0
            }
            Self.reconcile(z, &zp, &d, hit)
            zPrime.append(zp)
            delta.append(d)
            if tighten, m >= 1, hit.contains(true) { tightenLayer(m) }
            if m < depth, let φ = matrix.activation { activationStep(m, φ, y: bound.pristinePost[m + 1]) }
            sourceChanged = m < depth ? (0..<n).map { hit[$0] || dead[m][$0] } : []
        }
    }

    /// δ^(m) = Ŵ Δy + W^c y by intervals, Ŵ the faulty chip's weights and W^c = W − Ŵ (the crashed synapses'
    /// weights and the changes of the changed ones). `live`: Ŵ Δy by intervals
    /// (``PackedNetwork/differenceRows(_:_:yPrime:deltaY:only:)``).
    func differenceIntervals(_ m: Int, _ live: IntervalVector) -> IntervalVector {
        var d = live
        guard !crashed[m].isEmpty else { return d }
        // The crashed and changed synapses add (w_ij − ŵ_ij)·y_j with the pristine y_j; their rounding is accounted
        // per term.
        let y = bound.pristinePost[m]
        for s in crashed[m] {
            let a = s.weight * y.lower[s.source], b = s.weight * y.upper[s.source]
            let lo = min(a, b), hi = max(a, b)
            let e = 2 * RoundingError.unit * (abs(lo) + abs(hi) + abs(d.lower[s.target]) + abs(d.upper[s.target]))
            d.lower[s.target] = RoundingError.below(d.lower[s.target] + lo, by: e)
            d.upper[s.target] = RoundingError.above(d.upper[s.target] + hi, by: e)
        }
        return d
    }

    /// Narrows ẑ and δ by the identity ẑ = z − δ, each by the other two (rounded outward).
    static func reconcile(_ z: IntervalVector, _ zp: inout IntervalVector, _ d: inout IntervalVector, _ hit: [Bool]) {
        for i in 0..<z.count where hit[i] {
            d.narrow(
                i, lower: RoundingError.below(z.lower[i] - zp.upper[i], by: 0),
                upper: RoundingError.above(z.upper[i] - zp.lower[i], by: 0))
            zp.narrow(
                i, lower: RoundingError.below(z.lower[i] - d.upper[i], by: 0),
                upper: RoundingError.above(z.upper[i] - d.lower[i], by: 0))
        }
    }

    /// Per target of matrix m: Σ_j |w^c_ij| |y_j| + |ŵ_ij| |Δy_j|, rounded up (rounding terms, section 14).
    /// `live`: the Σ_j |ŵ_ij| |Δy_j| part (``PackedNetwork/differenceRows(_:_:yPrime:deltaY:only:)``); a row it
    /// left out is 0, rightly: with no crashed or changed synapse into it and no source whose Δy can be non-zero,
    /// each of its terms is exactly 0.
    func weightedDeltaTerms(_ m: Int, _ live: [Double]) -> [Double] {
        var out = live
        let y = bound.pristinePost[m]
        for s in crashed[m] { out[s.target] += abs(s.weight) * y.magnitude(s.source) * (1 + 4 * RoundingError.unit) }
        return out
    }

    /// ŷ, Δy and the relaxations of hidden layer m + 1 from matrix m's bounds.
    mutating func activationStep(_ m: Int, _ φ: Activation, y: IntervalVector) {
        let z = bound.pristinePre[m], zp = zPrime[m], d = delta[m]
        let n = z.count
        var yp = IntervalVector.zeros(n), dy = IntervalVector.zeros(n)
        var relax = [DeltaRelaxation](repeating: .zero, count: n)
        let u = RoundingError.unit
        for i in 0..<n {
            if dead[m][i] {
                // ŷ = c exactly (0 for a crashed neuron), Δy = y − c.
                let c = fixed[m][i]
                if c == 0 {
                    dy.lower[i] = y.lower[i]
                    dy.upper[i] = y.upper[i]
                } else {
                    yp.lower[i] = c
                    yp.upper[i] = c
                    dy.lower[i] = RoundingError.below(y.lower[i] - c, by: 0)
                    dy.upper[i] = RoundingError.above(y.upper[i] - c, by: 0)
                }
                continue
            }
            if !affected[m][i] {
                yp.lower[i] = y.lower[i]
                yp.upper[i] = y.upper[i]
                continue
            }
            let image = PackedNetwork.image(φ, IntervalVector(lower: [zp.lower[i]], upper: [zp.upper[i]]))
            yp.lower[i] = image.lower[0]
            yp.upper[i] = image.upper[0]
            // Δy ∈ [φ(z_lo) − φ(ẑ_hi), φ(z_hi) − φ(ẑ_lo)] ∩ [s₀, s₁]·[δ_lo, δ_hi].
            let lo1 = RoundingError.below(y.lower[i] - yp.upper[i], by: 0)
            let hi1 = RoundingError.above(y.upper[i] - yp.lower[i], by: 0)
            let s = SlopeBounds(φ, lower: min(z.lower[i], zp.lower[i]), upper: max(z.upper[i], zp.upper[i]))
            let dl = d.lower[i], du = d.upper[i]
            let lo2 = dl < 0 ? s.upper * dl : s.lower * dl
            let hi2 = du > 0 ? s.upper * du : s.lower * du
            dy.lower[i] = max(lo1, RoundingError.below(lo2, by: u * abs(lo2)))
            dy.upper[i] = min(hi1, RoundingError.above(hi2, by: u * abs(hi2)))
            relax[i] = DeltaRelaxation(
                φ, z: (z.lower[i], z.upper[i]), zPrime: (zp.lower[i], zp.upper[i]), delta: (dl, du),
                pristine: bound.pristineRelaxations[m][i],
                faulty: LinearRelaxation(φ, lower: zp.lower[i], upper: zp.upper[i]))
        }
        yPrime.append(yp)
        deltaY.append(dy)
        deltaRelaxations.append(relax)
    }

    /// Tightens δ^(m) and ẑ^(m) (and at the output the pairwise gaps) by back-substitution.
    mutating func tightenLayer(_ m: Int) {
        let n = bound.network.matrices[m].fanOut
        let targets = (0..<n).filter { affected[m][$0] }
        let output = m == depth
        // Rows: +δ_i, −δ_i, and for hidden layers +ẑ_i = z_i − δ_i, −ẑ_i; at the output, δ_c − δ_j for c ≠ j.
        var rowsA = [[Double]](), rowsD = [[Double]]()
        func row(_ i: Int, a: Double, d: Double) {
            var ra = [Double](repeating: 0, count: n), rd = ra
            ra[i] = a
            rd[i] = d
            rowsA.append(ra)
            rowsD.append(rd)
        }
        for i in targets {
            row(i, a: 0, d: 1)
            row(i, a: 0, d: -1)
            if !output {
                row(i, a: 1, d: -1)
                row(i, a: -1, d: 1)
            }
        }
        var pairs = [(Int, Int)]()
        if output, n > 1 {
            for c in 0..<n {
                for j in 0..<n where j != c {
                    var rd = [Double](repeating: 0, count: n)
                    rd[c] = 1
                    rd[j] = -1
                    rowsA.append([Double](repeating: 0, count: n))
                    rowsD.append(rd)
                    pairs.append((c, j))
                }
            }
        }
        let substitution = BackSubstitution(layers: layers())
        let (upper, found) = substitution.upperBoundsAndMaximizers(
            from: m, rows: rowsA.count, a: rowsA.flatMap { $0 }, d: rowsD.flatMap { $0 }, maximizers: output)
        if output { corners = Array(found.prefix(2 * targets.count)) }
        let per = output ? 2 : 4
        for (t, i) in targets.enumerated() {
            delta[m].narrow(i, lower: -upper[per * t + 1], upper: upper[per * t])
            if !output { zPrime[m].narrow(i, lower: -upper[per * t + 3], upper: upper[per * t + 2]) }
        }
        Self.reconcile(bound.pristinePre[m], &zPrime[m], &delta[m], affected[m])
        if output, n > 1 {
            var p = [Double](repeating: 0, count: n * n)
            let base = per * targets.count
            for (index, (c, j)) in pairs.enumerated() {
                // Never looser than the interval gap.
                let interval = RoundingError.above(delta[m].upper[c] - delta[m].lower[j], by: 0)
                p[c * n + j] = min(upper[base + index], interval)
            }
            pairwise = p
        }
    }

    /// The back-substitution view of the layers computed so far.
    func layers() -> BackSubstitution.Layers {
        BackSubstitution.Layers(
            network: bound.network, box: bound.box, masked: masked, crashed: crashed,
            relaxations: bound.pristineRelaxations, deltaRelaxations: deltaRelaxations, dead: dead, fixed: fixed,
            zMagnitudes: bound.pristinePre.map(\.magnitudes), deltaMagnitudes: delta.map(\.magnitudes),
            yMagnitudes: bound.pristinePost.map(\.magnitudes), weightedY: bound.weightedY,
            weightedDelta: weightedDelta)
    }

    /// The bound at the output.
    func result(method: FaultSetBound.Method) -> DeviationBound {
        let out = delta[depth]
        let n = out.count
        let p = pairwise ?? (0..<(n * n)).map { index in
            let c = index / n, j = index % n
            return c == j ? 0 : RoundingError.above(out.upper[c] - out.lower[j], by: 0)
        }
        var magnitudes = yPrime.map(\.magnitudes)
        magnitudes.append(zPrime[depth].magnitudes)
        let faulty = bound.network.roundingErrors(magnitudes: magnitudes, masked: masked, dead: dead)
        let allowance = (0..<n).map { k in
            ((bound.pristineRounding[k] + faulty[k]) * (1 + 1e-12) + 2 * RoundingError.unit * out.magnitude(k)).nextUp
        }
        func clean(_ x: Double, _ fallback: Double) -> Double { x.isNaN ? fallback : x }
        return DeviationBound(
            method: method, lower: out.lower.map { clean($0, -.infinity) }, upper: out.upper.map { clean($0, .infinity) },
            pairwise: p.map { clean($0, .infinity) }, roundingAllowance: allowance, domain: bound.box.source,
            suggestedInputs: corners)
    }
}
