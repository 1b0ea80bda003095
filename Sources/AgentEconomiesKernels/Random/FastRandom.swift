/// The library's fast generator: xoshiro256** (Blackman and Vigna), seeded through
/// SplitMix64.
///
/// Used wherever draws need not match CPython. With an explicit seed it is deterministic,
/// and ``init(seed:stream:)`` gives independent streams so a batch kernel can give chunk
/// `k` stream `k` and stay independent of the thread count. It does **not** reproduce
/// CPython's `random` module; use ``MersenneTwister`` for that. Not cryptographically secure.
public struct FastRandom: RandomNumberGenerator, Sendable, Codable {
    @usableFromInline var s0: UInt64
    @usableFromInline var s1: UInt64
    @usableFromInline var s2: UInt64
    @usableFromInline var s3: UInt64

    /// A generator seeded from the system's random source.
    public init() {
        var system = SystemRandomNumberGenerator()
        self.init(seed: system.next())
    }

    /// A generator whose whole 256-bit state comes from the system's random source (for
    /// draws that must not collide across processes, such as random identifiers).
    public static func systemSeeded() -> FastRandom {
        var system = SystemRandomNumberGenerator()
        var generator = FastRandom(seed: 0)
        repeat {
            (generator.s0, generator.s1, generator.s2, generator.s3) = (
                system.next(), system.next(), system.next(),
                system.next()
            )
        } while generator.s0 | generator.s1 | generator.s2 | generator.s3 == 0
        return generator
    }

    /// A deterministic generator for `seed`, stream 0.
    public init(seed: UInt64) {
        self.init(seed: seed, stream: 0)
    }

    /// A deterministic generator for the pair (`seed`, `stream`); distinct streams are
    /// statistically independent.
    public init(seed: UInt64, stream: UInt64) {
        var mixer = seed ^ (stream &* 0xD1B5_4A32_D192_ED03)
        s0 = Self.splitMix(&mixer)
        s1 = Self.splitMix(&mixer)
        s2 = Self.splitMix(&mixer)
        s3 = Self.splitMix(&mixer)
        if s0 | s1 | s2 | s3 == 0 { s0 = 0x9E37_79B9_7F4A_7C15 }
    }

    @usableFromInline
    static func splitMix(_ x: inout UInt64) -> UInt64 {
        x &+= 0x9E37_79B9_7F4A_7C15
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The next 64 random bits.
    @inlinable
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// A double in [0, 1) with 53 random bits.
    @inlinable
    public mutating func random() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `lo + (hi - lo) * random()`.
    @inlinable
    public mutating func uniform(_ lo: Double, _ hi: Double) -> Double {
        lo + (hi - lo) * random()
    }
}
