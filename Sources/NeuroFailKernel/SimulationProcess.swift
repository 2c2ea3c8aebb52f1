/// A process of the simulation: an object with its own state that reacts to what the kernel hands it.
///
/// Swift has no generators, so a process is not a coroutine that `yield`s events as in SimPy. It is an object
/// with two handlers, each run to completion by ``Environment/step()``:
/// - ``receive(_:in:)`` when a ``Message`` addressed to it is delivered;
/// - ``resume(after:in:)`` when an ``Event`` it waits on (``Environment/wait(_:on:)``) is processed.
///
/// Where a process must remember where it is in a longer protocol, it keeps that in its own stored properties: a
/// small state machine. The handlers may send messages, trigger events and start waiting on events; they must not
/// call ``Environment/step()`` or ``Environment/run(until:)`` themselves.
///
/// `Payload` is what messages and events carry in the environment the process lives in (``Message``).
/// The protocol is not called `Process` because Foundation already has a type of that name.
public protocol SimulationProcess<Payload>: AnyObject {
    /// What messages and events carry in this process's environment.
    associatedtype Payload

    /// Handles a message delivered to this process at ``Environment/now``.
    func receive(_ message: Message<Payload>, in environment: Environment<Payload>)

    /// Handles the processing of `event`, on which this process waits, at ``Environment/now``.
    func resume(after event: Event<Payload>, in environment: Environment<Payload>)
}

extension SimulationProcess {
    /// Ignores the message: the default for processes that only wait on events.
    public func receive(_ message: Message<Payload>, in environment: Environment<Payload>) {}

    /// Ignores the event: the default for processes that only react to messages.
    public func resume(after event: Event<Payload>, in environment: Environment<Payload>) {}
}
