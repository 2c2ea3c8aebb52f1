import NeuroFailCore

extension JSONValue {
    /// A number, or null when it is not finite (JSON has no NaN or infinity).
    static func finite(_ x: Double) -> JSONValue { x.isFinite ? .number(x) : .null }

    /// An array of numbers, non-finite ones as null.
    static func finite(_ xs: [Double]) -> JSONValue { .array(xs.map { finite($0) }) }
}

/// Colours of the series of the random-network figures, in order.
enum Palette {
    static let colors = [
        "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
    ]
    static func color(_ i: Int) -> String { colors[i % colors.count] }
}
