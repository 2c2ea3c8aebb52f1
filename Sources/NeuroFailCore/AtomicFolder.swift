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
///
/// Two processes never write one folder at once: ``reserve(_:owned:)`` takes an exclusive lock (`flock` on
/// `.<name>.lock` beside the folder) that a second writer is refused with one line, and ``replace(_:with:owned:)``
/// holds it for the swap. Temporaries are registered with ``Temporaries`` (removed on SIGINT/SIGTERM) and those of
/// killed runs are swept by the next write.
public enum AtomicFolder {
    /// Checks the folder as ``checkReplaceable(_:owned:)`` does and locks it against other processes until the
    /// returned reservation is released (or deallocated): call it before long work whose result goes there.
    public static func reserve(_ path: String, owned: Set<String>) throws(InputError) -> FolderLock {
        let path = trimmed(path)
        try checkName(path)
        let lock = try FolderLock(folder: path)
        try checkReplaceable(path, owned: owned)
        return lock
    }

    private static func checkName(_ path: String) throws(InputError) {
        let name = PathName.name(path)
        guard !name.isEmpty, name != ".", name != "..", path != "/" else {
            throw .unreadable(file: path, reason: "is not a folder name a report can replace; give a new folder")
        }
    }

    /// Checks that `path` is absent, or a folder holding only regular files named in `owned`: what ``replace(_:with:owned:)``
    /// will accept. Call it before long work so a bad output path fails at once.
    public static func checkReplaceable(_ path: String, owned: Set<String>) throws(InputError) {
        let path = trimmed(path)
        try checkName(path)
        guard let type = try FileType.of(path) else { return }
        guard type == S_IFDIR else {
            throw .unreadable(file: path, reason: "exists and is \(FileType.describe(type)), not a folder; refusing to replace it")
        }
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        } catch {
            throw .unreadable(file: path, reason: "cannot list the folder: \(FileType.reason(error))")
        }
        for entry in entries {
            let entryPath = (path as NSString).appendingPathComponent(entry)
            let entryType = try FileType.of(entryPath)
            guard entryType == S_IFREG, owned.contains(entry) else {
                let what = entryType == S_IFREG ? "a file" : entryType.map(FileType.describe) ?? "an entry"
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
        try checkName(path)
        let lock = try FolderLock(folder: path)
        defer { lock.release() }
        try checkReplaceable(path, owned: owned)
        let parent = PathName.parent(path)
        let name = PathName.name(path)
        let parentPath = parent.isEmpty ? "." : parent
        do {
            try FileManager.default.createDirectory(atPath: parentPath, withIntermediateDirectories: true)
        } catch {
            throw .unreadable(file: parentPath, reason: "cannot create directory: \(FileType.reason(error))")
        }
        Temporaries.sweepStale(in: parentPath, prefix: ".\(name).new-")
        Temporaries.sweepStale(in: parentPath, prefix: ".\(name).old-")
        let tag = "\(getpid())-\(Temporaries.tag())"
        let staging = (parentPath as NSString).appendingPathComponent(".\(name).new-\(tag)")
        let aside = (parentPath as NSString).appendingPathComponent(".\(name).old-\(tag)")
        Temporaries.register(staging)
        defer {
            Temporaries.unregister(staging)
            Temporaries.unregister(aside)
        }
        guard mkdir(staging, 0o777) == 0 else {
            throw .unreadable(file: path, reason: "cannot create \(staging): \(FileType.reason(errno))")
        }
        do throws(InputError) {
            for file in files {
                let filePath = (staging as NSString).appendingPathComponent(file.name)
                try AtomicFile.writeNew(
                    file.data, to: filePath, mode: 0o666, shownAs: (path as NSString).appendingPathComponent(file.name))
            }
            try beforeSwap()
            // The check again, right before the swap: the path may have changed while the files were written.
            try checkReplaceable(path, owned: owned)
            let hadOld = try FileType.of(path) != nil
            if hadOld, rename(path, aside) != 0 {
                throw InputError.unreadable(file: path, reason: "cannot move the old folder aside: \(FileType.reason(errno))")
            }
            if hadOld { Temporaries.register(aside, restoringTo: path) }
            guard rename(staging, path) == 0 else {
                let reason = FileType.reason(errno)
                if hadOld { _ = rename(aside, path) }
                throw InputError.unreadable(file: path, reason: "cannot move the new folder in: \(reason)")
            }
            if hadOld {
                Temporaries.register(aside)
                try? FileManager.default.removeItem(atPath: aside)
            }
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
}
