import Foundation
import Testing

@testable import NeuroFailCore

/// `--domain FILE` and the scenario's envelopes: a CSV's envelope or a `neurofail.domain/1` document, checked
/// against the chip's domain, every error one line naming the file and the field.
struct InputBoxLoadingTests {
    /// A 3-input chip on [0, 1].
    private let chip = Chip.random(inputs: 3, widths: [2], outputs: 1, activation: .init(.relu, lipschitz: 1), seed: 1)

    /// The error for `text` as a file with extension `ext`, or nil if it loads.
    private func error(_ text: String, _ ext: String = "json") -> (path: String, message: String?) {
        let path = temporaryFile(text, extension: ext)
        do {
            _ = try InputBox.load(path: path, chip: chip)
            return (path, nil)
        } catch { return (path, error.description) }
    }

    @Test func aCSVGivesTheEnvelopeOfItsRows() throws {
        let path = temporaryFile("a,b,c\n0.1,0.5,0.9\n0.3,0.2,0.9\n", extension: "csv")
        let box = try InputBox.load(path: path, chip: chip)
        #expect(box.lower == [0.1, 0.2, 0.9] && box.upper == [0.3, 0.5, 0.9])
        #expect(box.source == "envelope of \(path)")
    }

    @Test func aDomainDocumentGivesNumbersOrOnePerInput() throws {
        let path = temporaryFile(#"{"format": "neurofail.domain/1", "lower": 0.25, "upper": [0.5, 1, 0.75]}"#, extension: "json")
        let box = try InputBox.load(path: path, chip: chip)
        #expect(box.lower == [0.25, 0.25, 0.25] && box.upper == [0.5, 1, 0.75])
        #expect(box.source == "domain \(path)")
    }

    @Test(arguments: [
        (#"{"format": "neurofail.domain/1", "lower": [0.5, 0.2, 0.1], "upper": [0.4, 1, 1]}"#, "lower: input 1: lower 0.5 > upper 0.4"),
        (#"{"format": "neurofail.domain/1", "lower": [0, 0], "upper": 1}"#, "lower: has 2 numbers, expected 1 or 3 (one per input)"),
        (#"{"format": "neurofail.domain/1", "lower": 0, "upper": 1.5}"#, "lower/upper: the box must lie inside the chip's input domain (chip domain [0, 1]^3)"),
        (#"{"format": "neurofail.domain/1", "lower": -0.1, "upper": 1}"#, "lower/upper: the box must lie inside the chip's input domain"),
        (#"{"format": "neurofail.box/1", "lower": 0, "upper": 1}"#, "format: unknown format \"neurofail.box/1\", expected \"neurofail.domain/1\""),
        (#"{"lower": 0, "upper": 1}"#, "format: "),
        (#"{"format": "neurofail.domain/1", "lower": "zero", "upper": 1}"#, "lower: "),
        (#"{"format": "neurofail.domain/1", "lower": 0}"#, "upper: "),
    ])
    func aBadDomainDocumentIsOneLineNamingFileAndField(text: String, message: String) {
        let (path, error) = error(text)
        #expect(error?.hasPrefix(path + ": " + message) == true, "\(error ?? "accepted")")
        #expect(error?.contains("\n") == false)
    }

    @Test func aCSVOutsideTheChipsDomainOrOfTheWrongWidthIsRefused() {
        let (outside, message) = error("0.1,0.2,1.5\n", "csv")
        #expect(message?.hasPrefix(outside + ": lower/upper: the box must lie inside the chip's input domain") == true, "\(message ?? "accepted")")
        let (narrow, width) = error("0.1,0.2\n", "csv")
        #expect(width == narrow + ": line 1: has 2 numbers, expected 3 (the chip's inputs)")
        #expect(self.error("", "csv").message != nil, "an empty CSV has no envelope")
    }
}
