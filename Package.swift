// swift-tools-version:6.0
import PackageDescription

// The lane kernels' second and third builds: for x86-64 processors with AVX2 and with AVX-512, chosen at run time
// (NeuroFailLanes' InstructionSet), so a release build still runs on every x86-64 processor. Elsewhere they are
// plain copies.
#if arch(x86_64)
    let avx2Settings: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "haswell"])]
    let avx512Settings: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "skylake-avx512"])]
#else
    let avx2Settings: [SwiftSetting] = []
    let avx512Settings: [SwiftSetting] = []
#endif

let package = Package(
    name: "NeuroFail",
    products: [
        .library(
            name: "NeuroFail",
            targets: [
                "NeuroFailCore", "NeuroFailBounds", "NeuroFailEngine", "NeuroFailKernel", "NeuroFailMission",
                "NeuroFailTraining", "NeuroFailReproduction", "NeuroFailImport",
            ]),
        .executable(name: "neurofail", targets: ["neurofail"]),
    ],
    targets: [
        // Chip model, fault sets, JSON/CSV input, seeded random numbers, atomic output.
        .target(name: "NeuroFailCore"),
        // Erf, Erf_av, C_l, the synapse extension, tolerance queries: weights and topology only.
        .target(name: "NeuroFailBounds", dependencies: ["NeuroFailCore"]),
        // The innermost loops of the campaigns and the forward pass's dense rows, on vectors of inputs: built for the
        // baseline instruction set, and (the same sources, linked) for AVX2 and for AVX-512.
        .target(name: "NeuroFailLanes", dependencies: ["NeuroFailCore"]),
        .target(name: "NeuroFailLanesAVX2", dependencies: ["NeuroFailCore"], swiftSettings: avx2Settings),
        .target(name: "NeuroFailLanesAVX512", dependencies: ["NeuroFailCore"], swiftSettings: avx512Settings),
        // Fast batched evaluation under a FaultSet and the Ω crash-injection campaigns.
        .target(
            name: "NeuroFailEngine",
            dependencies: ["NeuroFailCore", "NeuroFailLanes", "NeuroFailLanesAVX2", "NeuroFailLanesAVX512"]),
        // The discrete-event kernel and the chip as neuron and synapse processes (the reference semantics).
        .target(name: "NeuroFailKernel", dependencies: ["NeuroFailCore"]),
        // Failure models over mission time, scenarios, the Erf monitor, missions, traces and reports.
        .target(
            name: "NeuroFailMission",
            dependencies: ["NeuroFailCore", "NeuroFailBounds", "NeuroFailEngine", "NeuroFailKernel"]),
        // Multilayer-perceptron trainer and data loaders (MNIST IDX, CSV).
        .target(name: "NeuroFailTraining", dependencies: ["NeuroFailCore"]),
        // Chip readers for files made elsewhere: ONNX models (its own protobuf reader) and the one loader of every
        // chip file kind (chip JSON, .npy manifest, ONNX).
        .target(name: "NeuroFailImport", dependencies: ["NeuroFailCore"]),
        // The paper's experiments (Figs. 3-10), each a type that writes its data, plot and headline numbers.
        .target(
            name: "NeuroFailReproduction",
            dependencies: ["NeuroFailCore", "NeuroFailBounds", "NeuroFailEngine", "NeuroFailMission", "NeuroFailTraining"]),
        // The commands behind the `neurofail` executable, as a library so tests can run them in-process.
        .target(
            name: "NeuroFailCLI",
            dependencies: [
                "NeuroFailCore", "NeuroFailBounds", "NeuroFailEngine", "NeuroFailKernel", "NeuroFailMission",
                "NeuroFailTraining", "NeuroFailReproduction", "NeuroFailImport",
            ]),
        .executableTarget(name: "neurofail", dependencies: ["NeuroFailCLI"]),
        .executableTarget(
            name: "NeuroFailBench", dependencies: ["NeuroFailEngine", "NeuroFailKernel"], path: "Benchmarks/NeuroFailBench"),
        // The scaling benchmark of Docs/performance.md: one mission run on a sparse chip of any size, built in memory.
        .executableTarget(
            name: "NeuroFailScale", dependencies: ["NeuroFailMission"], path: "Benchmarks/NeuroFailScale",
            exclude: ["leo-10y-sparse.json"]),
        // The fuzz harness of Docs/reliability.md: mutated chips, scenarios, traces, checkpoints and parts, every command.
        .executableTarget(name: "NeuroFailFuzz", dependencies: ["NeuroFailCLI"], path: "Benchmarks/NeuroFailFuzz"),
        // The scaling check of the bounds on sparse chips (Docs/performance.md, "Bounds on sparse chips").
        .executableTarget(
            name: "NeuroFailSparseBounds", dependencies: ["NeuroFailBounds"], path: "Benchmarks/NeuroFailSparseBounds"),
        // What every test target shares: finding Python for the tests that run Python programs (Docs/testing.md),
        // and random convolutional chips with a textbook reference of what they compute.
        .target(name: "NeuroFailTestSupport", dependencies: ["NeuroFailCore"], path: "Tests/NeuroFailTestSupport"),

        .testTarget(name: "NeuroFailCoreTests", dependencies: ["NeuroFailCore", "NeuroFailTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "NeuroFailBoundsTests", dependencies: ["NeuroFailBounds", "NeuroFailEngine", "NeuroFailTestSupport"]),
        .testTarget(
            name: "NeuroFailLanesTests",
            dependencies: ["NeuroFailCore", "NeuroFailLanes", "NeuroFailLanesAVX2", "NeuroFailLanesAVX512", "NeuroFailEngine"]),
        .testTarget(name: "NeuroFailEngineTests", dependencies: ["NeuroFailEngine", "NeuroFailBounds", "NeuroFailTestSupport"]),
        .testTarget(name: "NeuroFailKernelTests", dependencies: ["NeuroFailKernel", "NeuroFailEngine", "NeuroFailTestSupport"]),
        .testTarget(name: "NeuroFailMissionTests", dependencies: ["NeuroFailMission", "NeuroFailTestSupport"]),
        .testTarget(name: "NeuroFailTrainingTests", dependencies: ["NeuroFailTraining", "NeuroFailTestSupport"]),
        .testTarget(name: "NeuroFailReproductionTests", dependencies: ["NeuroFailReproduction", "NeuroFailTestSupport"]),
        .testTarget(name: "NeuroFailImportTests", dependencies: ["NeuroFailImport", "NeuroFailTestSupport"]),
        .testTarget(name: "NeuroFailCLITests", dependencies: ["NeuroFailCLI", "NeuroFailBounds", "NeuroFailEngine", "NeuroFailTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
