/// Which evaluator the monitor uses: both give the same outputs (a test holds them equal), at very different cost.
public enum MonitorEngine: String, Sendable, Hashable, CaseIterable {
    /// The batched dense engine (NeuroFailEngine): fast.
    case fast
    /// The message-level discrete-event simulation (NeuroFailKernel): every neuron and synapse a process; the
    /// reference semantics, slow.
    case reference
}
