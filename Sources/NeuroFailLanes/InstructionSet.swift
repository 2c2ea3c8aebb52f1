import Foundation

/// Which build of the lane kernels (``LinearLeaves``, ``DenseRows``, ``PrefixLeaves``) this processor runs.
///
/// A release build targets the platform's baseline instruction set so that it runs on every processor of the
/// platform; the kernels are also built for x86-64 processors with AVX2 (NeuroFailLanesAVX2, compiled for
/// Haswell-class processors), and this type says at run time whether the processor has what that build uses.
public enum InstructionSet: String, Sendable {
    /// The platform's baseline (SSE2 on x86-64; NEON on arm64).
    case baseline
    /// x86-64 with AVX2, FMA, BMI1, BMI2, F16C, MOVBE and LZCNT: what code compiled for Haswell may use.
    case avx2

    /// The best build this processor runs, decided once per process. The environment variable
    /// `NEUROFAIL_SIMD=baseline` forces the baseline (the tests compare the two builds).
    public static let current: InstructionSet = detect(
        environment: ProcessInfo.processInfo.environment["NEUROFAIL_SIMD"], cpuinfo: cpuinfo())

    /// The choice for a value of `NEUROFAIL_SIMD` and the text of /proc/cpuinfo (nil where there is none).
    static func detect(environment: String?, cpuinfo: String?) -> InstructionSet {
        #if arch(x86_64)
            if environment == "baseline" { return .baseline }
            guard let cpuinfo else { return .baseline }
            // Linux lists the features the kernel enabled (AVX state saving included) on each processor's line.
            guard let line = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else {
                return .baseline
            }
            let flags = Set(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init))
            let needed: Set = ["avx2", "fma", "bmi1", "bmi2", "f16c", "movbe", "abm"]
            return needed.isSubset(of: flags) ? .avx2 : .baseline
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
