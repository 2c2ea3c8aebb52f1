import Foundation

/// Replaces a folder's contents as a whole, so that a rerun never leaves an earlier run's files beside its own: the
/// new files are written into a fresh hidden sibling folder, then the old folder is renamed aside, the new one
/// renamed in, and the old one deleted.
///
/// Interrupted while writing, the old folder is untouched (only the hidden sibling is left, and removed when the
/// failure is an error rather than a kill). Between the two renames (two system calls) the old folder exists under
/// its hidden name `.<name>.old-…`.
///
/// It never follows or replaces anything but a folder it may own: if the path exists and is a symbolic link, a FIFO,
/// a device, a socket or a regular file, or if the folder holds anything but regular files with names the caller
/// owns (the files an earlier run of the same command wrote), nothing is written and the error says why. That keeps
/// `--out .` or `--out ~` from deleting a user's files.
public enum AtomicFolder {
    /// Checks that `path` is absent, or a folder holding only regular files named in `owned`: what ``replace(_:with:owned:)``
    /// will accept. Call it before long work so a bad output path fails at once.
    public static func checkReplaceable(_ path: String, owned: Set<String>) throws(InputError) {
        let path = trimmed(path)
        let name = (path as NSString).lastPathComponent
        guard !name.isEmpty, name != ".", name != "..", path != "/" else {
            throw .unreadable(file: path, reason: "is not a folder name a report can replace; give a new folder")
        }
        guard let type = try fileType(path) else { return }
        guard type == S_IFDIR else {
            throw .unreadable(file: path, reason: "exists and is \(describe(type)), not a folder; refusing to replace it")
        }
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        } catch {
            throw .unreadable(file: path, reason: "cannot list the folder: \(error.localizedDescription)")
        }
        for entry in entries {
            let entryPath = (path as NSString).appendingPathComponent(entry)
            let entryType = try fileType(entryPath)
            guard entryType == S_IFREG, owned.contains(entry) else {
                let what = entryType == S_IFREG ? "a file" : entryType.map(describe) ?? "an entry"
                throw .unreadable(
                    file: path,
                    reason: "holds '\(entry)' (\(what)) that is not a report file; refusing to replace the folder (give an empty or new folder)")
            }
        }
    }

    /// Makes `path` a folder holding exactly `files` (name, contents), replacing whatever folder was there, which may
    /// hold only regular files named in `owned` (checked by ``checkReplaceable(_:owned:)``). File names must be
    /// plain names (no `/`). Parent folders are created.
    public static func replace(_ path: String, with files: [(name: String, data: Data)], owned: Set<String>) throws(InputError) {
        try replace(path, with: files, owned: owned, beforeSwap: {})
    }

    /// ``replace(_:with:owned:)`` with a hook run after the new folder is complete and before it is swapped in:
    /// tests throw from it to stand for an interruption at the worst moment.
    static func replace(
        _ path: String, with files: [(name: String, data: Data)], owned: Set<String>,
        beforeSwap: () throws(InputError) -> Void
    ) throws(InputError) {
        let path = trimmed(path)
        for file in files where file.name.isEmpty || file.name.contains("/") || file.name == "." || file.name == ".." {
            throw .unreadable(file: path, reason: "cannot write '\(file.name)': not a plain file name")
        }
        try checkReplaceable(path, owned: owned)
        let parent = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let parentPath = parent.isEmpty ? "." : parent
        do {
            try FileManager.default.createDirectory(atPath: parentPath, withIntermediateDirectories: true)
        } catch {
            throw .unreadable(file: parentPath, reason: "cannot create directory: \(error.localizedDescription)")
        }
        let tag = "\(getpid())-\(String(UInt64.random(in: 0...UInt64.max), radix: 16))"
        let staging = (parentPath as NSString).appendingPathComponent(".\(name).new-\(tag)")
        let aside = (parentPath as NSString).appendingPathComponent(".\(name).old-\(tag)")
        guard mkdir(staging, 0o777) == 0 else {
            throw .unreadable(file: path, reason: "cannot create \(staging): \(String(cString: strerror(errno)))")
        }
        do throws(InputError) {
            for file in files {
                let filePath = (staging as NSString).appendingPathComponent(file.name)
                guard FileManager.default.createFile(atPath: filePath, contents: file.data) else {
                    throw InputError.unreadable(file: (path as NSString).appendingPathComponent(file.name), reason: "cannot write (directory not writable?)")
                }
            }
            try beforeSwap()
            // The check again, right before the swap: the path may have changed while the files were written.
            try checkReplaceable(path, owned: owned)
            let hadOld = try fileType(path) != nil
            if hadOld, rename(path, aside) != 0 {
                throw InputError.unreadable(file: path, reason: "cannot move the old folder aside: \(String(cString: strerror(errno)))")
            }
            guard rename(staging, path) == 0 else {
                let reason = String(cString: strerror(errno))
                if hadOld { _ = rename(aside, path) }
                throw InputError.unreadable(file: path, reason: "cannot move the new folder in: \(reason)")
            }
            if hadOld { try? FileManager.default.removeItem(atPath: aside) }
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
    }

    /// `path` without trailing slashes (`out/m/` names the folder `m`).
    private static func trimmed(_ path: String) -> String {
        var path = path
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        return path
    }

    /// The file type bits (`S_IFDIR`, `S_IFLNK`, …) of `path` itself, not following a symbolic link; nil if absent.
    private static func fileType(_ path: String) throws(InputError) -> mode_t? {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return nil }
            throw .unreadable(file: path, reason: String(cString: strerror(errno)))
        }
        return info.st_mode & S_IFMT
    }

    private static func describe(_ type: mode_t) -> String {
        switch type {
        case S_IFLNK: return "a symbolic link"
        case S_IFREG: return "a regular file"
        case S_IFIFO: return "a FIFO"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        case S_IFDIR: return "a folder"
        default: return "a special file"
        }
    }
}
