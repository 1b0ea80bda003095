/// The fuzzer's bytes read as a program's inputs: integers in ranges, doubles that are
/// usually ordinary but sometimes NaN, infinite, negative zero, huge or tiny, names from a
/// small alphabet. Reading past the end yields zeros, so every input decodes.
struct FuzzInput {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Whether every byte has been read.
    var isExhausted: Bool { position >= bytes.count }

    /// The next byte (0 past the end).
    mutating func byte() -> UInt8 {
        defer { position += 1 }
        return position < bytes.count ? bytes[position] : 0
    }

    /// An integer in `range`, from two bytes.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        let raw = Int(byte()) << 8 | Int(byte())
        return range.lowerBound + raw % (range.upperBound - range.lowerBound + 1)
    }

    /// A coin flip.
    mutating func bool() -> Bool { byte() & 1 == 1 }

    /// A double in [0, 1].
    mutating func unit() -> Double { Double(int(0...10_000)) / 10_000 }

    /// A double: mostly in [-10, 100] with ties, sometimes a special value.
    mutating func double() -> Double {
        let kind = byte()
        switch kind % 32 {
        case 0: return .nan
        case 1: return .infinity
        case 2: return -.infinity
        case 3: return -0.0
        case 4: return 1e300
        case 5: return 1e-300
        case 6: return -Double(int(0...1_000)) / 100
        case 7: return .leastNonzeroMagnitude
        case 8, 9, 10: return Double(int(0...8))  // small integers: ties
        default: return Double(int(0...10_000)) / 100
        }
    }

    /// A double that is finite and non-negative (ordinary input).
    mutating func amount() -> Double { Double(int(0...10_000)) / 100 }

    /// A short name from a small alphabet (collisions on purpose).
    mutating func name(_ prefix: String, count: Int) -> String { "\(prefix)\(int(0...max(0, count - 1)))" }

    /// The bytes not read yet.
    mutating func rest() -> [UInt8] {
        defer { position = bytes.count }
        return position < bytes.count ? Array(bytes[position...]) : []
    }
}

/// Stops the process (so the fuzzer saves the input) when an invariant does not hold.
func require(_ condition: Bool, _ message: @autoclosure () -> String, file: StaticString = #file, line: UInt = #line) {
    if !condition { fatalError("invariant violated: \(message())", file: file, line: line) }
}

/// `a` and `b` agree within a relative tolerance.
func close(_ a: Double, _ b: Double, relative: Double = 1e-9) -> Bool {
    a == b || abs(a - b) <= relative * max(1, abs(a), abs(b))
}
