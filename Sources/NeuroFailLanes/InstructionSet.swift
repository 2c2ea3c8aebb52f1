import Foundation

/// Which build of the lane kernels (``LinearLeaves``, ``DenseRows``, ``SparseRows``) this processor runs.
///
/// A release build targets the platform's baseline instruction set so that it runs on every processor of the
/// platform; the kernels are also built for x86-64 processors with AVX2 (NeuroFailLanesAVX2, compiled for
/// Haswell-class processors) and with AVX-512 (NeuroFailLanesAVX512, compiled for Skylake-server-class processors),
/// and this type says at run time which of those builds the processor has what it takes to run.
public enum InstructionSet: String, Sendable, CaseIterable, Comparable {
    /// The platform's baseline (SSE2 on x86-64; NEON on arm64).
    case baseline
    /// x86-64 with AVX2, FMA, BMI1, BMI2, F16C, MOVBE and LZCNT: what code compiled for Haswell may use.
    case avx2
    /// x86-64 with all of ``avx2`` and AVX-512 F, CD, BW, DQ and VL: the vector extensions code compiled for
    /// Skylake-server processors may use.
    case avx512

    /// The best build this processor runs, decided once per process. The environment variable `NEUROFAIL_SIMD`
    /// (`baseline` or `avx2`) caps it, so the builds can be compared on one processor.
    public static let current: InstructionSet = detect(
        environment: ProcessInfo.processInfo.environment["NEUROFAIL_SIMD"], cpuinfo: cpuinfo())

    /// The best build the processor itself runs, whatever `NEUROFAIL_SIMD` says (the tests run every such build).
    public static let processor: InstructionSet = detect(environment: nil, cpuinfo: cpuinfo())

    /// The builds this processor runs, baseline first.
    public static var runnable: [InstructionSet] { allCases.filter { $0 <= processor } }

    /// Builds order by what they need: each needs all that the one before it needs.
    public static func < (a: InstructionSet, b: InstructionSet) -> Bool { a.rank < b.rank }

    private var rank: Int {
        switch self {
        case .baseline: 0
        case .avx2: 1
        case .avx512: 2
        }
    }

    /// The choice for a value of `NEUROFAIL_SIMD` and the text of /proc/cpuinfo (nil where there is none).
    static func detect(environment: String?, cpuinfo: String?) -> InstructionSet {
        #if arch(x86_64)
            guard let cpuinfo else { return .baseline }
            // Linux lists the features the kernel enabled (AVX state saving included) on each processor's line.
            guard let line = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else {
                return .baseline
            }
            let flags = Set(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init))
            let haswell: Set = ["avx2", "fma", "bmi1", "bmi2", "f16c", "movbe", "abm"]
            let skylakeServer: Set = ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]
            let found: InstructionSet =
                !haswell.isSubset(of: flags) ? .baseline : skylakeServer.isSubset(of: flags) ? .avx512 : .avx2
            let cap = environment.flatMap(InstructionSet.init(rawValue:)) ?? .avx512
            return min(found, cap)
        #else
            return .baseline
        #endif
    }

    /// /proc/cpuinfo, where the system has one.
    private static func cpuinfo() -> String? {
        #if os(Linux)
            return try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        #else
            return nil
        #endif
    }
}
