import NeuroFailCore

/// A 64-bit FNV-1a hash of canonical bytes: enough to tell two chips or two input sets apart when parts of one
/// campaign are merged or a checkpoint is resumed (a guard against mistakes, not against an adversary).
///
/// Canonical bytes: every integer as 8 little-endian bytes, every Double as its IEEE bit pattern, in a fixed order,
/// so the same chip gives the same fingerprint on every machine whatever file format it was read from.
public struct Fingerprint: Sendable, Hashable, CustomStringConvertible {
    /// The hash so far.
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    /// The hash of nothing.
    public init() {}

    /// Adds eight little-endian bytes.
    public mutating func add(_ word: UInt64) {
        var w = word
        for _ in 0..<8 {
            value = (value ^ (w & 0xff)) &* 0x0000_0100_0000_01b3
            w >>= 8
        }
    }

    public mutating func add(_ x: Int) { add(UInt64(bitPattern: Int64(x))) }
    public mutating func add(_ x: Double) { add(x.bitPattern) }
    public mutating func add(_ s: String) {
        add(s.utf8.count)
        for byte in s.utf8 { value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
    }

    /// `fnv1a64:` and 16 hex digits.
    public var description: String { "fnv1a64:" + hex(value) }

    /// The fingerprint of a chip's numbers: shape (a convolution's geometry too), weights, biases, activations and
    /// input domain (not its name or metadata, which do not change any result).
    public static func of(_ chip: Chip) -> Fingerprint {
        var h = Fingerprint()
        h.add(chip.inputDomain.lower)
        h.add(chip.inputDomain.upper)
        h.add(chip.allLayers.count)
        for layer in chip.allLayers {
            h.add(layer.inputs)
            h.add(layer.outputs)
            h.add(layer.activation?.function.rawValue ?? "linear")
            h.add(layer.activation?.lipschitz ?? 0)
            // Parameters only for the functions that take them, so older chips keep their fingerprints.
            if let a = layer.activation, a.function == .leakyRelu { h.add(a.alpha) }
            if let r = layer.activation?.clipRange {
                h.add(r.lowerBound)
                h.add(r.upperBound)
            }
            // Convolutions add their geometry (dense layers add nothing, so their fingerprints stay as they were).
            if let c = layer.convolution {
                h.add("convolution")
                for n in c.inputShape + [c.outputChannels] + c.kernelSize + c.stride + c.padding { h.add(n) }
            }
            if let c = layer.sparse {
                h.add("sparse")
                for r in c.rowStart { h.add(r) }
                for s in c.sources { h.add(Int(s)) }
            }
            for w in layer.weights { h.add(w) }
            for b in layer.bias { h.add(b) }
        }
        return h
    }

    /// The fingerprint of an input batch: its shape and every number.
    public static func of(_ inputs: InputBatch) -> Fingerprint {
        var h = Fingerprint()
        h.add(inputs.count)
        h.add(inputs.dimension)
        for x in inputs.values { h.add(x) }
        return h
    }
}

/// 16 lower-case hex digits.
func hex(_ x: UInt64) -> String {
    let digits = String(x, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
}
