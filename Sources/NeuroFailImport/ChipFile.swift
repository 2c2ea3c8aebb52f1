import Foundation
import NeuroFailCore

/// The one way commands read a chip: chip JSON (`neurofail.chip/1`), an `.npy` manifest
/// (`neurofail.npy-manifest/1`) or an ONNX model (`.onnx`), told apart by their contents.
public enum ChipFile {
    /// The two families of file ``load(path:inputDomain:)`` reads.
    public enum Kind: String, Sendable {
        /// A chip file or an `.npy` manifest (told apart by its `format`).
        case json
        /// An ONNX model.
        case onnx
    }

    /// Loads the chip in `path`, whichever kind of file it is. The file is read once, so a pipe or a FIFO
    /// (`<(command)`) loads like a regular file.
    ///
    /// `inputDomain` applies to ONNX models only, which record none (default [0, 1]).
    ///
    /// - Throws: ``InputError`` naming the file and the field or node.
    public static func load(path: String, inputDomain: InputDomain? = nil) throws(InputError) -> Chip {
        try load(data: InputError.readFile(path), path: path, inputDomain: inputDomain)
    }

    /// Loads the chip from the bytes `data` read from `path` (named in errors; an `.npy` manifest's arrays are
    /// found beside it).
    public static func load(data: Data, path: String, inputDomain: InputDomain? = nil) throws(InputError) -> Chip {
        switch kind(data: data, path: path) {
        case .json: return try Chip.loadAny(data: data, path: path)
        case .onnx: return try ONNXConverter(model: ONNXModel(bytes: [UInt8](data), file: path), file: path).chip(inputDomain: inputDomain)
        }
    }

    /// What `path` holds: see ``kind(data:path:)``.
    public static func kind(path: String) throws(InputError) -> Kind {
        kind(data: try InputError.readFile(path), path: path)
    }

    /// What the bytes `data` of `path` are: JSON when the first non-blank byte (after a UTF-8 byte-order mark) is `{`
    /// or the name ends in `.json`; anything else is read as ONNX (a `ModelProto` starts with a protobuf key byte,
    /// usually 0x08), so a truncated or foreign file gets the protobuf reader's error naming the byte where it fails.
    public static func kind(data: Data, path: String) -> Kind {
        let body = data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data[...]
        let first = body.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        if first == UInt8(ascii: "{") || path.lowercased().hasSuffix(".json") { return .json }
        return .onnx
    }
}
