import Foundation

/// A CSV file built row by row: a header, then rows of numbers or text, `#` comment lines first.
struct CSVTable: Sendable {
    private var lines: [String]
    private let columns: Int

    init(comments: [String] = [], header: [String]) {
        lines = comments.map { "# " + $0 } + [header.joined(separator: ",")]
        columns = header.count
    }

    /// A row; numbers are written with 17 significant digits so that the file round-trips.
    mutating func append(_ cells: [CSVCell]) {
        precondition(cells.count == columns, "\(cells.count) cells for \(columns) columns")
        lines.append(cells.map(\.text).joined(separator: ","))
    }

    /// The file's text.
    var text: String { lines.joined(separator: "\n") + "\n" }
}

/// One CSV cell.
enum CSVCell: Sendable, ExpressibleByStringLiteral, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    case text(String)
    case number(Double)

    init(stringLiteral value: String) { self = .text(value) }
    init(floatLiteral value: Double) { self = .number(value) }
    init(integerLiteral value: Int) { self = .number(Double(value)) }

    var text: String {
        switch self {
        case .text(let s): return s
        case .number(let x):
            if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
            return String(format: "%.17g", x)
        }
    }
}
