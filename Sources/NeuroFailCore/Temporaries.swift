import Foundation
import Synchronization

/// The temporary files and folders this process has made and not yet renamed into place or removed, so that an
/// interrupted run leaves none behind.
///
/// Every temporary is named `.<name>.<pid>…` (files) or `.<name>.new-<pid>-…` / `.<name>.old-<pid>-…` (report
/// folders), so two cleanups cover every way a run can end: ``installSignalCleanup()`` (called once by the
/// executable) removes them on SIGINT, SIGTERM or SIGHUP, and ``sweepStale(in:prefix:suffix:)`` removes those of a
/// process that no longer exists (killed with SIGKILL, or the machine lost power) the next time the same path is
/// written.
public enum Temporaries {
    /// Registered paths, each with where to rename it back to on interruption (nil: remove it).
    private static let paths = Mutex<[String: String?]>([:])

    /// Records `path` (a file or a folder) as a temporary to remove if the process is interrupted.
    public static func register(_ path: String) { paths.withLock { $0[path] = .some(nil) } }

    /// Records that `path` is a folder moved aside from `original`, to be renamed back there if the process is
    /// interrupted before the new folder is in place.
    public static func register(_ path: String, restoringTo original: String) {
        paths.withLock { $0[path] = .some(original) }
    }

    /// Forgets `path`: it was renamed into place or removed.
    public static func unregister(_ path: String) { _ = paths.withLock { $0.removeValue(forKey: path) } }

    /// The paths registered now (for tests).
    public static var registered: Set<String> { paths.withLock { Set($0.keys) } }

    /// A random tag that makes a temporary's name unique within its process.
    static func tag() -> String { String(UInt64.random(in: 0...UInt64.max), radix: 16) }

    /// Removes every registered temporary (files and whole folders).
    public static func removeAll() {
        let entries = paths.withLock { $0 }
        // Folders moved aside go back first, so the old report is whole again before the new one's staging goes.
        for case let (path, original?) in entries where (try? FileType.of(original)) == nil {
            _ = rename(path, original)
        }
        for (path, original) in entries where original == nil {
            if (try? FileType.of(path)) == S_IFDIR {
                try? FileManager.default.removeItem(atPath: path)
            } else {
                unlink(path)
            }
        }
    }

    /// Makes SIGINT, SIGTERM and SIGHUP remove every registered temporary before the process ends as the signal
    /// would (status 128 + signal). Call it first thing in `main`, before any other thread starts: the signals are
    /// blocked in every thread and received by one thread that waits for them, so no cleanup runs in a signal
    /// handler's restricted context.
    public static func installSignalCleanup() {
        var set = signals()
        pthread_sigmask(SIG_BLOCK, &set, nil)
        let thread = Thread {
            var set = signals()
            var received: Int32 = 0
            guard sigwait(&set, &received) == 0 else { return }
            removeAll()
            signal(received, SIG_DFL)
            pthread_sigmask(SIG_UNBLOCK, &set, nil)
            raise(received)
        }
        thread.start()
    }

    private static func signals() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for s in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&set, s) }
        return set
    }

    /// Removes the entries of `directory` named `prefix` + a process id + anything (+ `suffix` when given) whose
    /// process no longer exists: the temporaries of a killed run. Entries of live processes (a concurrent run) and
    /// anything not named so are left alone; failures are ignored (this is housekeeping, never the point of a run).
    public static func sweepStale(in directory: String, prefix: String, suffix: String? = nil) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for entry in entries where entry.hasPrefix(prefix) && (suffix.map { entry.hasSuffix($0) } ?? true) {
            let digits = entry.dropFirst(prefix.count).prefix { $0.isASCII && $0.isNumber }
            guard let pid = Int32(digits), pid > 0, !isAlive(pid) else { continue }
            let path = (directory as NSString).appendingPathComponent(entry)
            if (try? FileType.of(path)) == S_IFDIR {
                try? FileManager.default.removeItem(atPath: path)
            } else {
                unlink(path)
            }
        }
    }

    /// Whether process `pid` exists (signal 0 checks without sending anything; EPERM means it exists).
    static func isAlive(_ pid: Int32) -> Bool {
        if pid == getpid() { return true }
        return kill(pid, 0) == 0 || errno == EPERM
    }
}
