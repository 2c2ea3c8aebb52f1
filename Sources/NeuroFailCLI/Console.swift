import Foundation
import Synchronization

/// Where a command's output goes: standard output for results, standard error for errors and progress.
///
/// The process uses ``Console/standard``; tests use ``Console/capturing()`` and read what was written.
public struct Console: Sendable {
    /// Writes text to standard output (the caller adds newlines).
    public let out: @Sendable (String) -> Void
    /// Writes text to standard error.
    public let err: @Sendable (String) -> Void
    /// Whether standard error is a terminal: progress lines are shown only then.
    public let errIsTerminal: Bool
    /// Why writing standard output failed (the system's reason, e.g. "No space left on device"), nil if it did not.
    public let outFailure: @Sendable () -> String?

    public init(
        out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void, errIsTerminal: Bool,
        outFailure: @escaping @Sendable () -> String? = { nil }
    ) {
        self.out = out
        self.err = err
        self.errIsTerminal = errIsTerminal
        self.outFailure = outFailure
    }

    /// The process's standard output and error, written with write(2): Foundation's FileHandle traps (`try!`) when
    /// a write fails, e.g. `> /dev/full`; here the first failure is kept and the command ends with exit status 1.
    public static var standard: Console {
        Console(
            out: { StandardStream.output.write($0) },
            err: { StandardStream.error.write($0) },
            errIsTerminal: isatty(2) == 1,
            outFailure: { StandardStream.output.failure })
    }

    /// A console that records everything, for tests.
    public static func capturing() -> (Console, Capture) {
        let capture = Capture()
        let console = Console(
            out: { text in capture.storage.withLock { $0.out += text } },
            err: { text in capture.storage.withLock { $0.err += text } },
            errIsTerminal: false)
        return (console, capture)
    }

    /// What a capturing console recorded.
    public final class Capture: Sendable {
        let storage = Mutex<(out: String, err: String)>(("", ""))
        /// Everything written to standard output.
        public var out: String { storage.withLock { $0.out } }
        /// Everything written to standard error.
        public var err: String { storage.withLock { $0.err } }
    }

    /// Writes a line to standard output.
    public func print(_ line: String = "") { out(line + "\n") }
}
