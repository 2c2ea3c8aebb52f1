import Foundation
import NeuroFailCore

/// One protocol-buffers message, read from the wire format without a schema: its fields in file order, each with
/// its number and its raw value. Readers of a concrete schema (``ONNXModel``) pick fields by number.
///
/// Wire format (protobuf encoding): a field is a varint key `number << 3 | wireType` followed by its value:
/// wire type 0 a varint, 1 eight little-endian bytes, 2 a varint length and that many bytes (strings, bytes,
/// sub-messages, packed repeated scalars), 5 four little-endian bytes. Groups (3, 4) are long deprecated and refused.
///
/// Every read is bounds-checked: a truncated or corrupt message throws ``InputError/malformed(file:location:reason:)``
/// naming the file, the message path (e.g. `graph.node[3].attribute[0]`) and the byte offset, never traps.
/// A message shares the file's bytes with its sub-messages (it keeps a range, not a copy).
public struct ProtobufMessage: Sendable {
    /// A field's raw value.
    public enum Value: Sendable, Hashable {
        /// Wire type 0.
        case varint(UInt64)
        /// Wire type 1.
        case fixed64(UInt64)
        /// Wire type 2: the byte range of the payload within ``bytes``.
        case lengthDelimited(Range<Int>)
        /// Wire type 5.
        case fixed32(UInt32)
    }

    /// One field occurrence.
    public struct Field: Sendable, Hashable {
        /// The field number (≥ 1).
        public let number: Int
        /// Its value.
        public let value: Value
        /// Where its key starts in the file, for messages.
        public let offset: Int
    }

    /// The whole file's bytes.
    public let bytes: [UInt8]
    /// The file, for errors.
    public let file: String
    /// The message's path in the document, for errors (empty for the root).
    public let path: String
    /// The fields in file order; a repeated field occurs several times.
    public let fields: [Field]

    /// Parses the message stored in `bytes[range]` (the whole of `bytes` by default).
    public init(bytes: [UInt8], range: Range<Int>? = nil, file: String, path: String = "") throws(InputError) {
        self.bytes = bytes
        self.file = file
        self.path = path
        var reader = ProtobufReader(bytes: bytes, position: range?.lowerBound ?? 0, end: range?.upperBound ?? bytes.count)
        var fields = [Field]()
        while reader.position < reader.end {
            let offset = reader.position
            let key = try reader.varint(file: file, path: path, what: "a field key")
            let number = key >> 3
            guard number >= 1, number <= 0x1FFF_FFFF else {
                throw Self.malformed(file, path, offset, "field number \(number) is invalid (not a protobuf message?)")
            }
            let value: Value
            switch key & 7 {
            case 0: value = .varint(try reader.varint(file: file, path: path, what: "the varint of field \(number)"))
            case 1: value = .fixed64(try reader.little(8, file: file, path: path, what: "the 8 bytes of field \(number)"))
            case 2:
                let length = try reader.varint(file: file, path: path, what: "the length of field \(number)")
                guard length <= UInt64(reader.end - reader.position) else {
                    throw Self.malformed(
                        file, path, offset,
                        "truncated: field \(number) declares \(length) bytes, only \(reader.end - reader.position) remain")
                }
                value = .lengthDelimited(reader.position..<(reader.position + Int(length)))
                reader.position += Int(length)
            case 5:
                value = .fixed32(UInt32(try reader.little(4, file: file, path: path, what: "the 4 bytes of field \(number)")))
            case let wire:
                throw Self.malformed(file, path, offset, "field \(number) has wire type \(wire), which is not supported (not a protobuf message?)")
            }
            fields.append(Field(number: Int(number), value: value, offset: offset))
        }
        self.fields = fields
    }

    static func malformed(_ file: String, _ path: String, _ offset: Int, _ reason: String) -> InputError {
        .malformed(file: file, location: (path.isEmpty ? "" : "\(path), ") + "byte \(offset)", reason: reason)
    }

    /// An error about this message's field `number`, e.g. `graph.node[2]: field 4 ...`.
    func invalid(_ number: Int, _ reason: String) -> InputError {
        let offset = fields.first(where: { $0.number == number })?.offset ?? 0
        return Self.malformed(file, path, offset, "field \(number): \(reason)")
    }

    /// Every occurrence of field `number`.
    public func values(_ number: Int) -> [Value] { fields.filter { $0.number == number }.map(\.value) }

    /// The last occurrence of a varint field (protobuf's rule for a repeated scalar given as non-repeated), or nil.
    public func varint(_ number: Int) throws(InputError) -> UInt64? {
        guard let last = values(number).last else { return nil }
        guard case let .varint(v) = last else { throw invalid(number, "expected a varint") }
        return v
    }

    /// A varint field as a signed 64-bit integer (two's complement, as int64 and int32 are encoded).
    public func int64(_ number: Int) throws(InputError) -> Int64? {
        try varint(number).map { Int64(bitPattern: $0) }
    }

    /// A fixed32 field as a float, or nil.
    public func float(_ number: Int) throws(InputError) -> Float? {
        guard let last = values(number).last else { return nil }
        guard case let .fixed32(v) = last else { throw invalid(number, "expected a 4-byte float") }
        return Float(bitPattern: v)
    }

    /// The payload range of a length-delimited field's last occurrence, or nil.
    public func bytesRange(_ number: Int) throws(InputError) -> Range<Int>? {
        guard let last = values(number).last else { return nil }
        guard case let .lengthDelimited(r) = last else { throw invalid(number, "expected a length-delimited value") }
        return r
    }

    /// A string field (UTF-8), or nil.
    public func string(_ number: Int) throws(InputError) -> String? {
        try bytesRange(number).map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    /// Every occurrence of a repeated string field.
    public func strings(_ number: Int) throws(InputError) -> [String] {
        var out = [String]()
        for value in values(number) {
            guard case let .lengthDelimited(r) = value else { throw invalid(number, "expected strings") }
            out.append(String(decoding: bytes[r], as: UTF8.self))
        }
        return out
    }

    /// Every occurrence of a repeated sub-message field, parsed, with paths `<path>.<name>[i]`.
    public func messages(_ number: Int, name: String) throws(InputError) -> [ProtobufMessage] {
        var out = [ProtobufMessage]()
        for (i, value) in values(number).enumerated() {
            guard case let .lengthDelimited(r) = value else { throw invalid(number, "expected a sub-message") }
            out.append(try ProtobufMessage(bytes: bytes, range: r, file: file, path: child("\(name)[\(i)]")))
        }
        return out
    }

    /// The last occurrence of a sub-message field, parsed, with path `<path>.<name>`, or nil.
    public func message(_ number: Int, name: String) throws(InputError) -> ProtobufMessage? {
        guard let r = try bytesRange(number) else { return nil }
        return try ProtobufMessage(bytes: bytes, range: r, file: file, path: child(name))
    }

    private func child(_ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    /// A repeated varint field, packed (one length-delimited run) or not, or both: every value in order.
    public func packedVarints(_ number: Int) throws(InputError) -> [UInt64] {
        var out = [UInt64]()
        for value in values(number) {
            switch value {
            case let .varint(v): out.append(v)
            case let .lengthDelimited(r):
                var reader = ProtobufReader(bytes: bytes, position: r.lowerBound, end: r.upperBound)
                while reader.position < reader.end {
                    out.append(try reader.varint(file: file, path: child("field \(number)"), what: "a packed varint"))
                }
            default: throw invalid(number, "expected varints")
            }
        }
        return out
    }

    /// A repeated fixed-width field (4 or 8 bytes), packed or not: every value's bits in order.
    public func packedFixed(_ number: Int, width: Int) throws(InputError) -> [UInt64] {
        var out = [UInt64]()
        for value in values(number) {
            switch (value, width) {
            case let (.fixed32(v), 4): out.append(UInt64(v))
            case let (.fixed64(v), 8): out.append(v)
            case let (.lengthDelimited(r), _):
                guard r.count % width == 0 else {
                    throw invalid(number, "packed run of \(r.count) bytes is not a whole number of \(width)-byte values")
                }
                var reader = ProtobufReader(bytes: bytes, position: r.lowerBound, end: r.upperBound)
                while reader.position < reader.end {
                    out.append(try reader.little(width, file: file, path: path, what: "a packed value"))
                }
            default: throw invalid(number, "expected \(width)-byte values")
            }
        }
        return out
    }
}
