import Foundation
import NeuroFailBounds
import NeuroFailCore
import Testing

struct FaultSetBoundSatelliteTests {
    static let run0 = ["s1.14.44","n2.11","n1.8","n2.46","n3.49","n3.35","s4.7.35","s3.23.25","s1.15.170","s1.22.164","s1.24.141","s2.10.30","n2.39","s1.36.150","s1.11.173","s2.25.49"]
    static func faults(_ chip: Chip, _ names: [String]) -> FaultSet {
        var f = FaultSet(pristine: chip)
        for name in names {
            let parts = name.dropFirst().split(separator: ".").map { Int($0)! }
            if name.hasPrefix("n") { f.crash(NeuronID(layer: parts[0], index: parts[1])) }
            else { f.crash(SynapseID(layer: parts[0], target: parts[1], source: parts[2]), inputs: chip.allLayers[parts[0]-1].inputs) }
        }
        return f
    }
    @Test func explore() throws {
        let chip = try Chip.load(path: repositoryRoot.appendingPathComponent("Chips/satellite-150.json").path)
        let t0 = Date()
        let b = FaultSetBound(chip: chip)
        print("init", Date().timeIntervalSince(t0))
        for names in [Array(Self.run0.prefix(1)), Array(Self.run0.prefix(2)), Array(Self.run0.prefix(3)), Self.run0] {
            let f = Self.faults(chip, names)
            let t1 = Date()
            let i = b.bound(f, method: .differenceIntervals)
            let t2 = Date()
            let l = b.bound(f, method: .linearRelaxation)
            let t3 = Date()
            print(names.count, "intervals", i.value(.linf), t2.timeIntervalSince(t1), "linear", l.value(.linf), t3.timeIntervalSince(t2), "allow", l.allowance(.linf))
        }
    }
}
extension FaultSetBoundSatelliteTests {
    @Test func exploreSearch() throws {
        let chip = try Chip.load(path: repositoryRoot.appendingPathComponent("Chips/satellite-150.json").path)
        let b = FaultSetBound(chip: chip)
        let f = Self.faults(chip, Self.run0)
        let l = b.bound(f, method: .linearRelaxation)
        let t = Date()
        let r = WorstInputSearch(chip: chip, randomStarts: 32, steps: 100).search(f, hints: l.suggestedInputs)
        print("found", r.deviation, "starts", r.starts, Date().timeIntervalSince(t), "ratio", l.value(.linf) / r.deviation)
    }
}
