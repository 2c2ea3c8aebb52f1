/// What one process sends another through the event queue: a typed payload, from a sender, on a port.
///
/// `Payload` is the simulation's vocabulary, chosen by whoever builds the ``Environment``: a chip's neurons and
/// synapses exchange plain numbers (`Message<Double>`, ``ChipNetwork``), a mission's processes exchange faults,
/// recoveries and observations. A value type; with a payload that holds no references (a number, an enum of
/// numbers) a message costs no allocation and no reference counting in the queue. `port` tells the receiver which of
/// its channels the message arrived on (for a synapse: the index of the neuron that sent it).
public struct Message<Payload> {
    /// The process that sent the message.
    public var sender: ProcessID
    /// The channel at the receiver, chosen by the sender's protocol (e.g. the sender's index within its layer).
    public var port: Int
    /// What the message carries.
    public var payload: Payload

    /// A message from `sender` on `port` carrying `payload`.
    public init(sender: ProcessID, port: Int = 0, payload: Payload) {
        self.sender = sender
        self.port = port
        self.payload = payload
    }
}

extension Message: Sendable where Payload: Sendable {}
extension Message: Equatable where Payload: Equatable {}
extension Message: Hashable where Payload: Hashable {}

extension Message where Payload == Double {
    /// A message carrying a number (what a chip's neurons and synapses send).
    public init(sender: ProcessID, port: Int, value: Double) {
        self.init(sender: sender, port: port, payload: value)
    }

    /// The number carried.
    public var value: Double { payload }
}
