/// How an `.npy` manifest's weight matrices are laid out.
public enum ManifestLayout: String, Sendable, CaseIterable {
    /// outputs × inputs: PyTorch `nn.Linear.weight`, the chip format's own order (the default).
    case outIn = "out-in"
    /// inputs × outputs: Keras `Dense` kernels and scikit-learn `coefs_`, transposed on import.
    case inOut = "in-out"

    /// Where such matrices come from, for messages.
    public var frameworks: String {
        switch self {
        case .outIn: return "PyTorch nn.Linear.weight"
        case .inOut: return "Keras Dense kernels, scikit-learn coefs_"
        }
    }

    /// Both layouts with their sources, for messages.
    static var choices: String {
        allCases.map { "\"\($0.rawValue)\" (\($0.frameworks))" }.joined(separator: " or ")
    }

    /// The chip's (outputs, inputs) of a matrix of `shape` (2-D) in this layout.
    func rowsAndColumns(_ shape: [Int]) -> (rows: Int, columns: Int) {
        self == .outIn ? (shape[0], shape[1]) : (shape[1], shape[0])
    }

    /// The matrix's values in the chip's row-major outputs × inputs order.
    func rowMajor(_ a: NumPyArray) -> [Double] {
        if self == .outIn { return a.values }
        let (r, c) = (a.shape[0], a.shape[1])
        return (0..<(r * c)).map { k in a.values[(k % r) * c + k / r] }
    }
}
