import Foundation
import Testing

@testable import NeuroFailCore

/// TextInput.number against Swift's own `Double(String)` (correctly rounded, and no code of ours), bit for bit.
struct TextInputNumberTests {
    static func read(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { TextInput.number($0.baseAddress!, 0, bytes.count) }
    }

    /// 16 to 19 significant digits (the exact integer test, or strtod where it cannot decide): shortest forms,
    /// every digit count from 16 to 20 and magnitudes from 1e-22 to 1e18, signs, and leading zeros.
    @Test func longMantissasReadAsDoubleFromStringReadsThem() {
        var rng = Xoshiro256(seed: 211)
        var texts = [String]()
        for _ in 0..<20000 {
            let x = (rng.nextUnit() - 0.5) * pow(10, Double(Int(rng.nextUnit() * 40) - 22))
            texts += ["\(x)", String(format: "%.16g", x), String(format: "%.17g", x), String(format: "%.18g", x)]
            texts += [String(format: "%.19g", x), String(format: "%.20g", x), String(format: "%.18f", x)]
        }
        texts += ["0.00000000000000001234567890123456789", "-0001234567890123456.7", "1234567890123456789"]
        for text in texts where !text.contains("e") {
            guard let expected = Double(text) else { continue }
            #expect(Self.read(text)?.bitPattern == expected.bitPattern, "\(text)")
        }
    }

    /// Exact midpoints between two doubles round to the even one (strtod decides them: the test leaves them),
    /// and numbers one unit in the last decimal either side of a midpoint round to the nearer double.
    @Test func midpointsGoToTheEvenNeighbourAndTheirNeighboursToTheNearer() {
        var rng = Xoshiro256(seed: 5)
        for _ in 0..<2000 {
            // At 2^60 doubles are 256 apart: 2^60 + 128·odd is a midpoint with 19 digits.
            let base: UInt64 = 1 << 60
            let midpoint = base + 128 * (2 * (rng.next() % (1 << 40)) + 1)
            for v in [midpoint - 1, midpoint, midpoint + 1] {
                let text = String(v)
                #expect(Self.read(text)?.bitPattern == Double(text)?.bitPattern, "\(text)")
            }
            #expect(TextInput.nearest(midpoint, decimals: 0, powers: TextInput.exactPowers) == nil)
            // 2^53 + odd: midpoints between integers 2 apart, 16 digits, as decimals too (/ 10^3).
            let small = (UInt64(1) << 53) + 2 * (rng.next() % (1 << 50)) + 1
            for text in [String(small), String(small / 1000) + "." + String(format: "%03d", small % 1000)] {
                #expect(Self.read(text)?.bitPattern == Double(text)?.bitPattern, "\(text)")
            }
        }
    }

    /// The test decides what it can and defers the rest: it gives the correctly rounded value or nil, never
    /// another value, including next to powers of two, where the spacing below is half the spacing above.
    @Test func theExactTestNeverGivesAnotherValue() {
        var rng = Xoshiro256(seed: 17)
        var undecided = 0
        for _ in 0..<50000 {
            let w = 1_000_000_000_000_000 + rng.next() % 9_000_000_000_000_000_000
            let d = Int(rng.next() % 23)
            let text = String(w).count > d
                ? String(String(w).dropLast(d)) + "." + String(String(w).suffix(d))
                : "0." + String(repeating: "0", count: d - String(w).count) + String(w)
            guard let expected = Double(text) else { continue }
            if let x = TextInput.nearest(w, decimals: d, powers: TextInput.exactPowers) {
                #expect(x.bitPattern == expected.bitPattern, "\(w) / 10^\(d)")
            } else {
                undecided += 1
            }
        }
        for k in 54...63 {
            let power = UInt64(1) << k
            for w in [power - 1, power, power + 1] where w >= 10_000_000_000_000_000 {
                let expected = Double(String(w))
                if let x = TextInput.nearest(w, decimals: 0, powers: TextInput.exactPowers) {
                    #expect(x.bitPattern == expected?.bitPattern, "\(w)")
                }
            }
        }
        // It decides nearly all (the path is taken, not every number left to strtod).
        #expect(undecided < 500)
    }
}
