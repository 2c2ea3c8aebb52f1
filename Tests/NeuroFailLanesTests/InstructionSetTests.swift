import Testing

@testable import NeuroFailLanes

@Suite struct InstructionSetTests {
    static let haswellFlags =
        "flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sse sse2 ssse3 fma cx16 sse4_1 sse4_2 movbe popcnt avx f16c abm bmi1 avx2 bmi2"

    @Test func processorWithEveryHaswellFeatureRunsTheAVX2Build() {
        let cpuinfo = "processor\t: 0\nmodel name\t: test\n\(Self.haswellFlags)\n\nprocessor\t: 1\n"
        #if arch(x86_64)
            #expect(InstructionSet.detect(environment: nil, cpuinfo: cpuinfo) == .avx2)
        #else
            #expect(InstructionSet.detect(environment: nil, cpuinfo: cpuinfo) == .baseline)
        #endif
    }

    @Test(arguments: ["avx2", "fma", "bmi2", "movbe", "abm"])
    func processorLackingOneFeatureRunsTheBaseline(_ missing: String) {
        let flags = Self.haswellFlags.split(separator: " ").filter { $0 != missing }.joined(separator: " ")
        #expect(InstructionSet.detect(environment: nil, cpuinfo: flags + "\n") == .baseline)
    }

    @Test func environmentForcesTheBaseline() {
        #expect(InstructionSet.detect(environment: "baseline", cpuinfo: Self.haswellFlags) == .baseline)
    }

    @Test func noFlagsLineOrNoCpuinfoMeansTheBaseline() {
        #expect(InstructionSet.detect(environment: nil, cpuinfo: "processor\t: 0\n") == .baseline)
        #expect(InstructionSet.detect(environment: nil, cpuinfo: nil) == .baseline)
    }
}
