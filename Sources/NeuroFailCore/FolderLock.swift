import Foundation
import Synchronization

/// An exclusive lock on an output folder against other processes: `flock` on the file `.<name>.lock` beside the
/// folder, taken without waiting (a second writer is refused at once with one line, before its long work) and
/// removed when released.
///
/// Within one process the lock is counted, so a command that reserved its folder can still replace it. The lock
/// file is registered with ``Temporaries`` so an interrupted run removes it; one left by a killed run holds no lock
/// (the system drops `flock` locks with their process) and is taken over by the next writer.
public final class FolderLock: Sendable {
    /// The lock file's path.
    public let path: String
    private let state: Mutex<(fd: Int32, released: Bool)>

    /// Lock files held by this process, with how many ``FolderLock`` values share each.
    private static let held = Mutex<[String: (fd: Int32, count: Int)]>([:])

    /// Takes the lock of `folder` (its parent folder is created if needed) or throws one line saying another
    /// process writes there.
    public init(folder: String) throws(InputError) {
        let parent = PathName.parent(folder)
        let directory = parent.isEmpty ? "." : parent
        let name = PathName.name(folder)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .unreadable(file: directory, reason: "cannot create directory: \(FileType.reason(error))")
        }
        let path = (directory as NSString).appendingPathComponent(".\(name).lock")
        self.path = path
        let shared = Self.held.withLock { held -> Int32? in
            guard let entry = held[path] else { return nil }
            held[path] = (entry.fd, entry.count + 1)
            return entry.fd
        }
        if let shared {
            state = Mutex((shared, false))
            return
        }
        let fd = try Self.lock(path, folder: folder)
        Self.held.withLock { $0[path] = (fd, 1) }
        Temporaries.register(path)
        state = Mutex((fd, false))
    }

    /// Opens and locks `path`, retrying when the file it locked was removed meanwhile by the previous holder (so two
    /// processes never each hold a lock on a different file of the same name).
    private static func lock(_ path: String, folder: String) throws(InputError) -> Int32 {
        for _ in 0..<100 {
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o666)
            guard fd >= 0 else { throw .unreadable(file: folder, reason: "cannot create the lock \(path): \(FileType.reason(errno))") }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                let code = errno
                close(fd)
                if code == EWOULDBLOCK {
                    throw .unreadable(
                        file: folder,
                        reason: "another neurofail is writing this folder (lock \(path)); wait for it or give another --out")
                }
                throw .unreadable(file: folder, reason: "cannot lock \(path): \(FileType.reason(code))")
            }
            var opened = stat()
            var named = stat()
            if fstat(fd, &opened) == 0, stat(path, &named) == 0, opened.st_ino == named.st_ino, opened.st_dev == named.st_dev {
                return fd
            }
            close(fd)
        }
        throw .unreadable(file: folder, reason: "cannot lock \(path): it keeps being replaced")
    }

    /// Releases the lock (once; later calls do nothing); the last holder in the process removes the lock file.
    public func release() {
        let first = state.withLock { s -> Bool in
            defer { s.released = true }
            return !s.released
        }
        guard first else { return }
        let last = Self.held.withLock { held -> Int32? in
            guard let entry = held[path] else { return nil }
            if entry.count > 1 {
                held[path] = (entry.fd, entry.count - 1)
                return nil
            }
            held[path] = nil
            return entry.fd
        }
        guard let fd = last else { return }
        // Removed while still locked, so a process waiting on this file notices (inode check above) and retries.
        unlink(path)
        Temporaries.unregister(path)
        close(fd)
    }

    deinit { release() }
}
