import Foundation

/// A least-squares straight line through (log10 x, log10 y): y ≈ 10^intercept · x^slope.
struct LogLogFit: Sendable, Hashable {
    /// The exponent: the fitted slope in log-log axes.
    var slope: Double
    /// log10 of the prefactor.
    var intercept: Double
    /// How many points had x > 0 and y > 0 (the others are skipped).
    var points: Int

    /// The fit through the points with x > 0 and y > 0 (at least two, with distinct x; else slope and intercept are NaN).
    init<S: Sequence>(_ points: S) where S.Element == (x: Double, y: Double) {
        let logs = points.filter { $0.x > 0 && $0.y > 0 && $0.x.isFinite && $0.y.isFinite }
            .map { (x: log10($0.x), y: log10($0.y)) }
        self.points = logs.count
        let n = Double(logs.count)
        let mx = logs.reduce(0) { $0 + $1.x } / n
        let my = logs.reduce(0) { $0 + $1.y } / n
        let sxx = logs.reduce(0) { $0 + ($1.x - mx) * ($1.x - mx) }
        let sxy = logs.reduce(0) { $0 + ($1.x - mx) * ($1.y - my) }
        guard logs.count >= 2, sxx > 0 else {
            slope = .nan
            intercept = .nan
            return
        }
        slope = sxy / sxx
        intercept = my - slope * mx
    }

    /// The fit's value at x.
    func value(at x: Double) -> Double { pow(10, intercept + slope * log10(x)) }

    /// The local slopes d log y / d log x between consecutive points (one fewer than the points).
    static func localSlopes(_ points: [(x: Double, y: Double)]) -> [Double] {
        zip(points, points.dropFirst()).map { a, b in
            guard a.x > 0, b.x > 0, a.y > 0, b.y > 0, a.x != b.x else { return .nan }
            return (log10(b.y) - log10(a.y)) / (log10(b.x) - log10(a.x))
        }
    }

    /// Where two curves sampled at the same x cross, interpolated in log-log scale: the x of every sign change of
    /// log(a/b) between consecutive points.
    static func crossings(x: [Double], _ a: [Double], _ b: [Double]) -> [Double] {
        precondition(x.count == a.count && a.count == b.count)
        let d = zip(a, b).map { log10($0) - log10($1) }
        var out = [Double]()
        for i in 1..<max(1, x.count) where d[i - 1].isFinite && d[i].isFinite {
            if d[i - 1] == 0 { out.append(x[i - 1]); continue }
            if d[i - 1] * d[i] < 0 {
                let t = d[i - 1] / (d[i - 1] - d[i])
                out.append(pow(10, log10(x[i - 1]) + t * (log10(x[i]) - log10(x[i - 1]))))
            }
        }
        return out
    }
}
