import Foundation
import NeuroFailTestSupport

/// Writes `text` to a new file `nf-<UUID>.<ext>` in the system's temporary folder and returns its path.
func temporaryFile(_ text: String, extension ext: String = "csv") -> String {
    let path = Scratch.folder + "nf-\(UUID().uuidString).\(ext)"
    _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    return path
}
