/// Colours of the series of the random-network figures, in order.
enum Palette {
    static let colors = [
        "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
    ]
    static func color(_ i: Int) -> String { colors[i % colors.count] }
}
