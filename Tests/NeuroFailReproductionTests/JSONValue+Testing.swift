import NeuroFailCore

/// Reading headline numbers in tests.
extension JSONValue {
    /// The number, or nil for anything else.
    var number: Double? {
        if case .number(let x) = self { return x }
        return nil
    }

    /// The numbers of an array (nil entries for non-numbers), or nil when not an array.
    var numbers: [Double?]? {
        if case .array(let a) = self { return a.map(\.number) }
        return nil
    }

    /// The keys of an object, in order.
    var keys: [String] {
        if case .object(let pairs) = self { return pairs.map(\.0) }
        return []
    }
}
