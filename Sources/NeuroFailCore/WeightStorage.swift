/// How a chip stores its synaptic weights in memory: the words a single-event upset flips bits of.
///
/// A chip declares it (chip metadata `weightStorage`, or a scenario's `weightStorage`; Docs/chip-format.md):
/// - `int8` with one scale per weight matrix (as on Loihi-class chips): w = q · scale, q a two's-complement byte in
///   −128...127. Flipping bit b (0 = least significant) changes q by exactly 2^b (bit 7, the sign, by 128), so the
///   weight by exactly 2^b · scale;
/// - `float16` (IEEE binary16) or `float32` (binary32): flipping a bit of the sign, the exponent or the significand.
///   A word that holds an infinity or a NaN (an exponent of all ones) reads as the largest finite value of the format
///   with that sign (``value(ofWord:matrix:)``);
/// - `float64`: the engines' own precision, the default when nothing is declared (no quantization). Bit flips need a
///   declared storage of at most 32 bits: a flipped float64 exponent overflows any product.
///
/// A flip changes the stored *word*; what the engines read is ``value(ofWord:matrix:)`` of it.
///
/// The engines compute with the stored values: ``quantize(_:)`` replaces every weight of a chip by the nearest
/// value the storage holds (exact in Float64), so both evaluators and every bound see the chip as stored.
public enum WeightStorage: Sendable, Hashable, CustomStringConvertible {
    /// IEEE binary64: the weights as given.
    case float64
    /// IEEE binary32.
    case float32
    /// IEEE binary16.
    case float16
    /// A signed byte per weight and one positive scale per weight matrix 1...L+1 (`scales[l - 1]`).
    case int8(scales: [Double])

    /// The format's name in files: `float64`, `float32`, `float16`, `int8`.
    public var format: String {
        switch self {
        case .float64: return "float64"
        case .float32: return "float32"
        case .float16: return "float16"
        case .int8: return "int8"
        }
    }

    /// `int8 (scales 0.0039, 0.0021, ...)` or the format's name.
    public var description: String {
        guard case let .int8(scales) = self else { return format }
        return "int8 (scales \(scales.map { JSONValue.format($0) }.joined(separator: ", ")))"
    }

    /// Bits per stored weight.
    public var bitsPerWeight: Int {
        switch self {
        case .float64: return 64
        case .float32: return 32
        case .float16: return 16
        case .int8: return 8
        }
    }

    /// The value storage holds nearest to `w` in weight matrix `matrix` (0-based: 0...L), or nil if it holds none
    /// (an int8 code outside −128...127 at the matrix's scale, a float that overflows the format).
    public func stored(_ w: Double, matrix: Int) -> Double? {
        switch self {
        case .float64: return w
        case .float32:
            let f = Float(w)
            return f.isFinite ? Double(f) : nil
        case .float16:
            let h = Float16(w)
            return h.isFinite ? Double(h) : nil
        case let .int8(scales):
            let q = (w / scales[matrix]).rounded()
            guard q >= -128, q <= 127 else { return nil }
            return q * scales[matrix]
        }
    }

    /// The stored word of `w` in weight matrix `matrix` (0-based), its bits in the low ``bitsPerWeight`` bits;
    /// `w` must be a stored value (``stored(_:matrix:)`` of something).
    public func word(of w: Double, matrix: Int) -> UInt64 {
        switch self {
        case .float64: return w.bitPattern
        case .float32: return UInt64(Float(w).bitPattern)
        case .float16: return UInt64(Float16(w).bitPattern)
        case let .int8(scales): return UInt64(UInt8(bitPattern: Int8((w / scales[matrix]).rounded())))
        }
    }

    /// The weight that word `word` of matrix `matrix` reads as. A float word holding an infinity or a NaN (an
    /// exponent of all ones) reads as ± the format's largest finite value: what a saturating multiply-accumulate
    /// unit makes of it, and it keeps every output finite. The word itself keeps its bits, so flipping the same bit
    /// again gives the weight back.
    public func value(ofWord word: UInt64, matrix: Int) -> Double {
        switch self {
        case .float64: return Self.saturated(Double(bitPattern: word), max: .greatestFiniteMagnitude)
        case .float32:
            return Self.saturated(Double(Float(bitPattern: UInt32(truncatingIfNeeded: word))), max: Double(Float.greatestFiniteMagnitude))
        case .float16:
            return Self.saturated(
                Double(Float16(bitPattern: UInt16(truncatingIfNeeded: word))), max: Double(Float16.greatestFiniteMagnitude))
        case let .int8(scales): return Double(Int8(bitPattern: UInt8(truncatingIfNeeded: word))) * scales[matrix]
        }
    }

    /// `word` with bit `bit` (0 = least significant, below ``bitsPerWeight``) flipped.
    public func flipping(bit: Int, of word: UInt64) -> UInt64 {
        precondition((0..<bitsPerWeight).contains(bit), "bit \(bit) of a \(bitsPerWeight)-bit weight")
        return word ^ (1 << UInt64(bit))
    }

    /// The weight read after bit `bit` of the stored word of `w` flips (``word(of:matrix:)``,
    /// ``value(ofWord:matrix:)``).
    public func flipping(bit: Int, of w: Double, matrix: Int) -> Double {
        value(ofWord: flipping(bit: bit, of: word(of: w, matrix: matrix)), matrix: matrix)
    }

    /// A NaN or an infinity read as ± `max` (the sign of a NaN is its sign bit).
    private static func saturated(_ x: Double, max: Double) -> Double {
        x.isFinite ? x : (x.sign == .minus ? -max : max)
    }

    /// `int8` scales that fit every weight of `chip`: max |w| / 127 per matrix (1 for a matrix of zeros).
    public static func fittedInt8(_ chip: Chip) -> WeightStorage {
        .int8(scales: chip.allLayers.map { layer in
            let m = layer.maxAbsWeight
            return m > 0 ? m / 127 : 1
        })
    }

    /// The chip as stored: every weight replaced by ``stored(_:matrix:)``, and per matrix the largest change
    /// |w − stored(w)| (the quantization error). Nil with the first weight that does not fit (matrix, flat index).
    public func quantize(_ chip: Chip) -> Result<(chip: Chip, maxError: [Double]), Unfit> {
        var out = chip
        var errors = [Double]()
        for (m, layer) in chip.allLayers.enumerated() {
            var weights = layer.weights
            var worst = 0.0
            for (flat, w) in layer.weights.enumerated() {
                guard let s = stored(w, matrix: m) else {
                    return .failure(Unfit(matrix: m, index: flat, weight: w))
                }
                weights[flat] = s
                worst = max(worst, abs(w - s))
            }
            if m < chip.depth { out.hidden[m].weights = weights } else { out.readout.weights = weights }
            errors.append(worst)
        }
        return .success((out, errors))
    }

    /// A weight a storage cannot hold.
    public struct Unfit: Error, Sendable, Hashable {
        /// The weight matrix (0-based: 0...L).
        public let matrix: Int
        /// Its synapse number in the layer (`target * inputs + source` for a dense layer, the CSR position for a
        /// sparse one).
        public let index: Int
        /// The weight.
        public let weight: Double
    }

    /// Reads `"int8"`, `"float16"`, …, or `{"format": "int8", "scales": "fit" | [s_1, ..., s_(L+1)]}` for `chip`;
    /// errors name the field. `int8` without scales fits them to the weights (``fittedInt8(_:)``).
    public static func decode(_ field: JSONField, chip: Chip) throws(InputError) -> WeightStorage {
        let format: String
        var scales: JSONField?
        if case .string = field.value {
            format = try field.string()
        } else {
            for key in try field.objectKeys() where !["format", "scales", "note"].contains(key) {
                throw field[key].invalid("unknown field (expected one of: format, note, scales)")
            }
            format = try field["format"].string()
            if field["scales"].isPresent { scales = field["scales"] }
        }
        let formatField: JSONField
        if case .string? = field.value { formatField = field } else { formatField = field["format"] }
        switch format {
        case "float64", "float32", "float16":
            if let scales { throw scales.invalid("only int8 has scales") }
            return format == "float64" ? .float64 : format == "float32" ? .float32 : .float16
        case "int8":
            guard let scales else { return fittedInt8(chip) }
            if case .string? = scales.value {
                guard try scales.string() == "fit" else {
                    throw scales.invalid("expected \"fit\" or one positive scale per weight matrix")
                }
                return fittedInt8(chip)
            }
            let values = try scales.numbers()
            guard values.count == chip.depth + 1 else {
                throw scales.invalid("has \(values.count) scales, expected \(chip.depth + 1) (one per weight matrix)")
            }
            for (i, s) in values.enumerated() where !(s > 0) {
                throw scales.invalid("scale \(i) must be > 0, found \(JSONValue.format(s))")
            }
            return .int8(scales: values)
        default:
            throw formatField.invalid("unknown weight storage \"\(format)\", expected \"int8\", \"float16\", \"float32\" or \"float64\"")
        }
    }
}
