#if canImport(Glibc)
    import Glibc
#endif

/// Scratch marker words owned by a join: one byte per row and worker, holding how many of the
/// current row's keys met that row (0: not met; the join never requires more than 2). A
/// worker resets the words it touched when it finishes a row, so a row costs its postings,
/// never the whole array (a generation stamp that wraps would clear all `rows` words every
/// few thousand rows: quadratic in the rows).
///
/// The words are read at random places (one per posting): a byte each keeps a worker's array
/// four times smaller than a 32-bit count would (1 MB at a million rows, within the L2 cache;
/// 10 MB at ten million, about the L3's size), and on Linux the array asks for transparent
/// huge pages before its first touch, so that a posting does not also miss the TLB.
final class MarkerArrays {
    /// A marker word.
    typealias Word = UInt8
    /// Counts stop growing here (a join's filter caps what it requires at this value).
    static let saturated: Word = .max - 1
    /// The word marking a sharing row that was scored and rejected.
    static let rejected: Word = .max

    let base: UnsafeMutablePointer<Word>
    let rows: Int

    init(workers: Int, rows: Int) {
        self.rows = rows
        base = LargeBuffer.allocate(Word.self, count: max(1, workers * rows))
        base.initialize(repeating: 0, count: max(1, workers * rows))
    }

    deinit { base.deallocate() }
}

/// Allocation of large buffers that are read at random places.
enum LargeBuffer {
    /// Buffers of at least this many bytes are aligned to and advised for huge pages.
    static let hugePageBytes = 2 << 20

    /// Allocates uninitialised memory for `count` values; from 2 MiB on (Linux) the memory is
    /// 2 MiB aligned and advised `MADV_HUGEPAGE`, so that its first touch maps huge pages where
    /// the system allows them (`transparent_hugepage` set to `madvise` or `always`). Free it
    /// with `deallocate()`.
    static func allocate<T>(_ type: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let bytes = count * MemoryLayout<T>.stride
        #if canImport(Glibc)
            if bytes >= hugePageBytes {
                let rounded = (bytes + hugePageBytes - 1) / hugePageBytes * hugePageBytes
                let raw = UnsafeMutableRawPointer.allocate(byteCount: rounded, alignment: hugePageBytes)
                _ = madvise(raw, rounded, MADV_HUGEPAGE)
                return raw.bindMemory(to: T.self, capacity: count)
            }
        #endif
        return .allocate(capacity: count)
    }
}
