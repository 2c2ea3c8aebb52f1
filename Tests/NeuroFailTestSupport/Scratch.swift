import Foundation

/// The one folder a test process writes its temporary files in, removed when the process exits.
///
/// Every test that needs a file on disk makes it under ``folder``, never straight in the system's temporary
/// directory: a run of the suite writes hundreds of chips, inputs, reports and trace folders, and they used to stay
/// behind in /tmp after every `swift test` (1.5 GB on a developer's machine after a few days). One folder per
/// process (its pid and a random suffix), so that test processes running side by side never see each other's files,
/// removed at exit: a test that fails half-way leaves nothing either, unless the process itself is killed.
public enum Scratch {
    /// The process's scratch folder, with a trailing slash (like `NSTemporaryDirectory()`), created on first use.
    public static var folder: String { scratchFolder }
}

/// Made once (a global's initializer runs exactly once, whichever thread asks first), with its removal registered
/// at exit. The handler is a C function pointer and captures nothing: it reads this global, long initialized by then.
private let scratchFolder: String = {
    let path = NSTemporaryDirectory() + "neurofail-tests-\(getpid())-\(UInt64.random(in: 0...UInt64.max))/"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(atPath: scratchFolder) }
    return path
}()
