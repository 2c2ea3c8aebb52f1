/// The address of a process registered with an ``Environment``: what messages are sent to.
///
/// Identifiers are handed out by ``Environment/register(_:)`` in registration order, starting at 0, and are only
/// meaningful for the environment that issued them.
public struct ProcessID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The registration index (0 for the first process registered).
    public let index: Int

    /// An identifier from a registration index. Prefer the one ``Environment/register(_:)`` returns.
    public init(index: Int) {
        self.index = index
    }

    /// Orders by registration index.
    public static func < (a: ProcessID, b: ProcessID) -> Bool { a.index < b.index }

    /// `#<index>`, e.g. `#12`.
    public var description: String { "#\(index)" }
}
