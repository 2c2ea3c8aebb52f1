import Foundation
import NeuroFailTestSupport
import NeuroFailCore
import Testing

@testable import NeuroFailEngine

/// Shards, part files, merging and resuming: a campaign split any way, or interrupted anywhere, gives the whole
/// run's result (counts and maxima exactly, sums to 1e-12 relative; a resumed run to the last bit).
struct ShardMergeResumeTests {
    /// Campaigns on both evaluation paths, exhaustive and sampled.
    static func campaigns() -> [(String, OmegaCampaign)] {
        let deep = randomChip(3, [6, 5, 4], 2, seed: 11)
        let shallow = randomChip(4, [9], 3, .sigmoid, seed: 12)
        let inputs3 = InputBatch.uniform(count: 21, dimension: 3, domain: .unit, seed: 5)
        let inputs4 = InputBatch.uniform(count: 19, dimension: 4, domain: .unit, seed: 6)
        return [
            ("general exhaustive", OmegaCampaign(chip: deep, inputs: inputs3, selection: .perLayer(neurons: [1, 2, 1]), mode: .exhaustive)),
            ("linear exhaustive", OmegaCampaign(chip: shallow, inputs: inputs4, selection: .perLayer(neurons: [3]), mode: .exhaustive)),
            ("general sampled", OmegaCampaign(chip: deep, inputs: inputs3, selection: .total(4), mode: .sampled(97), seed: 3)),
            ("linear sampled", OmegaCampaign(chip: shallow, inputs: inputs4, selection: .perLayer(neurons: [2]), mode: .sampled(50), seed: 4, norm: .l2)),
        ]
    }

    /// A part written to text and read back, as `omega --shard` and `merge` do.
    static func roundTrip(_ part: OmegaPart) throws -> OmegaPart {
        let path = Scratch.folder + "neurofail-part-\(UUID().uuidString).json"
        try AtomicFile.write(part.fileText, to: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try OmegaPart.load(path: path)
    }

    static func part(_ campaign: OmegaCampaign, _ shard: Shard, threads: Int) -> OmegaPart {
        let sets = shard.range(of: campaign.setCount)
        return OmegaPart(
            identity: OmegaIdentity(campaign), shard: shard, sets: sets, setCount: campaign.setCount,
            statistics: campaign.run(sets: sets, threads: threads), report: ["note": "test"])
    }

    static func expectSame(_ a: OmegaStatistics, _ b: OmegaStatistics, _ what: String) {
        #expect(a.configurations == b.configurations, "\(what)")
        #expect(a.exhaustive == b.exhaustive, "\(what)")
        #expect(a.perInputMax == b.perInputMax, "\(what)")
        #expect(a.omegaMax == b.omegaMax && a.worstFaultSet == b.worstFaultSet && a.worstInput == b.worstInput, "\(what)")
        for (x, y) in [
            (a.omegaAverage, b.omegaAverage), (a.omegaMaxAverage, b.omegaMaxAverage), (a.omegaStd, b.omegaStd),
            (a.setMeanSum.value, b.setMeanSum.value), (a.setMeanSquareSum.value, b.setMeanSquareSum.value),
        ] {
            #expect(close(x, y, 1e-12), "\(what): \(x) vs \(y)")
        }
        #expect(a.confidenceInterval95 == nil && b.confidenceInterval95 == nil
            || close(a.confidenceInterval95!.lowerBound, b.confidenceInterval95!.lowerBound, 1e-12), "\(what)")
    }

    @Test func shardsOfAnyCountAndThreadsMergeToTheUnshardedRun() throws {
        for (name, campaign) in Self.campaigns() {
            let whole = campaign.run(threads: 1)
            for count in [1, 2, 3, 7] {
                for threads in [1, 2] {
                    let parts = try (1...count).reversed().map { i in
                        ("part-\(i).json", try Self.roundTrip(Self.part(campaign, Shard(index: i, count: count), threads: threads)))
                    }
                    let merged = try OmegaPart.merge(parts)
                    #expect(merged.sets == 0..<campaign.setCount)
                    Self.expectSame(merged.statistics, whole, "\(name), \(count) shards, \(threads) threads")
                }
            }
        }
    }

    @Test func shardSlicesAreDisjointBalancedAndCoverEverySet() {
        for total in [0, 1, 5, 17296, 1_000_003] {
            for count in [1, 2, 3, 7, 64] {
                let ranges = (1...count).map { Shard(index: $0, count: count).range(of: total) }
                #expect(ranges.first!.lowerBound == 0 && ranges.last!.upperBound == total)
                #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
                let sizes = ranges.map(\.count)
                #expect(sizes.max()! - sizes.min()! <= 1)
            }
        }
        #expect(Shard(parsing: "2/8") == Shard(index: 2, count: 8))
        for bad in ["0/3", "4/3", "1/0", "a/b", "3", "1/2/3", ""] { #expect(Shard(parsing: bad) == nil, "\(bad)") }
    }

    @Test func partFilesRoundTripExactly() throws {
        for (name, campaign) in Self.campaigns() {
            for i in 1...3 {
                let part = Self.part(campaign, Shard(index: i, count: 3), threads: 2)
                #expect(try Self.roundTrip(part) == part, "\(name) part \(i)")
            }
        }
        // An empty shard keeps its −∞ maxima through the text.
        let (_, campaign) = Self.campaigns()[1]
        let empty = Self.part(campaign, Shard(index: campaign.setCount + 4, count: campaign.setCount + 4), threads: 1)
        #expect(empty.sets.isEmpty && empty.statistics.omegaMax == -.infinity)
        #expect(try Self.roundTrip(empty) == empty)
    }

    /// Part 3 of 4 missing: the message names part 3, not part 4, whose file merely follows the gap.
    @Test func aMissingPartIsNamedNotTheFileAfterIt() throws {
        let (_, campaign) = Self.campaigns()[0]
        let given = [1, 2, 4].map { ("part-\($0).json", Self.part(campaign, Shard(index: $0, count: 4), threads: 1)) }
        let gap = Shard(index: 3, count: 4).range(of: campaign.setCount)
        #expect(throws: InputError.usage(
            "merge: part 3/4 (--shard 3/4) is missing: crash sets \(gap.lowerBound)..<\(gap.upperBound) are in none of the 3 part files given; give its file too")) {
            try OmegaPart.merge(given)
        }
        let two = [("part-1.json", given[0].1)]
        #expect(throws: InputError.self) { try OmegaPart.merge(two) }
        do { _ = try OmegaPart.merge(two) } catch { #expect(error.description.contains("parts 2/4, 3/4, 4/4 are missing")) }
    }

    @Test func mergeRefusesOverlappingMissingAndMismatchedParts() throws {
        let (_, campaign) = Self.campaigns()[0]
        let parts = (1...3).map { ("part-\($0).json", Self.part(campaign, Shard(index: $0, count: 3), threads: 1)) }
        func refusal(_ given: [(String, OmegaPart)]) -> String {
            do {
                _ = try OmegaPart.merge(given)
                return "merged"
            } catch { return error.description }
        }
        #expect(refusal([parts[0], parts[2]]).contains("merge: part 2/3 (--shard 2/3) is missing"))
        #expect(refusal([parts[0], parts[1]]).contains("merge: part 3/3 (--shard 3/3) is missing"))
        #expect(refusal(parts + [parts[1]]).contains("overlap"))
        let halves = (1...2).map { ("half-\($0).json", Self.part(campaign, Shard(index: $0, count: 2), threads: 1)) }
        #expect(refusal([parts[0], halves[1], parts[1]]).contains("overlap"))
        #expect(refusal([]).contains("no part files"))

        let otherInputs = OmegaCampaign(
            chip: campaign.chip, inputs: InputBatch.uniform(count: 21, dimension: 3, domain: .unit, seed: 99),
            selection: campaign.selection, mode: .exhaustive)
        let otherChip = OmegaCampaign(
            chip: randomChip(3, [6, 5, 4], 2, seed: 99), inputs: campaign.inputs, selection: campaign.selection, mode: .exhaustive)
        let otherOptions = OmegaCampaign(
            chip: campaign.chip, inputs: campaign.inputs, selection: campaign.selection, mode: .exhaustive, norm: .l1)
        for (other, message) in [(otherInputs, "another input set"), (otherChip, "another chip"), (otherOptions, "other options")] {
            let stranger = ("stranger.json", Self.part(other, Shard(index: 2, count: 3), threads: 1))
            let text = refusal([parts[0], stranger, parts[2]])
            #expect(text.hasPrefix("stranger.json: ") && text.contains("not a part of the same run as part-1.json: \(message)"), "\(text)")
            #expect(!text.contains("\n"))
        }
    }

    @Test func resumingFromAnyCheckpointGivesTheUninterruptedResultToTheBit() throws {
        let folder = Scratch.folder + "neurofail-resume-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (name, campaign) in Self.campaigns() {
            for shard in [Shard.whole, Shard(index: 2, count: 3)] {
                let sets = shard.range(of: campaign.setCount)
                let plain = campaign.run(sets: sets, threads: 2)
                var saved = [String]()
                let checkpointed = try campaign.run(sets: sets, threads: 2, interval: 0) { state in
                    let path = folder + "/\(saved.count).json"
                    try OmegaCheckpoint.save(state, of: campaign, to: path)
                    saved.append(path)
                }
                #expect(checkpointed == plain, "\(name)")
                #expect(saved.count >= 2, "\(name): \(saved.count) checkpoints")
                for path in saved {
                    let state = try #require(try OmegaCheckpoint.load(path: path, for: campaign, sets: sets))
                    let resumed = campaign.run(sets: sets, threads: 1, resume: state) { _ in }
                    #expect(resumed == plain, "\(name), resumed from \(state.completedSets)")
                }
            }
        }
    }

    @Test func aCheckpointOfAnotherCampaignOrShardIsRefused() throws {
        let (_, campaign) = Self.campaigns()[0]
        let path = Scratch.folder + "neurofail-checkpoint-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try OmegaCheckpoint.load(path: path, for: campaign, sets: 0..<campaign.setCount) == nil)
        _ = try campaign.run(sets: 0..<campaign.setCount, interval: 0) { try OmegaCheckpoint.save($0, of: campaign, to: path) }
        let others = [
            ("another input set", OmegaCampaign(
                chip: campaign.chip, inputs: InputBatch.uniform(count: 21, dimension: 3, domain: .unit, seed: 98),
                selection: campaign.selection, mode: .exhaustive)),
            ("another chip", OmegaCampaign(
                chip: randomChip(3, [6, 5, 4], 2, seed: 98), inputs: campaign.inputs, selection: campaign.selection, mode: .exhaustive)),
            ("other options", OmegaCampaign(
                chip: campaign.chip, inputs: campaign.inputs, selection: .perLayer(neurons: [1, 1, 1]), mode: .exhaustive)),
        ]
        for (message, other) in others {
            #expect(throws: InputError.self) { try OmegaCheckpoint.load(path: path, for: other, sets: 0..<other.setCount) }
            do {
                _ = try OmegaCheckpoint.load(path: path, for: other, sets: 0..<other.setCount)
            } catch {
                #expect(error.description.hasPrefix(path + ": ") && error.description.contains("a checkpoint of \(message)"))
            }
        }
        do {
            _ = try OmegaCheckpoint.load(path: path, for: campaign, sets: 0..<10)
            Issue.record("a checkpoint of another shard was accepted")
        } catch {
            #expect(error.description.contains("another --shard?"))
        }
    }

    /// The campaigns with 300 inputs, so that tiles of 64 and 128 inputs make several tiles.
    static func largerCampaigns() -> [(String, OmegaCampaign)] {
        campaigns().map { name, small in
            let inputs = InputBatch.uniform(count: 300, dimension: small.inputs.dimension, domain: .unit, seed: 8)
            return (name, OmegaCampaign(
                chip: small.chip, inputs: inputs, selection: small.selection, mode: small.mode, seed: small.seed, norm: small.norm))
        }
    }

    @Test func inputTilesGiveTheUntiledResultWhateverTheThreads() {
        for (name, campaign) in Self.largerCampaigns() {
            let untiled = campaign.run(threads: 1)
            for tile in [64, 128] {
                let one = campaign.tiledRun(sets: 0..<campaign.setCount, tile: tile, threads: 1, progress: nil)
                let two = campaign.tiledRun(sets: 0..<campaign.setCount, tile: tile, threads: 2, progress: nil)
                #expect(one == two, "\(name), tile \(tile): threads changed the bytes")
                Self.expectSame(one, untiled, "\(name), tile \(tile)")
            }
        }
    }

    @Test func tiledRunsResumeFromAnyCheckpointToTheBit() throws {
        let folder = Scratch.folder + "neurofail-tiles-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (name, campaign) in Self.largerCampaigns() {
            let sets = 0..<campaign.setCount
            let plain = campaign.tiledRun(sets: sets, tile: 64, threads: 2, progress: nil)
            var saved = [String]()
            let checkpointed = try campaign.resumableRun(
                sets: sets, threads: 2, resume: nil, interval: 0, tile: 64, progress: nil
            ) { state in
                saved.append(folder + "/\(saved.count).json")
                try OmegaCheckpoint.save(state, of: campaign, to: saved.last!)
            }
            #expect(checkpointed == plain, "\(name)")
            #expect(saved.count >= 2, "\(name): \(saved.count) checkpoints")
            for path in saved {
                let state = try #require(try OmegaCheckpoint.load(path: path, for: campaign, sets: sets))
                let resumed = campaign.resumableRun(
                    sets: sets, threads: 1, resume: state, interval: 0, tile: 64, progress: nil) { _ in }
                #expect(resumed == plain, "\(name), resumed from \(state.completedSets)")
            }
        }
    }
}
