import NeuroFailCore
import Testing

@testable import NeuroFailImport

/// The chip an ONNX model made of `bytes` converts to, as file m.onnx (the converter tests build models byte by byte).
func chip(_ bytes: [UInt8]) throws(InputError) -> Chip {
    try ONNXConverter(model: ONNXModel(bytes: bytes, file: "m.onnx"), file: "m.onnx").chip()
}

/// Expects `bytes` to be refused with an error about `field` of m.onnx whose reason contains `words`.
func expectRefusal(_ bytes: [UInt8], field: String, _ words: String, sourceLocation: SourceLocation = #_sourceLocation) {
    switch Result(catching: { () throws(InputError) in try chip(bytes) }) {
    case .success: Issue.record("accepted: \(words)", sourceLocation: sourceLocation)
    case let .failure(.invalidField(file, f, reason)):
        #expect(file == "m.onnx" && f == field, "\(f): \(reason)", sourceLocation: sourceLocation)
        #expect(reason.contains(words), "\(reason)", sourceLocation: sourceLocation)
    case let .failure(error): Issue.record("\(error)", sourceLocation: sourceLocation)
    }
}
