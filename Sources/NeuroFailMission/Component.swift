import NeuroFailCore

/// A part of a chip that can fail permanently during a mission: a neuron, a synapse, or a core (a tile of the
/// neuromorphic chip whose shared circuitry serves several neurons, see ``CoreMap``).
///
/// Text form (used in traces, ``FailureTrace``): `n<layer>.<index>` (e.g. `n2.5`), `s<layer>.<target>.<source>`
/// (e.g. `s3.0.7`), `core<index>` (e.g. `core2`). Layers follow the paper (hidden 1...L, readout L+1); indices are
/// 0-based. Ordering: all neurons, then all synapses, then all cores, each by their ids.
public enum Component: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// A hidden neuron (layer 1...L).
    case neuron(NeuronID)
    /// A synapse into layer 1...L+1.
    case synapse(SynapseID)
    /// A core of the chip's ``CoreMap``, by its 0-based index.
    case core(Int)

    /// The trace form: `n2.5`, `s3.0.7`, `core2`.
    public var description: String {
        switch self {
        case let .neuron(n): return n.description
        case let .synapse(s): return s.description
        case let .core(k): return "core\(k)"
        }
    }

    /// Parses the trace form; `nil` if `text` is not one (range is not checked: see ``invalidReason(chip:cores:)``).
    public init?(parsing text: String) {
        func indices(_ body: Substring, count: Int) -> [Int]? {
            let parts = body.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == count else { return nil }
            var out = [Int]()
            for part in parts {
                guard !part.isEmpty, part.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(part) else {
                    return nil
                }
                out.append(value)
            }
            return out
        }
        if text.hasPrefix("core"), let k = indices(text.dropFirst(4), count: 1) {
            self = .core(k[0])
        } else if text.hasPrefix("n"), let v = indices(text.dropFirst(1), count: 2) {
            self = .neuron(NeuronID(layer: v[0], index: v[1]))
        } else if text.hasPrefix("s"), let v = indices(text.dropFirst(1), count: 3) {
            self = .synapse(SynapseID(layer: v[0], target: v[1], source: v[2]))
        } else {
            return nil
        }
    }

    /// Why this component does not exist on `chip` with `cores` (e.g. `layer 4 out of range 1...3`), or `nil` if
    /// it does.
    public func invalidReason(chip: Chip, cores: CoreMap) -> String? {
        switch self {
        case let .neuron(n):
            guard (1...chip.depth).contains(n.layer) else {
                return "\(self): neuron layer \(n.layer) out of range 1...\(chip.depth)"
            }
            let width = chip.widths[n.layer - 1]
            guard (0..<width).contains(n.index) else {
                return "\(self): neuron index \(n.index) out of range 0...\(width - 1) of layer \(n.layer)"
            }
        case let .synapse(s):
            guard (1...(chip.depth + 1)).contains(s.layer) else {
                return "\(self): synapse layer \(s.layer) out of range 1...\(chip.depth + 1)"
            }
            let layer = chip.layer(s.layer)
            guard (0..<layer.outputs).contains(s.target) else {
                return "\(self): target \(s.target) out of range 0...\(layer.outputs - 1) of layer \(s.layer)"
            }
            guard (0..<layer.inputs).contains(s.source) else {
                return "\(self): source \(s.source) out of range 0...\(layer.inputs - 1) of layer \(s.layer)"
            }
            guard layer.synapseIndex(target: s.target, source: s.source) != nil else {
                let kind = layer.convolution != nil ? "a convolution whose kernel does not connect" : "sparse and has no synapse from"
                return "\(self): layer \(s.layer) is \(kind) source \(s.source) to target \(s.target)"
            }
        case let .core(k):
            guard (0..<cores.count).contains(k) else {
                return cores.count == 0
                    ? "\(self): the chip has no cores" : "\(self): core index out of range 0...\(cores.count - 1)"
            }
        }
        return nil
    }
}
