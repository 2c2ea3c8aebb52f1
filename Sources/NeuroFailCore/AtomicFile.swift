import Foundation

/// Writes output files so that nothing at the path is destroyed and a reader never sees half of one.
///
/// What happens depends on what the path is (checked with `lstat`, never assumed):
/// - absent or a regular file: the bytes go to a hidden temporary file in the same folder (`.<name>.<pid>.<tag>.tmp`),
///   which is then renamed over the path (rename is atomic within a file system); an existing file keeps its
///   permission bits;
/// - a symbolic link: it is followed (up to 40 links) and its final target is written as above, so the link stays
///   a link and points at the new contents;
/// - a FIFO, a character device (`/dev/null`, a terminal) or a pipe (`/dev/stdout`): the bytes are written through
///   to it, since renaming a file over it would destroy it;
/// - a folder, a block device or a socket: refused with one line; nothing is written.
///
/// Every failure (a full disk, a read-only folder) is one ``InputError`` line with the system's reason (`strerror`),
/// and leaves no temporary file. A temporary file is registered with ``Temporaries`` while it exists, so a run
/// interrupted by SIGINT or SIGTERM removes it, and a temporary left by a killed process is swept by the next write
/// to the same path.
public enum AtomicFile {
    /// Writes `data` to `path` as described above, creating the parent folders of a new file.
    public static func write(_ data: Data, to path: String) throws(InputError) {
        let target = try resolve(path)
        switch target.type {
        case nil, S_IFREG?:
            try replaceRegular(data, at: target.path, shownAs: path, keepingMode: target.mode)
        case S_IFIFO?, S_IFCHR?:
            try writeThrough(data, to: path)
        case let type?:
            throw .unreadable(file: path, reason: "is \(FileType.describe(type)); refusing to write over it (give a file path)")
        }
    }

    /// Writes `text` as UTF-8 to `path` atomically.
    public static func write(_ text: String, to path: String) throws(InputError) {
        try write(Data(text.utf8), to: path)
    }

    /// The path a write to `path` lands on: `path` itself, or the final target of its symbolic links, with the file
    /// type (`S_IFREG`, `S_IFIFO`, …; nil if absent) and permission bits of what is there.
    static func resolve(_ path: String) throws(InputError) -> (path: String, type: mode_t?, mode: mode_t?) {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0 else {
                if errno == ENOENT { return (current, nil, nil) }
                throw .unreadable(file: path, reason: "cannot write: \(FileType.reason(errno))")
            }
            let type = info.st_mode & S_IFMT
            // /dev/stdout and /proc/self/fd/N name an open descriptor, not a file to rename over: written through.
            if current.hasPrefix("/proc/") || current.hasPrefix("/dev/fd/") { return (current, S_IFCHR, nil) }
            guard type == S_IFLNK else { return (current, type, info.st_mode & 0o7777) }
            // What the link reaches, followed by the system: a pipe behind /dev/stdout (/proc/self/fd/1 -> "pipe:[…]")
            // has no path to resolve, but stat sees the FIFO.
            var followed = stat()
            if stat(current, &followed) == 0, (followed.st_mode & S_IFMT) != S_IFREG {
                return (current, followed.st_mode & S_IFMT, nil)
            }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(current, &buffer, buffer.count - 1)
            guard n >= 0 else { throw .unreadable(file: path, reason: "cannot follow the link: \(FileType.reason(errno))") }
            let link = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = link.hasPrefix("/") ? link : PathName.joined(PathName.parent(current), link)
        }
        throw .unreadable(file: path, reason: "cannot write: too many levels of symbolic links")
    }

    /// Temporary file, then rename over `path` (a regular file or nothing).
    private static func replaceRegular(_ data: Data, at path: String, shownAs shown: String, keepingMode mode: mode_t?) throws(InputError) {
        let name = PathName.name(path)
        let parent = PathName.parent(path)
        let directory = parent.isEmpty ? "." : parent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .unreadable(file: directory, reason: "cannot create directory: \(FileType.reason(error))")
        }
        Temporaries.sweepStale(in: directory, prefix: ".\(name).", suffix: ".tmp")
        let temporary = (directory as NSString).appendingPathComponent(".\(name).\(getpid()).\(Temporaries.tag()).tmp")
        Temporaries.register(temporary)
        defer { Temporaries.unregister(temporary) }
        do throws(InputError) {
            try writeNew(data, to: temporary, mode: mode ?? 0o666, shownAs: shown)
            guard rename(temporary, path) == 0 else {
                throw InputError.unreadable(file: shown, reason: "cannot write: \(FileType.reason(errno))")
            }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// Creates `path` (which must not exist) holding `data`; every failed call names the system's reason.
    static func writeNew(_ data: Data, to path: String, mode: mode_t, shownAs shown: String) throws(InputError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw .unreadable(file: shown, reason: "cannot write: \(FileType.reason(errno))") }
        // An explicit mode survives the umask only through fchmod (an existing file's bits are kept as they were).
        if mode != 0o666 { _ = fchmod(fd, mode) }
        let written = writeAll(data, to: fd)
        let closed = close(fd) == 0 ? 0 : errno
        if let failure = written ?? (closed == 0 ? nil : closed) {
            throw .unreadable(file: shown, reason: "cannot write: \(FileType.reason(failure))")
        }
    }

    /// Writes `data` to an existing FIFO or character device without creating, truncating or renaming anything.
    private static func writeThrough(_ data: Data, to path: String) throws(InputError) {
        // O_NONBLOCK on open only: a FIFO nobody reads would otherwise block forever; it fails with ENXIO instead.
        // O_TRUNC matters only when a descriptor path (/proc/self/fd/1) reaches a regular file, as `>` would.
        let fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_TRUNC)
        guard fd >= 0 else {
            let reason = errno == ENXIO ? "is a FIFO with no reader" : FileType.reason(errno)
            throw .unreadable(file: path, reason: "cannot write: \(reason)")
        }
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
        let written = writeAll(data, to: fd)
        let closed = close(fd) == 0 ? 0 : errno
        if let failure = written ?? (closed == 0 ? nil : closed) {
            throw .unreadable(file: path, reason: "cannot write: \(FileType.reason(failure))")
        }
    }

    /// Writes all of `data` to `fd`, retrying short writes and EINTR; the errno of a failure, nil on success.
    public static func writeAll(_ data: Data, to fd: Int32) -> Int32? {
        data.withUnsafeBytes { raw -> Int32? in
            guard let base = raw.baseAddress else { return nil }
            var done = 0
            while done < raw.count {
                let n = Foundation.write(fd, base + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if n == 0 { return EIO }
                done += n
            }
            return nil
        }
    }
}

extension AtomicFile {
    /// Writes several regular files as one output (an `.npy` manifest and its arrays): every file goes to a hidden
    /// temporary beside its path first, and only when all of them are complete are they renamed into place, in the
    /// order given (so the last, the manifest, names arrays that are already there). A failure while writing leaves
    /// every path as it was and no temporary behind.
    ///
    /// Each path must be absent or a regular file (or a link to one): a FIFO, a device or a folder at any of them is
    /// refused before anything is written, since the group is only whole as files. `contents` is called once per
    /// file, just before it is written, so only one file's bytes are held beyond what the caller has.
    public static func write(group files: [(path: String, contents: () -> Data)]) throws(InputError) {
        var targets = [(path: String, shown: String, mode: mode_t?)]()
        for file in files {
            let target = try resolve(file.path)
            guard target.type == nil || target.type == S_IFREG else {
                throw .unreadable(file: file.path, reason: "is \(FileType.describe(target.type ?? 0)); refusing to write over it (give a path to a regular file)")
            }
            guard !targets.contains(where: { $0.path == target.path }) else {
                throw .unreadable(file: file.path, reason: "is written twice by one output")
            }
            targets.append((target.path, file.path, target.mode))
        }
        var temporaries = [String]()
        defer { for t in temporaries { Temporaries.unregister(t) } }
        do throws(InputError) {
            for (file, target) in zip(files, targets) {
                let directory = PathName.parent(target.path).isEmpty ? "." : PathName.parent(target.path)
                do {
                    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                } catch {
                    throw InputError.unreadable(file: directory, reason: "cannot create directory: \(FileType.reason(error))")
                }
                let name = PathName.name(target.path)
                Temporaries.sweepStale(in: directory, prefix: ".\(name).", suffix: ".tmp")
                let temporary = (directory as NSString).appendingPathComponent(".\(name).\(getpid()).\(Temporaries.tag()).tmp")
                Temporaries.register(temporary)
                temporaries.append(temporary)
                try writeNew(file.contents(), to: temporary, mode: target.mode ?? 0o666, shownAs: target.shown)
            }
            for (temporary, target) in zip(temporaries, targets) {
                guard rename(temporary, target.path) == 0 else {
                    throw InputError.unreadable(file: target.shown, reason: "cannot write: \(FileType.reason(errno))")
                }
            }
        } catch {
            for t in temporaries { unlink(t) }
            throw error
        }
    }
}
