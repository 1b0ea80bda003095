import AgentEconomiesSIMD
import Testing

@testable import AgentEconomiesKernels

/// The demand walk's screening passes (C, SIMD intrinsics): every variant this processor
/// can run equals the rule written plainly here, on rows of every length around the vector
/// widths, with NaN, infinities, signed zeros and subnormals among the values.
@Suite struct ScreeningVariantTests {
    /// Values drawn so that specials and exact ties are common.
    static func draw(_ random: inout FastRandom) -> Double {
        let specials: [Double] = [
            .nan, .infinity, -.infinity, 0, -0.0, 5e-324, -5e-324, 1e308, -1e308, 1, 1, 2, 2, 3,
        ]
        let pick = Int.random(in: 0..<(specials.count + 6), using: &random)
        return pick < specials.count ? specials[pick] : Double.random(in: -10...10, using: &random)
    }

    @Test("products and their maximum equal the plain rule at every level", arguments: 0..<3)
    func productsEqualRule(level: Int32) {
        var random = FastRandom(seed: 11, stream: UInt64(level))
        for count in 0...70 {
            for _ in 0..<20 {
                let a = (0..<count).map { _ in Self.draw(&random) }
                let b = (0..<count).map { _ in Self.draw(&random) }
                var out = [Double](repeating: 7, count: count + 1)
                let largest = aek_screen_products_at(level, a, b, &out, count)
                var expected = -Double.infinity
                for r in 0..<count {
                    let product = a[r] * b[r]
                    #expect(out[r].bitPattern == product.bitPattern || (out[r].isNaN && product.isNaN))
                    if product > expected { expected = product }
                }
                #expect(out[count] == 7, "wrote past the row (\(count) entries)")
                // Equal maxima of opposite signs (+0, -0) may come from either entry.
                #expect(largest == expected || (largest.isNaN && expected.isNaN), "\(count) entries, level \(level)")
                #expect(!largest.isNaN)
            }
        }
    }

    @Test("hit bits equal the plain rule at every level", arguments: 0..<3)
    func hitsEqualRule(level: Int32) {
        var random = FastRandom(seed: 12, stream: UInt64(level))
        for count in 0...64 {
            for _ in 0..<20 {
                let values = (0..<count).map { _ in Self.draw(&random) }
                let threshold = Self.draw(&random)
                var expected: UInt64 = 0
                for r in 0..<count where values[r] >= threshold { expected |= 1 << UInt64(r) }
                let bits = aek_screen_hits_at(level, values, count, threshold)
                #expect(bits == expected, "\(count) entries, threshold \(threshold), level \(level)")
            }
        }
    }

    @Test("the level in use is one the processor has")
    func levelInUse() {
        #expect(aek_screen_level() <= aek_screen_best_level())
        #expect((0...2).contains(aek_screen_best_level()))
    }
}
