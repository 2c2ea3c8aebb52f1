/// A JSON value together with where it came from (file and field path), so that every decoding error can say
/// exactly which field of which file is wrong.
///
/// ```swift
/// let root = JSONField(value: try JSONValue.load(path: path), file: path)
/// let k = try root["activation"]["lipschitz"].positiveNumber()
/// // error: "Chips/x.json: activation.lipschitz: must be > 0, found -1"
/// ```
public struct JSONField: Sendable {
    /// The value at this field, or `nil` if the field is absent.
    public let value: JSONValue?
    /// The file the value was read from, as the user named it.
    public let file: String
    /// The path of this field inside the document, e.g. `layers[1].weights`; empty for the root.
    public let path: String

    public init(value: JSONValue?, file: String, path: String = "") {
        self.value = value
        self.file = file
        self.path = path
    }

    /// The field's name for messages: its path, or `(root)`.
    public var fieldName: String { path.isEmpty ? "(root)" : path }

    /// An error about this field.
    public func invalid(_ reason: String) -> InputError {
        .invalidField(file: file, field: fieldName, reason: reason)
    }

    /// The member `key` of this object (absent members give a field whose `value` is nil).
    public subscript(key: String) -> JSONField {
        JSONField(value: value?[key], file: file, path: path.isEmpty ? key : "\(path).\(key)")
    }

    /// Whether the field is present and not `null`.
    public var isPresent: Bool {
        if let value, value != .null { return true }
        return false
    }

    private func present() throws(InputError) -> JSONValue {
        guard let value else { throw invalid("missing") }
        return value
    }

    /// The field as an object; its keys in document order.
    public func objectKeys() throws(InputError) -> [String] {
        let v = try present()
        guard case let .object(pairs) = v else { throw invalid("expected an object, found \(v.kindName)") }
        return pairs.map(\.0)
    }

    /// Throws for a key of this object not in `allowed` (a typo would otherwise be ignored silently), naming the key;
    /// an absent field passes.
    public func rejectUnknownKeys(allowed: Set<String>) throws(InputError) {
        guard isPresent else { return }
        for key in try objectKeys() where !allowed.contains(key) {
            throw self[key].invalid("unknown field (expected one of: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    /// The field as an array of fields, each with its indexed path.
    public func array() throws(InputError) -> [JSONField] {
        let v = try present()
        guard case let .array(items) = v else { throw invalid("expected an array, found \(v.kindName)") }
        return items.enumerated().map { JSONField(value: $1, file: file, path: "\(path)[\($0)]") }
    }

    /// The field as a string.
    public func string() throws(InputError) -> String {
        let v = try present()
        guard case let .string(s) = v else { throw invalid("expected a string, found \(v.kindName)") }
        return s
    }

    /// The field as a finite number.
    public func number() throws(InputError) -> Double {
        let v = try present()
        guard case let .number(x) = v else { throw invalid("expected a number, found \(v.kindName)") }
        guard x.isFinite else { throw invalid("must be finite, found \(x)") }
        return x
    }

    /// The field as a number strictly greater than zero.
    public func positiveNumber() throws(InputError) -> Double {
        let x = try number()
        guard x > 0 else { throw invalid("must be > 0, found \(JSONValue.format(x))") }
        return x
    }

    /// The field as a number greater than or equal to zero.
    public func nonNegativeNumber() throws(InputError) -> Double {
        let x = try number()
        guard x >= 0 else { throw invalid("must be >= 0, found \(JSONValue.format(x))") }
        return x
    }

    /// The field as an integer in `range`.
    public func integer(in range: ClosedRange<Int> = Int(Int32.min)...Int(Int32.max)) throws(InputError) -> Int {
        let x = try number()
        guard x == x.rounded(), abs(x) < 9e15 else { throw invalid("expected an integer, found \(x)") }
        let i = Int(x)
        guard range.contains(i) else {
            throw invalid("must be between \(range.lowerBound) and \(range.upperBound), found \(i)")
        }
        return i
    }

    /// The field as a boolean.
    public func bool() throws(InputError) -> Bool {
        let v = try present()
        guard case let .bool(b) = v else { throw invalid("expected true or false, found \(v.kindName)") }
        return b
    }

    /// The field as an array of finite numbers. Errors name the offending element.
    public func numbers() throws(InputError) -> [Double] {
        let v = try present()
        guard case let .array(items) = v else { throw invalid("expected an array of numbers, found \(v.kindName)") }
        var out = [Double]()
        out.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            guard case let .number(x) = item else {
                throw invalid("element \(i) is \(item.kindName), expected a number")
            }
            guard x.isFinite else { throw invalid("element \(i) is not finite") }
            out.append(x)
        }
        return out
    }

    /// The field as a matrix with exactly `rows` rows of `columns` numbers, flattened row-major.
    /// Errors say which row has the wrong length, e.g. `row 3 has 7 numbers, expected 8`.
    public func matrix(rows: Int?, columns: Int) throws(InputError) -> (rows: Int, values: [Double]) {
        let v = try present()
        guard case let .array(items) = v else { throw invalid("expected an array of rows, found \(v.kindName)") }
        if let rows, items.count != rows { throw invalid("has \(items.count) rows, expected \(rows)") }
        var out = [Double]()
        out.reserveCapacity(items.count * columns)
        for (r, row) in items.enumerated() {
            guard case let .array(cells) = row else { throw invalid("row \(r) is \(row.kindName), expected an array") }
            guard cells.count == columns else {
                throw invalid("row \(r) has \(cells.count) numbers, expected \(columns)")
            }
            for (c, cell) in cells.enumerated() {
                guard case let .number(x) = cell else {
                    throw invalid("row \(r), column \(c) is \(cell.kindName), expected a number")
                }
                guard x.isFinite else { throw invalid("row \(r), column \(c) is not finite") }
                out.append(x)
            }
        }
        return (items.count, out)
    }
}
