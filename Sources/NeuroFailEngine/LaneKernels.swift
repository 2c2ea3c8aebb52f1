import NeuroFailCore
import NeuroFailLanes
import NeuroFailLanesAVX2
import NeuroFailLanesAVX512

/// The lane modules' kernels of one build (baseline, AVX2 or AVX-512: the same source files compiled for each),
/// so that the engine chooses the build once, here, rather than at each call.
///
/// The kernels are the builds' `@inline(never)` entry points; each call does a row, a block or a run of crash sets,
/// so calling through a function value costs nothing measurable. Every build gives the same bits (tested
/// kernel by kernel against the plain loops in NeuroFailLanesTests, for every build the processor runs).
package struct LaneKernels: Sendable {
    /// ``NeuroFailLanes/LinearLeaves/run(below:rows:outputs:lastNeurons:position:norm:sums:squares:top:topAt:)``.
    package typealias LinearLeavesRun = @Sendable (
        UnsafePointer<SIMD8<Double>>, UnsafePointer<SIMD8<Double>>, Int, Range<Int>, Int, DeviationNorm,
        UnsafeMutablePointer<SIMD8<Double>>, UnsafeMutablePointer<SIMD8<Double>>, inout SIMD8<Double>,
        inout SIMD8<Int64>
    ) -> Void
    /// ``NeuroFailLanes/LinearLeaves/runPair(below:rows:groupStride:outputs:lastNeurons:position:norm:sums:squares:top:topAt:secondTop:secondTopAt:)``.
    package typealias LinearLeavesPair = @Sendable (
        UnsafePointer<SIMD8<Double>>, UnsafePointer<SIMD8<Double>>, Int, Int, Range<Int>, Int, DeviationNorm,
        UnsafeMutablePointer<SIMD8<Double>>, UnsafeMutablePointer<SIMD8<Double>>, inout SIMD8<Double>,
        inout SIMD8<Int64>, inout SIMD8<Double>, inout SIMD8<Int64>
    ) -> Void
    /// ``NeuroFailLanes/LinearLeaves/walk(runs:position:changed:lengths:firstSets:crashes:rows:groupStride:groups:outputs:norm:prefix:sums:squares:top:topAt:)``.
    package typealias LinearWalk = @Sendable (
        Range<Int>, Int, UnsafePointer<Int32>, UnsafePointer<Int32>, UnsafePointer<Int32>, Int, UnsafePointer<SIMD8<Double>>, Int,
        Int, Int, DeviationNorm, UnsafeMutablePointer<SIMD8<Double>>, UnsafeMutablePointer<SIMD8<Double>>,
        UnsafeMutablePointer<SIMD8<Double>>, UnsafeMutablePointer<SIMD8<Double>>, UnsafeMutablePointer<SIMD8<Int64>>
    ) -> Void
    /// ``NeuroFailLanes/LeafRows/fill(rows:groupStride:groups:count:pristine:pristineStride:faulty:faultyStride:outputs:weights:fanIn:neurons:source:sourceStride:)``.
    package typealias LeafRowsFill = @Sendable (
        UnsafeMutablePointer<SIMD8<Double>>, Int, Int, Int, UnsafePointer<Double>, Int, UnsafePointer<Double>, Int, Int,
        UnsafePointer<Double>, Int, Int, UnsafePointer<Double>, Int
    ) -> Void
    /// ``NeuroFailLanes/DenseRows/dot(row:weights:bias:n:source:sourceStride:count:)``.
    package typealias DenseDot = @Sendable (
        UnsafeMutablePointer<Double>, UnsafePointer<Double>, Double, Int, UnsafePointer<Double>, Int, Int
    ) -> Void
    /// ``NeuroFailLanes/DenseRows/four(rows:rowStride:weights:biases:n:source:sourceStride:count:)``.
    package typealias DenseFour = @Sendable (
        UnsafeMutablePointer<Double>, Int, UnsafePointer<Double>, UnsafePointer<Double>, Int, UnsafePointer<Double>, Int,
        Int
    ) -> Void
    /// ``NeuroFailLanes/SparseRows/gathered(row:weights:offsets:terms:bias:source:count:)``.
    package typealias SparseGathered = @Sendable (
        UnsafeMutablePointer<Double>, UnsafePointer<Double>, UnsafePointer<Int>, Int, Double, UnsafePointer<Double>, Int
    ) -> Void
    /// ``NeuroFailLanes/SparseRows/compressed(row:weights:sources:terms:bias:source:sourceStride:count:)``.
    package typealias SparseCompressed = @Sendable (
        UnsafeMutablePointer<Double>, UnsafePointer<Double>, UnsafePointer<Int32>, Int, Double, UnsafePointer<Double>,
        Int, Int
    ) -> Void

    /// The instruction set this build was compiled for.
    package let instructionSet: InstructionSet
    package let linearLeaves: LinearLeavesRun
    package let linearLeavesPair: LinearLeavesPair
    package let linearWalk: LinearWalk
    package let leafRows: LeafRowsFill
    package let denseDot: DenseDot
    package let denseFour: DenseFour
    package let sparseGathered: SparseGathered
    package let sparseCompressed: SparseCompressed

    /// The build for `instructionSet`.
    package init(_ instructionSet: InstructionSet) {
        self.instructionSet = instructionSet
        switch instructionSet {
        case .baseline:
            linearLeaves = NeuroFailLanes.LinearLeaves.run
            linearLeavesPair = NeuroFailLanes.LinearLeaves.runPair
            linearWalk = NeuroFailLanes.LinearLeaves.walk
            leafRows = NeuroFailLanes.LeafRows.fill
            denseDot = NeuroFailLanes.DenseRows.dot
            denseFour = NeuroFailLanes.DenseRows.four
            sparseGathered = NeuroFailLanes.SparseRows.gathered
            sparseCompressed = NeuroFailLanes.SparseRows.compressed
        case .avx2:
            linearLeaves = NeuroFailLanesAVX2.LinearLeaves.run
            linearLeavesPair = NeuroFailLanesAVX2.LinearLeaves.runPair
            linearWalk = NeuroFailLanesAVX2.LinearLeaves.walk
            leafRows = NeuroFailLanesAVX2.LeafRows.fill
            denseDot = NeuroFailLanesAVX2.DenseRows.dot
            denseFour = NeuroFailLanesAVX2.DenseRows.four
            sparseGathered = NeuroFailLanesAVX2.SparseRows.gathered
            sparseCompressed = NeuroFailLanesAVX2.SparseRows.compressed
        case .avx512:
            linearLeaves = NeuroFailLanesAVX512.LinearLeaves.run
            linearLeavesPair = NeuroFailLanesAVX512.LinearLeaves.runPair
            linearWalk = NeuroFailLanesAVX512.LinearLeaves.walk
            leafRows = NeuroFailLanesAVX512.LeafRows.fill
            denseDot = NeuroFailLanesAVX512.DenseRows.dot
            denseFour = NeuroFailLanesAVX512.DenseRows.four
            sparseGathered = NeuroFailLanesAVX512.SparseRows.gathered
            sparseCompressed = NeuroFailLanesAVX512.SparseRows.compressed
        }
    }

    /// The build this process runs (``NeuroFailLanes/InstructionSet/current``).
    package static let current = LaneKernels(InstructionSet.current)

    /// Every build this processor runs, baseline first (for the tests that hold them to the plain loops).
    package static var runnable: [LaneKernels] { InstructionSet.runnable.map(LaneKernels.init) }
}
