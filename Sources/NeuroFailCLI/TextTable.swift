import NeuroFailCore
import Foundation

/// A plain-text table for people: a header row, aligned columns (numbers right-aligned), two spaces between.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []

    init(_ header: [String]) { self.header = header }

    mutating func add(_ row: [String]) { rows.append(row) }

    /// The table as text. A column whose cells are all numbers (or `-`) is right-aligned, others left-aligned.
    var rendered: String {
        let all = [header] + rows
        let widths = header.indices.map { c in all.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        func isNumeric(_ s: String) -> Bool { Double(s.replacingOccurrences(of: "%", with: "")) != nil || s == "-" }
        let numeric = header.indices.map { c in rows.allSatisfy { c >= $0.count || isNumeric($0[c]) } }
        return all.map { row in
            row.indices.map { c in
                let cell = row[c]
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return numeric[c] ? pad + cell : cell + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }.joined(separator: "\n")
    }
}

/// Formats a number for people: 6 significant digits, exponent form for very large or small values.
func formatNumber(_ x: Double) -> String {
    if x == 0 { return "0" }
    // Never "nan" or "inf" as a result (Docs/reliability.md): say what happened instead.
    if !x.isFinite { return x.isNaN ? "undefined (overflow)" : (x > 0 ? "overflow (> 1.8e308)" : "overflow (< -1.8e308)") }
    let a = abs(x)
    if a >= 1e6 || a < 1e-4 { return String(format: "%.4e", x) }
    var s = String(format: "%.6g", x)
    if s.contains("e") { s = String(format: "%.4e", x) }
    return s
}

/// Groups the digits of an integer by thousands: 17296 → "17,296".
func formatCount<T: BinaryInteger>(_ n: T) -> String {
    let digits = String(n)
    var out = ""
    for (i, c) in digits.reversed().enumerated() {
        if i > 0, i % 3 == 0, c != "-" { out.append(",") }
        out.append(c)
    }
    return String(out.reversed())
}

/// A grouped count and its noun, singular for 1: `counted(1, "input")` is "1 input", `counted(17296, "run")`
/// "17,296 runs".
func counted<T: BinaryInteger>(_ n: T, _ singular: String, plural: String? = nil) -> String {
    Noun.count(n, singular, plural: plural, digits: formatCount)
}
