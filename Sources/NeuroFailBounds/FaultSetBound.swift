import NeuroFailCore

/// Certified bounds on the output deviation caused by one concrete fault set — the failures that actually
/// happened — over every input of a box, and the chip-level facts they are built from.
///
/// Erf (``ErfBound``) assumes the worst placement of the failures and the largest weight everywhere; this type
/// knows which neurons and synapses died and bounds max over the box of F(x) − F̂(x) for that fault set alone, by
/// analysing the *difference* between the pristine and the faulty chip (ReluDiff and NeuroDiff's differential
/// idea): both chips see the same input, so most of their computation is shared and the difference stays small.
/// Two methods (Docs/theory.md, sections 11–14):
///
/// - ``Method/differenceIntervals``: interval propagation of the pristine values, the faulty values and their
///   difference, layer by layer. O(weights) per fault set: cheap enough for every checkpoint of every mission.
/// - ``Method/linearRelaxation``: symbolic linear bounds with back-substitution to the input (DeepPoly / CROWN
///   style) on the joint network of pristine values and differences, tightening every layer's bounds in turn.
///   A few milliseconds per fault set on the 150-neuron satellite chip.
///
/// Both are theorems: rounding is accounted for outwardly, so `measured > bound + roundingAllowance` is a bug.
/// Build one per chip and box (O(weights)); it is a value and may be shared across threads.
public struct FaultSetBound: Sendable {
    /// The two analyses.
    public enum Method: String, Sendable, Hashable, CaseIterable {
        /// Interval propagation of the difference (cheap).
        case differenceIntervals = "difference-intervals"
        /// Linear relaxation with back-substitution on the difference network (tight).
        case linearRelaxation = "linear-relaxation"
    }

    /// The chip analysed.
    public let chip: Chip
    /// The box of inputs the bounds hold over.
    public let box: InputBox
    let network: PackedNetwork
    /// `pristine.preactivation[m]` bounds z^(m), the outputs of weight matrix m (0...L), over the box: rigorous,
    /// tightened by back-substitution for m ≥ 1.
    let pristinePre: [IntervalVector]
    /// `pristinePost[h]` bounds the pristine values of layer h: h = 0 the input box, 1...L the hidden layers.
    let pristinePost: [IntervalVector]
    /// The relaxation of each pristine hidden neuron, `pristineRelaxations[h - 1][i]`.
    let pristineRelaxations: [[LinearRelaxation]]
    /// Per matrix m: Σ_j |w_ij| |y_j| with the pristine |y| bounds (rounding terms of back-substitution).
    let weightedY: [[Double]]
    /// Per output, a bound on |fl(F_k(x)) − F_k(x)| for the pristine chip over the box.
    let pristineRounding: [Double]
    /// Per layer h (0...L), a bound on |ŷ| for every neuron under *any* fault set (crashed neurons send 0, crashed
    /// synapses deliver nothing): what the faulty chip can reach whatever failed.
    let anyFaultMagnitudes: [[Double]]

    /// The largest chip the analysis takes, in entries of its dense weight matrices over all layers
    /// (``Chip/denseWeightCount``: a convolution counts as its dense expansion, which the analysis works on).
    public static var maximumDenseWeights: Int { PackedNetwork.maximumDenseWeights }

    /// Checks that the analysis can take `chip` (its dense expansion is at most ``maximumDenseWeights``).
    ///
    /// - Throws: ``BoundsError/tooLargeForFaultSetBound(denseWeights:limit:)``.
    public static func check(_ chip: Chip) throws(BoundsError) {
        guard chip.denseWeightCount <= maximumDenseWeights else {
            throw .tooLargeForFaultSetBound(denseWeights: chip.denseWeightCount, limit: maximumDenseWeights)
        }
    }

    /// Prepares the analysis of `chip` over `box` (default: the chip's declared domain).
    ///
    /// Preconditions: `box.dimension == chip.inputCount`; ``check(_:)`` passes (callers check user chips first).
    public init(chip: Chip, box: InputBox? = nil) {
        let box = box ?? InputBox(chip: chip)
        precondition(box.dimension == chip.inputCount, "the box has \(box.dimension) features, the chip \(chip.inputCount) inputs")
        self.chip = chip
        self.box = box
        let network = PackedNetwork(chip: chip)
        self.network = network
        let pristine = PristineAnalysis(network: network, box: box)
        pristinePre = pristine.pre
        pristinePost = pristine.post
        pristineRelaxations = pristine.relaxations
        pristineRounding = pristine.rounding
        weightedY = pristine.weightedY
        anyFaultMagnitudes = network.anyFaultMagnitudes(box: box)
    }

    /// The certified bound for `faults` with `method`.
    ///
    /// Precondition: `faults` is valid for the chip (``FaultSet/isValid(for:)``).
    public func bound(_ faults: FaultSet, method: Method = .linearRelaxation) -> DeviationBound {
        precondition(faults.isValid(for: chip), "the fault set does not fit the chip")
        var analysis = DifferenceAnalysis(bound: self, faults: faults)
        analysis.run(tighten: method == .linearRelaxation)
        return analysis.result(method: method)
    }

    /// An upper bound on how far a Float64 deviation of the chip under any fault set can exceed the exact one, at
    /// any input of the box, in `norm`: the slack that comparisons of measured deviations with Erf must allow.
    public func anyFaultRoundingAllowance(_ norm: DeviationNorm) -> Double {
        let faulty = network.roundingErrors(magnitudes: anyFaultMagnitudes, masked: nil)
        let perOutput = zip(pristineRounding, faulty).map { ($0 + $1) * (1 + 1e-12) }
        let outputs = anyFaultMagnitudes[network.depth + 1]
        let scale = outputs.map { 2 * $0 * RoundingError.unit }
        return DeviationBound.norm(zip(perOutput, scale).map { $0 + $1 }, norm)
    }
}
