/// Something that happens at one simulated instant, with a payload and the reactions it sets off.
///
/// Modelled on SimPy's `Event`: an event is *pending* when created, *triggered* once it has a payload and sits in
/// the queue (``Environment/succeed(_:payload:priority:)``, ``Environment/schedule(_:delay:payload:priority:)``,
/// ``Environment/timeout(_:payload:priority:name:)``), and *processed* when ``Environment/step()`` takes it from the
/// queue and runs its callbacks (internal) and waiting processes, in the order they were added.
///
/// A reference type because identity matters: several processes wait on the same event, and each must see it
/// happen once.
public final class Event<Payload> {
    /// Where an event is in its life.
    public enum State: Sendable, Hashable {
        /// Created, not yet in the queue.
        case pending
        /// Given a payload and put in the queue; not yet processed.
        case triggered
        /// Taken from the queue; its callbacks have run.
        case processed
    }

    /// What runs when the event is processed: a closure, or a waiting process's ``SimulationProcess/resume(after:in:)``.
    enum Reaction {
        case callback((Event<Payload>, Environment<Payload>) -> Void)
        case process(ProcessID)
    }

    /// A label for traces and debugging.
    public let name: String
    /// Where the event is in its life.
    public internal(set) var state: State = .pending
    /// The payload it was triggered with; `nil` while pending or when triggered without one.
    public internal(set) var payload: Payload?
    /// The reactions still to run, in the order added.
    var reactions: [Reaction] = []

    /// A pending event.
    public init(name: String = "event") {
        self.name = name
    }

    /// Whether the event has been triggered (it is in the queue or already processed).
    public var isTriggered: Bool { state != .pending }

    /// Adds a closure to run when the event is processed, after the reactions added before it. Internal: the
    /// simulations here are processes that wait (``Environment/wait(_:on:)``); tests observe events with it.
    ///
    /// - Returns: `false` (and does nothing) if the event has already been processed.
    @discardableResult
    func addCallback(_ callback: @escaping (Event<Payload>, Environment<Payload>) -> Void) -> Bool {
        guard state != .processed else { return false }
        reactions.append(.callback(callback))
        return true
    }
}
