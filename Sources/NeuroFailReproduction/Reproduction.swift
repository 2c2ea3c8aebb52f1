import Foundation
import NeuroFailCore

/// The registry of reproducible figures and the writer of their files.
public enum Reproduction {
    /// Every figure, in paper order. New figures are added here.
    public static var figures: [any Figure] {
        [Figure3(), Figure4(), Figure5(), Figure6(), Figure7(), Figure8(), Figure10()]
    }

    /// The figure called `id`, or nil.
    public static func figure(_ id: String) -> (any Figure)? { figures.first { $0.id == id } }

    /// Figures of the paper that another figure's run produces: Fig. 9 is drawn from Fig. 8's training runs.
    public static let producedBy = ["fig9": "fig8"]

    /// Writes a result's data and plots into `directory/<id>/`, each file atomically; returns the paths.
    @discardableResult
    public static func write(_ result: FigureResult, to directory: String) throws(InputError) -> [String] {
        var written = [String]()
        let folder = (directory as NSString).appendingPathComponent(result.id)
        for (name, text) in result.data + result.plots {
            let path = (folder as NSString).appendingPathComponent(name)
            try AtomicFile.write(text, to: path)
            written.append(path)
        }
        let summary = (folder as NSString).appendingPathComponent("summary.json")
        try AtomicFile.write(result.headline.rendered() + "\n", to: summary)
        written.append(summary)
        return written
    }
}
