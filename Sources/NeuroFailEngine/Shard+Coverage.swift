import NeuroFailCore

extension Shard {
    /// One part file as the merge commands see it: where it came from, the `--shard i/n` it was written with, and
    /// the items (crash sets, mission runs) it holds among 0..<total.
    public struct Piece: Sendable {
        /// The part file's path.
        public let path: String
        /// The slice it was written as.
        public let shard: Shard
        /// The items it holds.
        public let items: Range<Int>

        /// A part file at `path`, written as `shard`, holding `items`.
        public init(path: String, shard: Shard, items: Range<Int>) {
            self.path = path
            self.shard = shard
            self.items = items
        }
    }

    /// The order in which to merge `pieces` (indices into it, by item range, empty pieces left out), after checking
    /// that they are disjoint and cover 0..<`total` exactly once. Shared by `merge` and `mission-merge`.
    ///
    /// A gap is reported as the missing part itself, e.g. `merge: part 3/4 (--shard 3/4) is missing: crash sets
    /// 50..<75 are in none of the 3 part files given`, not against whichever file happens to follow it.
    ///
    /// - Parameters:
    ///   - command: the command's name, for the message.
    ///   - field: the JSON field that holds the range (`sets`, `runs`), for an overlap.
    ///   - noun: what the items are, plural (`crash sets`, `runs`).
    public static func mergeOrder(
        of pieces: [Piece], total: Int, command: String, field: String, noun: String
    ) throws(InputError) -> [Int] {
        let order = pieces.indices.filter { !pieces[$0].items.isEmpty }
            .sorted { (pieces[$0].items.lowerBound, pieces[$0].items.upperBound) < (pieces[$1].items.lowerBound, pieces[$1].items.upperBound) }
        var covered = 0
        var previous: String?
        for i in order {
            let piece = pieces[i]
            if piece.items.lowerBound < covered {
                throw .invalidField(
                    file: piece.path, field: field,
                    reason: "\(noun) \(piece.items.lowerBound)..<\(piece.items.upperBound) overlap \(previous ?? "another part") (up to \(covered))")
            }
            if piece.items.lowerBound > covered {
                throw missing(covered..<piece.items.lowerBound, pieces: pieces, total: total, command: command, noun: noun)
            }
            covered = piece.items.upperBound
            previous = piece.path
        }
        if covered < total { throw missing(covered..<total, pieces: pieces, total: total, command: command, noun: noun) }
        return order
    }

    /// The error for items `gap` that no piece holds: the missing `--shard i/n` when every piece is a slice of the
    /// same n, else the range alone.
    private static func missing(
        _ gap: Range<Int>, pieces: [Piece], total: Int, command: String, noun: String
    ) -> InputError {
        let given = pieces.count == 1 ? "are not in the one part file given" : "are in none of the \(pieces.count) part files given"
        let what = "\(noun) \(gap.lowerBound)..<\(gap.upperBound) \(given)"
        let counts = Set(pieces.map(\.shard.count))
        if counts.count == 1, let n = counts.first, n > 1 {
            let present = Set(pieces.map(\.shard.index))
            let absent = (1...n).filter { i in
                !present.contains(i) && Shard(index: i, count: n).range(of: total).overlaps(gap)
            }
            if !absent.isEmpty {
                let names = absent.map { "\($0)/\(n)" }
                let list = names.count == 1 ? "part \(names[0]) (--shard \(names[0])) is" : "parts \(names.joined(separator: ", ")) are"
                return .usage("\(command): \(list) missing: \(what); give \(absent.count == 1 ? "its file" : "their files") too")
            }
        }
        return .usage("\(command): \(what) (a missing part?)")
    }
}
