/// The simulated world: a clock, an event queue, and the processes that exchange messages through it.
///
/// Modelled on SimPy's `Environment`. Time is a `Double` that only moves forward: ``step()`` takes the first entry
/// of the queue in (time, ``Priority``, sequence number) order, sets ``now`` to its time and runs it, either
/// delivering a ``Message`` to a ``SimulationProcess`` or processing an ``Event`` (its callbacks and waiting
/// processes, in the order they were added). The sequence number is the order of scheduling, so entries due at the
/// same time and priority run first-come first-served. Nothing is ever scheduled before ``now`` (delays are ≥ 0), so
/// the clock never goes backwards, and since no two entries share a key, a run is fully determined by what is
/// scheduled: the same program gives the same trace on every machine.
///
/// `Payload` is what messages and events carry: numbers for a chip (``ChipNetwork`` runs on `Environment<Double>`),
/// faults and observations for a mission. What the clock means is the owner's: rounds of an inference for a chip,
/// years since launch for a mission.
///
/// The environment is single-threaded and not `Sendable`: create one per simulation (one per thread, if several
/// run side by side). It keeps its registered processes alive as long as it lives.
///
/// A negative, infinite or NaN delay (or a time before ``now``) is a programming error and traps, like an
/// out-of-range array index; callers that derive delays from user data validate them first.
public final class Environment<Payload> {
    /// The simulated time.
    public private(set) var now: Double
    /// How many queue entries (messages and events) have been processed.
    public private(set) var eventsProcessed = 0
    /// How many of those were messages delivered to a process.
    public private(set) var messagesDelivered = 0

    // The hot stored properties skip run-time exclusivity checks: they are private to this single-threaded class,
    // and no handler can reach them while they are being modified (a handler runs after `pop` returns and before
    // the next `push` starts), so the checks could never fire; they cost about a sixth of the time per message.
    @exclusivity(unchecked) var queue = EventQueue<Payload>()
    /// Registered processes; a ``ProcessID`` is an index here.
    @exclusivity(unchecked) private var processes: [any SimulationProcess<Payload>] = []
    /// The same processes without reference counting, for dispatch: `processes` keeps them alive for as long as
    /// the environment lives, so skipping the retain and release around each delivery is safe (and saves half the
    /// time of a message).
    @exclusivity(unchecked) private var handlers: [Handler<Payload>] = []
    /// Triggered events waiting in the queue, by slot; the queue refers to them by slot so its entries stay plain.
    private var triggered: [Event<Payload>?] = []
    private var freeSlots: [Int] = []

    /// An environment whose clock starts at `initialTime` (0 by default; a non-finite time is taken as 0).
    public init(initialTime: Double = 0) {
        now = initialTime.isFinite ? initialTime : 0
    }

    /// The number of registered processes.
    public var processCount: Int { processes.count }
    /// The number of entries waiting in the queue.
    public var pendingCount: Int { queue.count }
    /// The time of the next entry, or `nil` if the queue is empty.
    public var nextTime: Double? { queue.firstTime }

    /// Adds a process; messages and events reach it through the returned identifier. The environment keeps it alive.
    @discardableResult
    public func register(_ process: some SimulationProcess<Payload>) -> ProcessID {
        precondition(processes.count < Int(Int32.max), "too many processes")
        processes.append(process)
        handlers.append(Handler(process: process))
        return ProcessID(index: processes.count - 1)
    }

    /// The process registered as `id`, or `nil` if there is none.
    public func process(_ id: ProcessID) -> (any SimulationProcess<Payload>)? {
        processes.indices.contains(id.index) ? processes[id.index] : nil
    }

    // MARK: Messages

    /// Schedules the delivery of `message` to `target` at `now + delay`.
    ///
    /// Precondition: `delay` is finite and ≥ 0, `target` was registered here, and the port fits 32 bits.
    @inline(__always)
    public func send(_ message: Message<Payload>, to target: ProcessID, delay: Double = 0, priority: Priority = .normal) {
        precondition(delay >= 0 && delay.isFinite, "delays must be finite and ≥ 0")
        deliver(message, to: target, time: now + delay, priority: priority)
    }

    /// Schedules the delivery of `message` to `target` at the absolute time `time` (no rounding of `now + delay`:
    /// a message meant for year 3.7 arrives at exactly 3.7).
    ///
    /// Precondition: `time` is finite and ≥ ``now``, `target` was registered here.
    public func send(_ message: Message<Payload>, to target: ProcessID, at time: Double, priority: Priority = .normal) {
        precondition(time >= now && time.isFinite, "times must be finite and not before now")
        deliver(message, to: target, time: time, priority: priority)
    }

    @inline(__always)
    private func deliver(_ message: Message<Payload>, to target: ProcessID, time: Double, priority: Priority) {
        precondition(processes.indices.contains(target.index), "message to an unregistered process")
        precondition(message.port >= Int(Int32.min) && message.port <= Int(Int32.max), "port out of range")
        queue.push(
            time: time, priority: priority, target: Int32(truncatingIfNeeded: target.index),
            sender: Int32(truncatingIfNeeded: message.sender.index), port: Int32(truncatingIfNeeded: message.port),
            payload: message.payload)
    }

    // MARK: Events

    /// Triggers `event` with `payload` now: it will be processed after what is already due now at `priority` or
    /// better.
    ///
    /// - Returns: `false` (and does nothing) if the event was already triggered.
    @discardableResult
    public func succeed(_ event: Event<Payload>, payload: Payload? = nil, priority: Priority = .normal) -> Bool {
        schedule(event, delay: 0, payload: payload, priority: priority)
    }

    /// Triggers `event` with `payload`, to be processed at `now + delay`.
    ///
    /// Precondition: `delay` is finite and ≥ 0.
    /// - Returns: `false` (and does nothing) if the event was already triggered.
    @discardableResult
    public func schedule(
        _ event: Event<Payload>, delay: Double, payload: Payload? = nil, priority: Priority = .normal
    ) -> Bool {
        precondition(delay >= 0 && delay.isFinite, "delays must be finite and ≥ 0")
        return schedule(event, at: now + delay, payload: payload, priority: priority)
    }

    /// Triggers `event` with `payload`, to be processed at the absolute time `time`.
    ///
    /// Precondition: `time` is finite and ≥ ``now``.
    /// - Returns: `false` (and does nothing) if the event was already triggered.
    @discardableResult
    public func schedule(
        _ event: Event<Payload>, at time: Double, payload: Payload? = nil, priority: Priority = .normal
    ) -> Bool {
        precondition(time >= now && time.isFinite, "times must be finite and not before now")
        guard event.state == .pending else { return false }
        event.state = .triggered
        event.payload = payload
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            triggered[slot] = event
        } else {
            precondition(triggered.count < Int(Int32.max), "too many triggered events")
            slot = triggered.count
            triggered.append(event)
        }
        queue.push(
            time: time, priority: priority, target: -Int32(truncatingIfNeeded: slot) - 1, sender: -1, port: 0,
            payload: nil)
        return true
    }

    /// A new event, triggered to be processed at `now + delay`: SimPy's `Timeout`.
    @discardableResult
    public func timeout(
        _ delay: Double, payload: Payload? = nil, priority: Priority = .normal, name: String = "timeout"
    ) -> Event<Payload> {
        precondition(delay >= 0 && delay.isFinite, "delays must be finite and ≥ 0")
        return timeout(at: now + delay, payload: payload, priority: priority, name: name)
    }

    /// A new event, triggered to be processed at the absolute time `time` (finite, ≥ ``now``).
    @discardableResult
    public func timeout(
        at time: Double, payload: Payload? = nil, priority: Priority = .normal, name: String = "timeout"
    ) -> Event<Payload> {
        let event = Event<Payload>(name: name)
        schedule(event, at: time, payload: payload, priority: priority)
        return event
    }

    /// Makes `process` wait on `event`: its ``SimulationProcess/resume(after:in:)`` runs when the event is
    /// processed, after the reactions added before.
    ///
    /// - Returns: `false` (and does nothing) if the event has already been processed.
    @discardableResult
    public func wait(_ process: ProcessID, on event: Event<Payload>) -> Bool {
        guard event.state != .processed else { return false }
        event.reactions.append(.process(process))
        return true
    }

    // MARK: Running

    /// Processes the first entry of the queue.
    ///
    /// - Returns: `false` if the queue was empty.
    @discardableResult
    @inline(__always)
    public func step() -> Bool {
        guard let (time, entry) = queue.pop() else { return false }
        now = time
        eventsProcessed += 1
        if entry.target >= 0, let payload = entry.payload {
            messagesDelivered += 1
            let message = Message(sender: ProcessID(index: Int(entry.sender)), port: Int(entry.port), payload: payload)
            handlers[Int(entry.target)].process.receive(message, in: self)
        } else {
            let slot = Int(-(entry.target + 1))
            guard let event = triggered[slot] else { return true }
            triggered[slot] = nil
            freeSlots.append(slot)
            event.state = .processed
            let reactions = event.reactions
            event.reactions = []
            for reaction in reactions {
                switch reaction {
                case .callback(let callback): callback(event, self)
                case .process(let id):
                    if processes.indices.contains(id.index) { processes[id.index].resume(after: event, in: self) }
                }
            }
        }
        return true
    }

    /// Processes entries in order while the next one is due strictly before `limit`, then moves the clock to
    /// `limit` if that is later (as SimPy does: an entry due exactly at `limit` stays in the queue).
    ///
    /// With the default limit, runs until the queue is empty. A limit before ``now`` (or NaN) does nothing.
    /// - Returns: the number of entries processed.
    @discardableResult
    public func run(until limit: Double = .infinity) -> Int {
        var processed = 0
        while let time = queue.firstTime, time < limit {
            step()
            processed += 1
        }
        if limit.isFinite && limit > now { now = limit }
        return processed
    }
}

/// A process reference that does no reference counting; valid while the environment's `processes` holds it.
private struct Handler<Payload> {
    unowned(unsafe) let process: any SimulationProcess<Payload>
}
