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

    /// The largest chip the analysis takes, in synapses over all layers (``NeuroFailCore/Layer/synapseCount``: the
    /// synapses that exist, so a sparse layer counts its CSR entries and a convolution its kernel connections, none
    /// expanded). Both methods cost O(synapses) in memory; see ``maximumDenseWeightsForLinearRelaxation`` for the
    /// tight one's time.
    public static var maximumSynapses: Int { PackedNetwork.maximumSynapses }

    /// The largest chip the linear relaxation tightens, in entries of its dense weight matrices over all layers
    /// (``NeuroFailCore/Chip/denseWeightCount``): back-substitution works on rows of dense coefficients, one row
    /// per neuron bound, O(N_l · N_(l−1)) per layer whatever the sparsity. On a larger chip the pristine bounds stay
    /// intervals and ``bound(_:method:)`` answers ``Method/linearRelaxation`` with the difference intervals (its
    /// result's ``DeviationBound/method`` says so); ``checkLinearRelaxation(_:)`` refuses such a chip instead.
    public static var maximumDenseWeightsForLinearRelaxation: Int { PackedNetwork.maximumDenseWeights }

    /// Whether the linear relaxation back-substitutes on `chip` (at most ``maximumDenseWeightsForLinearRelaxation``
    /// dense entries) rather than falling back to intervals.
    public static func backSubstitutes(_ chip: Chip) -> Bool {
        chip.denseWeightCount <= maximumDenseWeightsForLinearRelaxation
    }

    /// Checks that the analysis can take `chip` (at most ``maximumSynapses`` synapses).
    ///
    /// - Throws: ``BoundsError/tooLargeForFaultSetBound(synapses:limit:)``.
    public static func check(_ chip: Chip) throws(BoundsError) {
        let synapses = chip.synapseCount
        guard synapses <= maximumSynapses else {
            throw .tooLargeForFaultSetBound(synapses: synapses, limit: maximumSynapses)
        }
    }

    /// Checks that the linear relaxation really tightens on `chip` (``check(_:)`` and at most
    /// ``maximumDenseWeightsForLinearRelaxation`` dense entries), for callers that must not fall back to intervals.
    ///
    /// - Throws: ``BoundsError/tooLargeForFaultSetBound(synapses:limit:)``,
    ///   ``BoundsError/tooLargeForLinearRelaxation(denseWeights:limit:)``.
    public static func checkLinearRelaxation(_ chip: Chip) throws(BoundsError) {
        try check(chip)
        guard backSubstitutes(chip) else {
            throw .tooLargeForLinearRelaxation(
                denseWeights: chip.denseWeightCount, limit: maximumDenseWeightsForLinearRelaxation)
        }
    }

    /// Whether ``Method/linearRelaxation`` tightens on this chip (else it answers with the difference intervals).
    public var tightens: Bool { network.tightens }

    /// Prepares the analysis of `chip` over `box` (default: the chip's declared domain).
    ///
    /// O(synapses) in time and memory (the chip's weights are shared, not copied), plus back-substitution when it
    /// ``tightens``. Preconditions: `box.dimension == chip.inputCount`; ``check(_:)`` passes (callers check user
    /// chips first).
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

    /// The certified bound for `faults` with `method` (``Method/linearRelaxation`` on a chip too large to tighten,
    /// ``tightens`` false: the difference intervals, and the result says so). O(synapses) per call for the
    /// intervals.
    ///
    /// Precondition: `faults` is valid for the chip (``FaultSet/isValid(for:)``).
    public func bound(_ faults: FaultSet, method: Method = .linearRelaxation) -> DeviationBound {
        precondition(faults.isValid(for: chip), "the fault set does not fit the chip")
        var analysis = DifferenceAnalysis(bound: self, faults: faults)
        let tighten = method == .linearRelaxation && tightens
        analysis.run(tighten: tighten)
        return analysis.result(method: tighten ? .linearRelaxation : .differenceIntervals)
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
