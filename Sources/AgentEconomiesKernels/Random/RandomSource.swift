/// Where a stateful engine takes its random draws from (see <doc:RandomNumbers>).
///
/// A seeded engine uses ``cpython(seed:)``, so its draws are exactly those of the
/// reference's `random.Random(seed)`; an unseeded one uses a fast generator seeded from the
/// system. Batch kernels may be handed an explicitly seeded ``fast(seed:)`` source for speed:
/// deterministic, but not the reference's stream.
public struct RandomSource: Sendable, Codable {
    @usableFromInline var mersenne: MersenneTwister?
    @usableFromInline var xoshiro: FastRandom

    /// CPython's `random.Random(seed)` stream.
    public static func cpython(seed: Int) -> RandomSource {
        RandomSource(mersenne: MersenneTwister(seed: seed), xoshiro: FastRandom(seed: 0))
    }

    /// CPython's `random.Random(seed)` stream for a seed of any width, given as the 32-bit
    /// words of its absolute value, least significant first (an empty array means 0).
    ///
    /// - Complexity: O(624 + keyWords.count), as ``MersenneTwister/init(keyWords:)``.
    public static func cpython(keyWords: [UInt32]) -> RandomSource {
        RandomSource(mersenne: MersenneTwister(keyWords: keyWords), xoshiro: FastRandom(seed: 0))
    }

    /// The library's xoshiro256** generator with an explicit seed (not CPython's stream).
    public static func fast(seed: UInt64) -> RandomSource {
        RandomSource(mersenne: nil, xoshiro: FastRandom(seed: seed))
    }

    /// `random.Random(seed)` when a seed is given, else a fast generator seeded from the system.
    public init(seed: Int?) {
        if let seed {
            self = .cpython(seed: seed)
        } else {
            self.init(mersenne: nil, xoshiro: FastRandom())
        }
    }

    @usableFromInline
    init(mersenne: MersenneTwister?, xoshiro: FastRandom) {
        self.mersenne = mersenne
        self.xoshiro = xoshiro
    }

    /// Whether draws follow CPython's stream.
    public var isCPythonCompatible: Bool { mersenne != nil }

    /// A double in [0, 1).
    @inlinable
    public mutating func random() -> Double {
        if mersenne != nil { return mersenne!.random() }
        return xoshiro.random()
    }

    /// `lo + (hi - lo) * random()`, as CPython's `uniform`.
    @inlinable
    public mutating func uniform(_ lo: Double, _ hi: Double) -> Double {
        lo + (hi - lo) * random()
    }
}
