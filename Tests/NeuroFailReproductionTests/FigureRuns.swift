import NeuroFailReproduction

/// The quick runs shared by the tests, each computed once (seed 2017, the default).
enum FigureRuns {
    static let options = ReproductionOptions(quick: true)
    static let fig3 = try! Figure3().run(options) { _ in }
    static let fig4 = try! Figure4().run(options) { _ in }
    static let fig5 = try! Figure5().run(options) { _ in }
    static let fig6 = try! Figure6().run(options) { _ in }
}
