import Foundation

/// The limits a command checks before it starts work, so a small file cannot ask for more memory or time than the
/// machine has: the estimate is made from the sizes in the input alone (a chip's widths, a batch's size, a mission's
/// checkpoints and expected events), and anything over a limit is refused with one line saying what to change.
///
/// The limits (Docs/reliability.md):
/// - memory: ``memoryBytes``, 8 GiB by default; the environment variable `NEUROFAIL_MEMORY_LIMIT_GB` sets another
///   number of GiB (for a bigger machine);
/// - counts of work items (checkpoints, storms, thinning candidates): fixed, stated where they are checked.
public enum ResourceLimit {
    /// The memory a command may plan to use, in bytes.
    public static var memoryBytes: Double {
        if let text = ProcessInfo.processInfo.environment["NEUROFAIL_MEMORY_LIMIT_GB"], let gb = Double(text), gb.isFinite, gb > 0 {
            return gb * 1_073_741_824
        }
        return 8 * 1_073_741_824
    }

    /// Throws `error(reason)` when `bytes` (an estimate; may be inf after an overflow) exceed ``memoryBytes``. The
    /// reason reads "<what> need about <size>, above the memory limit of <limit> (NEUROFAIL_MEMORY_LIMIT_GB);
    /// <change>".
    public static func checkMemory(
        _ bytes: Double, for what: String, change: String, error: (String) -> InputError
    ) throws(InputError) {
        let limit = memoryBytes
        guard bytes.isFinite, bytes <= limit else {
            throw error("\(what) need about \(size(bytes)), above the memory limit of \(size(limit)) (NEUROFAIL_MEMORY_LIMIT_GB); \(change)")
        }
    }

    /// Throws `error(reason)` when `count` (an estimate) exceeds `limit`: "<what>: about <count>, above the limit
    /// of <limit>; <change>".
    public static func checkCount(
        _ count: Double, limit: Double, for what: String, change: String, error: (String) -> InputError
    ) throws(InputError) {
        guard count.isFinite, count <= limit else {
            throw error("\(what): about \(number(count)), above the limit of \(number(limit)); \(change)")
        }
    }

    /// `bytes` as "1.6 GB" or "12 GB" (decimal units), "more than 1e308 bytes" when not finite.
    static func size(_ bytes: Double) -> String {
        guard bytes.isFinite else { return "more than 1e308 bytes" }
        let units: [(Double, String)] = [(1e15, "PB"), (1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "kB")]
        for (scale, unit) in units where bytes >= scale {
            let v = bytes / scale
            return String(format: v >= 10 ? "%.0f" : "%.1f", v) + " " + unit
        }
        return "\(Int(bytes)) bytes"
    }

    /// `x` in a short form: an integer below 1e15, else "1e+20".
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return "more than 1e308" }
        return x < 1e15 ? String(Int(x.rounded(.up))) : String(format: "%.2g", x)
    }
}
