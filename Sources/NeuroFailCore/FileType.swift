import Foundation

/// How output code names what is at a path and why a system call failed, in the words of one error line.
public enum FileType {
    /// "a symbolic link", "a FIFO", … for the type bits of `st_mode` (`S_IFLNK`, `S_IFIFO`, …).
    public static func describe(_ type: mode_t) -> String {
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

    /// The system's text for `code` (`strerror`): "No space left on device", "Permission denied".
    public static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// The system's text for a Foundation error, taken from its underlying POSIX code when it has one, so a full disk
    /// reads "No space left on device" rather than Foundation's generic wording.
    public static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return reason(Int32(underlying.code))
        }
        if ns.domain == NSPOSIXErrorDomain { return reason(Int32(ns.code)) }
        return ns.localizedDescription
    }

    /// The type bits of `path` itself (not following a symbolic link), nil if nothing is there.
    public static func of(_ path: String) throws(InputError) -> mode_t? {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return nil }
            throw .unreadable(file: path, reason: reason(errno))
        }
        return info.st_mode & S_IFMT
    }
}
