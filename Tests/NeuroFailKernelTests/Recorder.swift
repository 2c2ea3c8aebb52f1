import NeuroFailKernel

/// A test process that writes down everything that reaches it, and can forward messages on a fixed plan.
final class Recorder: SimulationProcess {
    let name: String
    /// What happened, as "name@time:what" lines.
    var log: [String] = []
    var times: [Double] = []
    var messages: [Message<Double>] = []
    /// Called on each message, to let a test react (e.g. send more).
    var onMessage: ((Message<Double>, Environment<Double>) -> Void)?

    init(_ name: String) {
        self.name = name
    }

    func receive(_ message: Message<Double>, in environment: Environment<Double>) {
        messages.append(message)
        times.append(environment.now)
        log.append("\(name)@\(environment.now):m\(message.port)=\(message.value)")
        onMessage?(message, environment)
    }

    func resume(after event: Event<Double>, in environment: Environment<Double>) {
        times.append(environment.now)
        log.append("\(name)@\(environment.now):\(event.name)")
    }
}
