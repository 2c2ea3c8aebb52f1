extension Chip {
    /// The largest magnitude a chip's values may reach and still be simulated and bounded in Float64: far below
    /// Double.greatestFiniteMagnitude (1.8e308), so that differences of two such values, Erf's products and the
    /// rounding terms stay finite.
    public static let largestValue = 1e300

    /// Checks that no value of the chip can leave Float64's range over its input domain, whatever fails: each layer's
    /// values are bounded by interval propagation in which every synapse may or may not deliver and every neuron
    /// may send 0 (crashes can only remove terms). A chip that fails this cannot be evaluated meaningfully (its
    /// outputs would be ±∞ or NaN for some inputs).
    ///
    /// - Throws: ``InputError/invalidField(file:field:reason:)`` naming the layer's weights.
    public func checkNumericRange(file: String) throws(InputError) {
        var lower = Array(repeating: inputDomain.lower, count: inputCount)
        var upper = Array(repeating: inputDomain.upper, count: inputCount)
        for (l, layer) in allLayers.enumerated() {
            var nextLower = [Double](repeating: 0, count: layer.outputs)
            var nextUpper = [Double](repeating: 0, count: layer.outputs)
            for i in 0..<layer.outputs {
                var lo = layer.bias[i], hi = layer.bias[i]
                // forEachIncoming, not incoming(i): one array per neuron would be 10⁶ allocations on a Loihi-class chip.
                layer.forEachIncoming(i) { j, w, _ in
                    let a = w * lower[j], b = w * upper[j]
                    lo += min(0, a, b)
                    hi += max(0, a, b)
                }
                if let activation = layer.activation {
                    (lo, hi) = activation.image(lower: lo, upper: hi)
                    (lo, hi) = (min(0, lo), max(0, hi))
                }
                guard lo.isFinite, hi.isFinite, max(-lo, hi) <= Self.largestValue else {
                    let field = l < depth ? "layers[\(l)].\(layer.ownsWeights ? "weights" : "kernel")" : "readout.weights"
                    let what = l < depth ? "neuron \(i) of layer \(l + 1)" : "output \(i)"
                    throw .invalidField(
                        file: file, field: field,
                        reason: "\(what) can reach \(lo.isFinite && hi.isFinite ? JSONValue.format(max(-lo, hi)) : "beyond ±1.8e308") over the input domain, beyond what Float64 can simulate and bound (1e300); scale the weights down")
                }
                nextLower[i] = lo
                nextUpper[i] = hi
            }
            lower = nextLower
            upper = nextUpper
        }
    }
}
