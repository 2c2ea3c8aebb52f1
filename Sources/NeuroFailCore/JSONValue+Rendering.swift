extension JSONValue {
    /// The JSON text of this value. With `indent` > 0, objects and arrays of containers are spread over lines;
    /// arrays of scalars stay on one line so weight matrices remain readable (one row per line).
    ///
    /// Non-finite numbers have no JSON form and are written as `null`.
    public func rendered(indent: Int = 2) -> String {
        var out = ""
        write(to: &out, indent: indent, level: 0)
        return out
    }

    /// `value` in Swift's shortest form that parses back to the same `Double`; integers without a fraction.
    public static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }

    private func write(to out: inout String, indent: Int, level: Int) {
        switch self {
        case .null: out += "null"
        case let .bool(b): out += b ? "true" : "false"
        case let .number(x): out += JSONValue.format(x)
        case let .string(s): JSONValue.writeString(s, to: &out)
        case let .array(items):
            if items.isEmpty { out += "[]"; return }
            if indent == 0 || items.allSatisfy(\.isScalar) {
                out += "["
                for (i, item) in items.enumerated() {
                    if i > 0 { out += indent == 0 ? "," : ", " }
                    item.write(to: &out, indent: indent, level: level + 1)
                }
                out += "]"
                return
            }
            let pad = String(repeating: " ", count: indent * (level + 1))
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += pad
                item.write(to: &out, indent: indent, level: level + 1)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += String(repeating: " ", count: indent * level) + "]"
        case let .object(pairs):
            if pairs.isEmpty { out += "{}"; return }
            if indent == 0 {
                out += "{"
                for (i, (k, v)) in pairs.enumerated() {
                    if i > 0 { out += "," }
                    JSONValue.writeString(k, to: &out)
                    out += ":"
                    v.write(to: &out, indent: 0, level: 0)
                }
                out += "}"
                return
            }
            let pad = String(repeating: " ", count: indent * (level + 1))
            out += "{\n"
            for (i, (k, v)) in pairs.enumerated() {
                out += pad
                JSONValue.writeString(k, to: &out)
                out += ": "
                v.write(to: &out, indent: indent, level: level + 1)
                out += i + 1 < pairs.count ? ",\n" : "\n"
            }
            out += String(repeating: " ", count: indent * level) + "}"
        }
    }

    private static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
