/// A number sent from one process to another through the event queue.
///
/// A value type with no references, so a message costs no allocation and no reference counting in the queue.
/// `port` tells the receiver which of its channels the message arrived on (for a synapse: the index of the
/// neuron that sent it).
public struct Message: Sendable, Hashable {
    /// The process that sent the message.
    public var sender: ProcessID
    /// The channel at the receiver, chosen by the sender's protocol (e.g. the sender's index within its layer).
    public var port: Int
    /// The payload.
    public var value: Double

    /// A message from `sender` on `port` carrying `value`.
    public init(sender: ProcessID, port: Int, value: Double) {
        self.sender = sender
        self.port = port
        self.value = value
    }
}
