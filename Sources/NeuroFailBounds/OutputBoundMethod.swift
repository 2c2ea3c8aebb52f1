/// How C_l, the bound on |y^(l)| (a hidden neuron's nominal output over the input domain), was obtained.
///
/// The bound matters because a crashed neuron's deviation equals its nominal output.
public enum OutputBoundMethod: String, Sendable, Hashable, CaseIterable {
    /// C_l = 1: a sigmoid's outputs lie in (0, 1) whatever its input (the paper's choice).
    case sigmoidRange = "sigmoid-range"
    /// C_l = 1: a tanh's outputs lie in (−1, 1) whatever its input.
    case tanhRange = "tanh-range"
    /// C_l = max over the layer's neurons of max(|lower|, |upper|) of the neuron's output interval, obtained by
    /// propagating the input box through the fault-free chip with interval arithmetic (sound: every nominal output
    /// over the box lies in its interval). Used for ReLU, where the paper leaves C_l open (footnote 10), for
    /// leaky-ReLU, and for hard-sigmoid and clip (whose intervals lie inside their output range, so it is never above
    /// the range's max(|lo|, |hi|)).
    case intervalPropagation = "interval-propagation"
}
