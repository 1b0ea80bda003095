import AgentEconomiesCHeader
import AgentEconomiesKernels

/// The random source of an engine from the C seed convention (see the header): CPython's
/// stream for the given words when `seeded` is 1, a system-seeded fast generator when 0.
func randomSource(words: UnsafePointer<UInt32>?, count: Int64, seeded: Int32) throws -> RandomSource {
    switch seeded {
    case 0: return RandomSource(seed: nil)
    case 1:
        let wordCount = try Buffer.count(count, "seed_word_count")
        return .cpython(keyWords: try Buffer.read(words, wordCount, "seed_words"))
    default: throw CallError.option("seeded", seeded, "0 or 1")
    }
}

/// A C boolean (0 or 1) as `Bool`.
func flag(_ value: Int32, _ field: String) throws -> Bool {
    switch value {
    case 0: return false
    case 1: return true
    default: throw CallError.option(field, value, "0 or 1")
    }
}
