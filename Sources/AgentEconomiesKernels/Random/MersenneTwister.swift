/// MT19937 seeded and read exactly as CPython's `random.Random(seed)`.
///
/// Seeding follows CPython for integer seeds: the absolute value of the seed is split into
/// 32-bit words, least significant first (seed 0 gives the single word 0), and fed to the
/// reference `init_by_array`. ``random()`` builds a double from two outputs `a`, `b` as
/// `((a >> 5) * 67108864 + (b >> 6)) / 2^53`, and ``uniform(_:_:)`` is
/// `lo + (hi - lo) * random()`. Every seeded random draw in the library goes through this
/// type, so seeded runs make the reference's draws.
///
/// Not cryptographically secure. The state is 2.5 KB; ``next()`` makes it usable as a
/// Swift `RandomNumberGenerator` too.
public struct MersenneTwister: RandomNumberGenerator, Sendable, Codable {
    @usableFromInline static let n = 624
    @usableFromInline static let m = 397
    @usableFromInline var state: [UInt32]
    @usableFromInline var index: Int

    /// A generator seeded like `random.Random(seed)` for an integer seed.
    ///
    /// Negative seeds use their absolute value, as CPython does.
    public init<T: BinaryInteger>(seed: T) {
        var words: [UInt32] = []
        var magnitude = seed.magnitude
        while magnitude != 0 {
            words.append(UInt32(truncatingIfNeeded: magnitude))
            magnitude >>= 32
        }
        self.init(keyWords: words)
    }

    /// A generator seeded with the 32-bit words of a seed's absolute value, least
    /// significant first; this reaches seeds wider than 64 bits. An empty array means 0.
    ///
    /// - Complexity: O(624 + keyWords.count): the whole 624-word state is built at once.
    public init(keyWords: [UInt32]) {
        let key = keyWords.isEmpty ? [UInt32(0)] : keyWords
        state = [UInt32](repeating: 0, count: Self.n)
        index = Self.n
        initialize(19_650_218)
        var i = 1
        var j = 0
        for _ in 0..<max(Self.n, key.count) {
            let previous = state[i - 1] ^ (state[i - 1] >> 30)
            state[i] = (state[i] ^ (previous &* 1_664_525)) &+ key[j] &+ UInt32(truncatingIfNeeded: j)
            i += 1
            j += 1
            if i >= Self.n { state[0] = state[Self.n - 1]; i = 1 }
            if j >= key.count { j = 0 }
        }
        for _ in 0..<(Self.n - 1) {
            let previous = state[i - 1] ^ (state[i - 1] >> 30)
            state[i] = (state[i] ^ (previous &* 1_566_083_941)) &- UInt32(i)
            i += 1
            if i >= Self.n { state[0] = state[Self.n - 1]; i = 1 }
        }
        state[0] = 0x8000_0000
    }

    private mutating func initialize(_ seed: UInt32) {
        state[0] = seed
        for i in 1..<Self.n {
            state[i] = 1_812_433_253 &* (state[i - 1] ^ (state[i - 1] >> 30)) &+ UInt32(i)
        }
        index = Self.n
    }

    /// The next 32-bit output of MT19937 (`genrand_uint32`).
    ///
    /// - Complexity: O(1) amortised: every 624th call regenerates the 624-word state.
    @inlinable
    public mutating func nextUInt32() -> UInt32 {
        if index >= Self.n { twist() }
        var y = state[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    @usableFromInline
    mutating func twist() {
        state.withUnsafeMutableBufferPointer { mt in
            let n = Self.n, m = Self.m
            for k in 0..<n {
                let y = (mt[k] & 0x8000_0000) | (mt[(k + 1) % n] & 0x7FFF_FFFF)
                var value = mt[(k + m) % n] ^ (y >> 1)
                if y & 1 != 0 { value ^= 0x9908_B0DF }
                mt[k] = value
            }
        }
        index = 0
    }

    /// A double in [0, 1) with 53 random bits, equal to CPython's `random()`.
    @inlinable
    public mutating func random() -> Double {
        let a = Double(nextUInt32() >> 5)
        let b = Double(nextUInt32() >> 6)
        return (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `lo + (hi - lo) * random()`, equal to CPython's `uniform(lo, hi)`.
    @inlinable
    public mutating func uniform(_ lo: Double, _ hi: Double) -> Double {
        lo + (hi - lo) * random()
    }

    /// 64 random bits from two 32-bit outputs (high word first), for `RandomNumberGenerator`.
    @inlinable
    public mutating func next() -> UInt64 {
        let high = UInt64(nextUInt32())
        return high << 32 | UInt64(nextUInt32())
    }
}
