import AgentEconomiesKernels

/// Random version-4 UUID strings from one in-process generator, for the IDs that orders,
/// interactions, events, credentials and missions get by default.
///
/// Foundation's `UUID()` reads the system's random source for every identifier (on Linux an
/// `openat` and a `read` of `/dev/urandom` each time), which dominated the cost of the
/// object API. This generator is seeded once per process from the system (all 256 bits of a
/// xoshiro256** state) and then draws 122 random bits per identifier under a lock, so IDs
/// are unique with the same probability as Foundation's and cost about as much as formatting
/// the string. The strings are upper-case, as Foundation's `uuidString`. Not for secrets: the
/// generator is not cryptographically secure.
public enum RandomUUID {
    private static let generator = Locked(FastRandom.systemSeeded())

    /// A new random version-4 UUID string, such as `"1F0C8A1E-5B7D-4C3A-9E21-0B6F2D9A4C17"`.
    public static func string() -> String {
        let (high, low) = generator.withLock { generator in (generator.next(), generator.next()) }
        return format(high: high, low: low)
    }

    /// The canonical 8-4-4-4-12 upper-case form of 128 bits with the version (4) and
    /// variant (10) bits set.
    package static func format(high: UInt64, low: UInt64) -> String {
        let high = (high & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000
        let low = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        let digits: StaticString = "0123456789ABCDEF"
        return String(unsafeUninitializedCapacity: 36) { buffer in
            var position = 0
            func put(_ value: UInt64, nibbles: Int) {
                var shift = (nibbles - 1) * 4
                while shift >= 0 {
                    buffer[position] = digits.utf8Start[Int((value >> UInt64(shift)) & 0xF)]
                    position += 1
                    shift -= 4
                }
            }
            func dash() {
                buffer[position] = UInt8(ascii: "-")
                position += 1
            }
            put(high >> 32, nibbles: 8)
            dash()
            put(high >> 16, nibbles: 4)
            dash()
            put(high, nibbles: 4)
            dash()
            put(low >> 48, nibbles: 4)
            dash()
            put(low, nibbles: 12)
            return 36
        }
    }
}
