/// Counts printed for people agree with their noun: "1 failure", "2 failures", "1 crash", "3 crashes".
public enum Noun {
    /// `n` followed by `singular` when `n` is 1, else by `plural` (default: `singular` + "s"). `digits` renders the
    /// number (the CLI groups thousands: "17,296 runs").
    public static func count<T: BinaryInteger>(
        _ n: T, _ singular: String, plural: String? = nil, digits: (T) -> String = { String($0) }
    ) -> String {
        "\(digits(n)) \(n == 1 ? singular : plural ?? singular + "s")"
    }
}
