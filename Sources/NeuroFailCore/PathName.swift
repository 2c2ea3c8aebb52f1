/// The parts of a path, as `NSString.lastPathComponent` and `deletingLastPathComponent` give them, computed on the
/// string itself: on Linux, Foundation's `deletingLastPathComponent` traps (SIGILL) on a one-character path without a
/// slash, so `neurofail erf chip.json --out o` or a scenario file named `s` ended with a backtrace.
///
/// Trailing slashes are ignored (`a/b/` is `a/b`); a path of slashes only is the root `/`.
public enum PathName {
    /// The path without its last component: `a/b` → `a`, `/a` → `/`, `a` → `` (the current folder), `/` → `/`.
    public static func parent(_ path: String) -> String {
        let trimmed = withoutTrailingSlashes(path)
        if trimmed == "/" { return "/" }
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        let head = withoutTrailingSlashes(String(trimmed[..<slash]))
        return head.isEmpty ? "/" : head
    }

    /// The last component: `a/b` → `b`, `a/b/` → `b`, `a` → `a`, `/` → `/`, `` → ``.
    public static func name(_ path: String) -> String {
        let trimmed = withoutTrailingSlashes(path)
        if trimmed == "/" { return "/" }
        guard let slash = trimmed.lastIndex(of: "/") else { return trimmed }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    /// `component` appended to `folder` with one slash between (`folder` empty: `component` alone).
    public static func joined(_ folder: String, _ component: String) -> String {
        if folder.isEmpty { return component }
        return folder.hasSuffix("/") ? folder + component : folder + "/" + component
    }

    /// `path` without trailing slashes, or `/` when it is slashes only (and not empty).
    private static func withoutTrailingSlashes(_ path: String) -> String {
        var end = path.endIndex
        while end > path.startIndex, path[path.index(before: end)] == "/" { end = path.index(before: end) }
        if end == path.startIndex { return path.isEmpty ? "" : "/" }
        return String(path[..<end])
    }
}
