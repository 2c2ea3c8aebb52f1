import Foundation
import NeuroFailCore

/// A checkpoint file (`neurofail.omega-checkpoint/2`): a run's ``OmegaProgress`` with the identity of its campaign,
/// written atomically so that a run killed at any instant leaves either the previous checkpoint or the new one, and
/// sealed with a checksum (``NeuroFailCore/FileSeal``) so that a damaged or edited checkpoint is refused instead of
/// changing the resumed result.
public enum OmegaCheckpoint {
    public static let format = "neurofail.omega-checkpoint/2"

    /// The file's JSON for `state` of `campaign`.
    public static func json(_ state: OmegaProgress, of campaign: OmegaCampaign) -> JSONValue {
        .object(
            [("format", .string(format))] + OmegaIdentity(campaign).jsonPairs + [
                ("sets", .integers([state.sets.lowerBound, state.sets.upperBound])),
                ("chunkSize", .number(Double(state.chunkSize))), ("nextChunk", .number(Double(state.nextChunk))),
                ("completedSets", .integers([state.completedSets.lowerBound, state.completedSets.upperBound])),
                ("configurations", .number(Double(state.configurations))),
                ("deviationSum", ExactJSON.encode(state.sum)), ("deviationSquareSum", ExactJSON.encode(state.squares)),
                ("setMeanSum", ExactJSON.encode(state.setMeans)),
                ("setMeanSquareSum", ExactJSON.encode(state.setMeanSquares)),
                ("omegaMax", ExactJSON.encode(state.worst)), ("worstSet", .number(Double(state.worstSet))),
                ("worstInput", .number(Double(state.worstInput))),
                ("perInputMax", .array(state.perInputMax.map(ExactJSON.encode))),
            ])
    }

    /// Saves `state` to `path` atomically.
    public static func save(_ state: OmegaProgress, of campaign: OmegaCampaign, to path: String) throws(InputError) {
        try AtomicFile.write(FileSeal.seal(json(state, of: campaign).rendered(indent: 0)), to: path)
    }

    /// The state saved in `path` for a run of `campaign` over `sets`, or nil when there is no such file. A checkpoint
    /// of another chip, input set, options or shard is refused with a one-line error naming the file.
    public static func load(path: String, for campaign: OmegaCampaign, sets: Range<Int>) throws(InputError) -> OmegaProgress? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let data = try FileSeal.open(try InputError.readFile(path), file: path)
        let root = JSONField(value: try JSONValue.parse(data, file: path), file: path)
        let found = try root["format"].string()
        guard found == format else { throw root["format"].invalid("expected \(format), found \(found)") }
        if let why = OmegaIdentity(campaign).mismatch(try OmegaIdentity(root)) {
            throw .invalidField(file: path, field: "(root)", reason: "a checkpoint of \(why); remove it or use another --checkpoint file")
        }
        let bounds = try root["sets"].array()
        guard bounds.count == 2 else { throw root["sets"].invalid("expected [lower, upper]") }
        let saved = try bounds[0].integer(in: 0...Int(9e15))..<max(0, try bounds[1].integer(in: 0...Int(9e15)))
        guard saved == sets else {
            throw .invalidField(
                file: path, field: "sets",
                reason: "a checkpoint of crash sets \(saved.lowerBound)..<\(saved.upperBound), this run covers \(sets.lowerBound)..<\(sets.upperBound) (another --shard?)")
        }
        var state = OmegaProgress(sets: sets, inputs: campaign.inputs.count)
        let chunkSize = try root["chunkSize"].integer(in: 1...Int(9e15))
        guard chunkSize == state.chunkSize else {
            throw root["chunkSize"].invalid("\(chunkSize) crash sets per chunk, this version uses \(state.chunkSize)")
        }
        state.nextChunk = try root["nextChunk"].integer(in: 0...state.chunkCount)
        state.configurations = try root["configurations"].integer(in: 0...Int(9e15))
        guard state.configurations == state.completedSets.count else {
            throw root["configurations"].invalid("\(state.configurations) crash sets done, expected \(state.completedSets.count)")
        }
        state.sum = try ExactJSON.sum(root["deviationSum"])
        state.squares = try ExactJSON.sum(root["deviationSquareSum"])
        state.setMeans = try ExactJSON.sum(root["setMeanSum"])
        state.setMeanSquares = try ExactJSON.sum(root["setMeanSquareSum"])
        state.worst = try ExactJSON.double(root["omegaMax"])
        state.worstSet = try root["worstSet"].integer(in: -1...Int(9e15))
        state.worstInput = try root["worstInput"].integer(in: -1...Int(9e15))
        let maxima = try ExactJSON.doubles(root["perInputMax"])
        guard maxima.count == campaign.inputs.count else {
            throw root["perInputMax"].invalid("\(maxima.count) maxima for \(campaign.inputs.count) inputs")
        }
        state.perInputMax = maxima
        return state
    }
}
