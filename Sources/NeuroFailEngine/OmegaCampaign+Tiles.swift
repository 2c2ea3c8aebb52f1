extension OmegaCampaign {
    /// Inputs per tile: above this many inputs, campaigns stream them in tiles, so that the pristine activations (all
    /// layers, the input layer included) and the last layer's contributions exist for one tile at a time instead of
    /// for every input. A multiple of ``Evaluator/blockSize``.
    ///
    /// Held at once: the inputs, O(tile × Σ widths) activations, the per-input maxima, and one number per crash set
    /// of a wave (its sum over the inputs, for the confidence interval). Counts and maxima equal the untiled run's;
    /// sums agree to the last bits (they are added in another order).
    public static let inputTile = 8192

    /// Ω over crash sets `sets` with the inputs in tiles of `tile`, in one wave (no checkpoints).
    func tiledRun(sets: Range<Int>, tile: Int, threads: Int?, progress: (@Sendable (Double) -> Void)?) -> OmegaStatistics {
        resumableRun(sets: sets, threads: threads, resume: nil, interval: .infinity, tile: tile, progress: progress) { _ in }
    }
}
