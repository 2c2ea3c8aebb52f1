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

    /// Loads the chip in `path`, whichever kind of file it is.
    ///
    /// `inputDomain` applies to ONNX models only, which record none (default [0, 1]).
    ///
    /// - Throws: ``InputError`` naming the file and the field or node.
    public static func load(path: String, inputDomain: InputDomain? = nil) throws(InputError) -> Chip {
        switch try kind(path: path) {
        case .json: return try Chip.loadAny(path: path)
        case .onnx: return try ONNXConverter.load(path: path, inputDomain: inputDomain)
        }
    }

    /// What `path` holds: JSON when its first non-blank byte (after a UTF-8 byte-order mark) is `{` or its name ends
    /// in `.json`; anything else is read as ONNX (a `ModelProto` starts with a protobuf key byte, usually 0x08), so a
    /// truncated or foreign file gets the protobuf reader's error naming the byte where it fails.
    public static func kind(path: String) throws(InputError) -> Kind {
        let data = try InputError.readFile(path)
        let body = data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data[...]
        let first = body.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        if first == UInt8(ascii: "{") || path.lowercased().hasSuffix(".json") { return .json }
        return .onnx
    }
}
