/// The quick runs' headline numbers (seed 2017), recorded from `neurofail reproduce figN --quick --json`: a change
/// in training, the engine or the bounds that moves them shows up here.
enum Fig7Expected {
    static let tolerate3ByErfAv: [String] = []
    static let tolerate3Measured = ["digits-8x8x8-dropout0.3", "digits-48-dropout0.0", "digits-48-dropout0.3"]
    static let tolerate3ByOmegaAv = ["digits-8x8x8-dropout0.3", "digits-48-dropout0.0", "digits-48-dropout0.3"]
    static let tolerate1ByErf: [String] = []
    static let tolerate1Measured = ["digits-48-dropout0.3"]
    /// digits-8x8x8-dropout0.0, f = 1, 2, 3.
    static let firstErfAv = [179.6504877156286, 359.3009754312572, 538.9514631468858]
    static let firstOmegaMav = [33.0554978861508, 40.90726113136995, 43.94004607349111]
}

enum Fig8Expected {
    static let reachedFraction = [0, 2.0 / 3, 1]
    static let sweetSpotK = 1.0
    static let smallestK = 0.3
    static let meanEpochsAtK1 = 26.0 / 3
}

enum Fig10Expected {
    static let omegaAv = [0.5306105871829445, 0.8952579251527747, 1.1725257687072828]
    static let erfAv = [1.786293109856099, 3.572586219712198, 5.358879329568297]
}
