import NeuroFailCore

extension JSONValue {
    /// A number, or null when it is not finite (JSON has no NaN or infinity).
    static func finite(_ x: Double) -> JSONValue { x.isFinite ? .number(x) : .null }

    /// An array of numbers, non-finite ones as null.
    static func finite(_ xs: [Double]) -> JSONValue { .array(xs.map { finite($0) }) }
}
