import AgentEconomiesKernels
import Testing

/// `FastRandom` (xoshiro256** seeded through SplitMix64): reference outputs, determinism,
/// independent streams and the ranges of `random()` and `uniform(_:_:)`.
@Suite("FastRandom")
struct FastRandomTests {
    @Test(
        "matches a reference xoshiro256** seeded by SplitMix64",
        arguments: [
            (
                UInt64(0), UInt64(0),
                [
                    UInt64(0x99EC_5F36_CB75_F2B4), 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0,
                    0x6AA5_94F1_262D_2D2C,
                ]
            ),
            (42, 0, [0x1578_0B2E_0C2E_C716, 0x6104_D986_6D11_3A7E, 0xAE17_5332_39E4_99A1, 0xECB8_AD47_03B3_60A1]),
            (42, 3, [0x3CF8_60AF_930C_C916, 0x1CE8_FD05_1379_4C95, 0x1664_1E29_7589_0F41, 0x986C_60B0_39BB_8606]),
        ])
    func referenceOutputs(_ seed: UInt64, _ stream: UInt64, _ expected: [UInt64]) {
        var generator = FastRandom(seed: seed, stream: stream)
        #expect(expected.map { _ in generator.next() } == expected)
    }

    @Test("random() is the top 53 bits of next() scaled by 2^-53")
    func randomFromBits() {
        var bits = FastRandom(seed: 9)
        var doubles = FastRandom(seed: 9)
        for _ in 0..<1000 {
            #expect(doubles.random() == Double(bits.next() >> 11) / 9_007_199_254_740_992.0)
        }
        var known = FastRandom(seed: 42)
        #expect(known.random() == 0.08386297105988216)
    }

    @Test("the same seed gives the same stream")
    func deterministic() {
        var first = FastRandom(seed: 12_345)
        var second = FastRandom(seed: 12_345)
        let a = (0..<1000).map { _ in first.next() }
        let b = (0..<1000).map { _ in second.next() }
        #expect(a == b)
        var streamZero = FastRandom(seed: 12_345, stream: 0)
        #expect((0..<1000).map { _ in streamZero.next() } == a)
    }

    @Test("different seeds and streams give different values")
    func distinctStreams() {
        func draws(_ seed: UInt64, _ stream: UInt64) -> [UInt64] {
            var generator = FastRandom(seed: seed, stream: stream)
            return (0..<64).map { _ in generator.next() }
        }
        let base = draws(1, 0)
        #expect(draws(2, 0) != base)
        var seen = Set<UInt64>()
        for stream in UInt64(0)..<100 {
            let values = draws(1, stream)
            seen.formUnion(values)
        }
        // 6400 64-bit draws from 100 streams: a repeat would mean overlapping streams.
        #expect(seen.count == 6400)
    }

    @Test("random() lies in [0, 1) and uniform(lo, hi) in [lo, hi]")
    func ranges() {
        var generator = FastRandom(seed: 3)
        var low = 1.0, high = 0.0
        for _ in 0..<100_000 {
            let x = generator.random()
            #expect(x >= 0 && x < 1)
            low = min(low, x)
            high = max(high, x)
            let u = generator.uniform(-3.5, 2.25)
            #expect(u >= -3.5 && u <= 2.25)
        }
        // The draws do spread over the interval.
        #expect(low < 0.001)
        #expect(high > 0.999)
    }

    @Test("the mean of 100k draws is near 1/2")
    func mean() {
        var generator = FastRandom(seed: 2024)
        var sum = 0.0
        for _ in 0..<100_000 { sum += generator.random() }
        #expect(abs(sum / 100_000 - 0.5) < 0.01)
    }

    @Test("works as a RandomNumberGenerator")
    func randomNumberGenerator() {
        var generator = FastRandom(seed: 5)
        var counts = [Int](repeating: 0, count: 10)
        for _ in 0..<10_000 { counts[Int.random(in: 0..<10, using: &generator)] += 1 }
        #expect(counts.allSatisfy { $0 > 800 && $0 < 1200 })
    }
}
