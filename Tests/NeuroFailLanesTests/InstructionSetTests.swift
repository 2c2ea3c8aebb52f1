import Testing

@testable import NeuroFailLanes

@Suite struct InstructionSetTests {
    static let haswellFlags =
        "flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sse sse2 ssse3 fma cx16 sse4_1 sse4_2 movbe popcnt avx f16c abm bmi1 avx2 bmi2"
    static let skylakeServerFlags = haswellFlags + " avx512f avx512dq avx512cd avx512bw avx512vl"

    @Test func processorWithEveryHaswellFeatureRunsTheAVX2Build() {
        let cpuinfo = "processor\t: 0\nmodel name\t: test\n\(Self.haswellFlags)\n\nprocessor\t: 1\n"
        #if arch(x86_64)
            #expect(InstructionSet.detect(environment: nil, cpuinfo: cpuinfo) == .avx2)
        #else
            #expect(InstructionSet.detect(environment: nil, cpuinfo: cpuinfo) == .baseline)
        #endif
    }

    @Test func processorWithTheFiveAVX512ExtensionsRunsTheAVX512Build() {
        #if arch(x86_64)
            #expect(InstructionSet.detect(environment: nil, cpuinfo: Self.skylakeServerFlags) == .avx512)
        #else
            #expect(InstructionSet.detect(environment: nil, cpuinfo: Self.skylakeServerFlags) == .baseline)
        #endif
    }

    @Test(arguments: ["avx2", "fma", "bmi2", "movbe", "abm"])
    func processorLackingOneFeatureRunsTheBaseline(_ missing: String) {
        let flags = Self.haswellFlags.split(separator: " ").filter { $0 != missing }.joined(separator: " ")
        #expect(InstructionSet.detect(environment: nil, cpuinfo: flags + "\n") == .baseline)
        // AVX-512 without all of Haswell's features runs the baseline too.
        let more = Self.skylakeServerFlags.split(separator: " ").filter { $0 != missing }.joined(separator: " ")
        #expect(InstructionSet.detect(environment: nil, cpuinfo: more) == .baseline)
    }

    @Test(arguments: ["avx512f", "avx512dq", "avx512cd", "avx512bw", "avx512vl"])
    func processorLackingOneAVX512ExtensionRunsTheAVX2Build(_ missing: String) {
        let flags = Self.skylakeServerFlags.split(separator: " ").filter { $0 != missing }.joined(separator: " ")
        #if arch(x86_64)
            #expect(InstructionSet.detect(environment: nil, cpuinfo: flags) == .avx2)
        #endif
    }

    @Test func environmentCapsTheBuild() {
        #expect(InstructionSet.detect(environment: "baseline", cpuinfo: Self.haswellFlags) == .baseline)
        #expect(InstructionSet.detect(environment: "baseline", cpuinfo: Self.skylakeServerFlags) == .baseline)
        #if arch(x86_64)
            #expect(InstructionSet.detect(environment: "avx2", cpuinfo: Self.skylakeServerFlags) == .avx2)
            // A cap above what the processor has, or a word that is no build, changes nothing.
            #expect(InstructionSet.detect(environment: "avx512", cpuinfo: Self.haswellFlags) == .avx2)
            #expect(InstructionSet.detect(environment: "fast", cpuinfo: Self.skylakeServerFlags) == .avx512)
        #endif
    }

    @Test func noFlagsLineOrNoCpuinfoMeansTheBaseline() {
        #expect(InstructionSet.detect(environment: nil, cpuinfo: "processor\t: 0\n") == .baseline)
        #expect(InstructionSet.detect(environment: nil, cpuinfo: nil) == .baseline)
    }

    @Test func runnableBuildsStartWithTheBaselineAndEndWithTheProcessorsBest() {
        #expect(InstructionSet.runnable.first == .baseline)
        #expect(InstructionSet.runnable.last == InstructionSet.processor)
        #expect(InstructionSet.current <= InstructionSet.processor)
    }
}
