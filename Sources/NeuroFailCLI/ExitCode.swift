/// The process exit statuses of `neurofail`.
public enum ExitCode: Int32, Sendable {
    /// The command did what was asked.
    case success = 0
    /// An internal error: a bug in NeuroFail, or a check that must never fail (for example Ω_max > Erf); also
    /// standard output that could not be written (the results did not reach the user).
    case internalError = 1
    /// Bad input or usage: a malformed file, a wrong option. Nothing was written.
    case badInput = 2
}
