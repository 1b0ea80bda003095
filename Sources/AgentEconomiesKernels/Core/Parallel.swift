import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A parallel loop over a fixed number of chunks.
///
/// Work is always cut into the same chunks whatever the thread count, and each chunk's
/// result is kept in its own slot, so a kernel that reduces the slots in chunk order gives
/// bit-identical results on 1 or 64 threads.
public enum Parallel {
    /// The default number of worker threads: the count set by ``setDefaultThreadCount(_:)``
    /// when one is set, else the `AGENT_ECONOMIES_THREADS` environment variable when it holds a
    /// positive integer, else the number of active processors.
    public static var defaultThreadCount: Int {
        if let count = chosen.withLock({ $0 }) { return count }
        if let text = getenv("AGENT_ECONOMIES_THREADS"), let value = Int(String(cString: text)), value > 0 {
            return value
        }
        return max(1, ProcessInfoLite.activeProcessorCount)
    }

    /// Sets the process-wide default worker count (`nil`: back to the environment variable or
    /// the processor count). Results never depend on it.
    ///
    /// - Throws: ``AgentEconomiesError/outOfRange(field:value:requirement:)`` for a count below 1.
    public static func setDefaultThreadCount(_ count: Int?) throws {
        if let count { try Validate.atLeast(count, 1, "threads") }
        chosen.withLock { $0 = count }
    }

    private static let chosen = Locked<Int?>(nil)

    /// The count set by ``setDefaultThreadCount(_:)``, or nil when none is set.
    public static var chosenThreadCount: Int? { chosen.withLock { $0 } }

    /// Calls `body(chunk)` for every chunk in `0..<chunks`, on up to `threads` threads.
    ///
    /// Workers take the next chunk from a shared counter as they finish one (dynamic
    /// scheduling), so a slow chunk holds only its own worker; no two workers ever touch the
    /// same chunk. `body` must only write to memory owned by its chunk, so the result does not
    /// depend on which worker ran which chunk.
    ///
    /// - Parameters:
    ///   - chunks: the number of chunks (0 does nothing).
    ///   - threads: worker count; `nil` uses ``defaultThreadCount``. One thread runs inline.
    ///   - body: called with each chunk index.
    /// - Complexity: the chunks' own cost, divided over the workers.
    public static func forEach(chunks: Int, threads: Int? = nil, _ body: (Int) -> Void) {
        if chunks <= 0 { return }
        let workers = min(chunks, max(1, threads ?? defaultThreadCount))
        run(chunks: chunks, workers: workers) { chunk, _ in body(chunk) }
    }

    /// Calls `body(chunk, worker)` for every chunk in `0..<chunks` on up to `threads`
    /// threads and returns the results in chunk order: the one helper for per-chunk results
    /// (partial sums, per-block rows, per-tile pairs) that are then combined in chunk order.
    ///
    /// `worker` (in `0..<t`) is the running worker's own index, so it can index per-worker
    /// scratch that no other worker touches; which chunks a worker runs is not fixed (they are
    /// taken dynamically), so results must not depend on it.
    ///
    /// - Complexity: the chunks' own cost, divided over the workers; one result slot per chunk.
    public static func map<Result>(
        chunks: Int, threads: Int? = nil,
        _ body: (_ chunk: Int, _ worker: Int) -> Result
    ) -> [Result] {
        if chunks <= 0 { return [] }
        let workers = min(chunks, max(1, threads ?? defaultThreadCount))
        var slots = [Result?](repeating: nil, count: chunks)
        slots.withUnsafeMutableBufferPointer { buffer in
            let base = UncheckedSendable(buffer.baseAddress!)
            run(chunks: chunks, workers: workers) { chunk, worker in
                (base.value + chunk).pointee = body(chunk, worker)
            }
        }
        return slots.map { $0! }
    }

    /// The one scheduling loop: `workers` workers (inline when 1) take chunks from a shared
    /// counter in increasing order until none is left; with ``ParallelProfile`` recording, the
    /// region's wall time and each worker's busy time are added to its totals.
    private static func run(chunks: Int, workers: Int, _ body: (_ chunk: Int, _ worker: Int) -> Void) {
        let recorder = ParallelProfile.recorder()
        recorder?.depth += 1
        defer { recorder?.depth -= 1 }
        let profiling = recorder?.depth == 1
        let start = profiling ? ParallelProfile.now() : 0
        if workers == 1 {
            for chunk in 0..<chunks { body(chunk, 0) }
            if profiling {
                let elapsed = ParallelProfile.now() - start
                recorder?.add(wall: elapsed, busy: [elapsed])
            }
            return
        }
        let next = ChunkCounter()
        var busy = [Double](repeating: 0, count: profiling ? workers : 0)
        busy.withUnsafeMutableBufferPointer { times in
            let slots = UncheckedSendable(times)
            withoutActuallyEscaping(body) { escapable in
                let box = UncheckedSendable(escapable)
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    let began = profiling ? ParallelProfile.now() : 0
                    while true {
                        let chunk = next.take()
                        if chunk >= chunks { break }
                        box.value(chunk, worker)
                    }
                    if profiling { slots.value[worker] = ParallelProfile.now() - began }
                }
            }
        }
        if profiling { recorder?.add(wall: ParallelProfile.now() - start, busy: busy) }
    }

    /// Splits `0..<count` into chunks of `chunkSize` and calls `body(range, output)` for
    /// every chunk on up to `threads` threads, where `output` is the chunk's own slice of
    /// `array` (indexed from 0): the helper for kernels that fill disjoint ranges of one
    /// output column.
    ///
    /// - Precondition: `chunkSize > 0`.
    /// - Complexity: `body`'s cost over the chunks, divided over the workers.
    public static func fill<Element>(
        _ array: inout [Element], chunkSize: Int, threads: Int? = nil,
        _ body: (_ range: Range<Int>, _ output: UnsafeMutableBufferPointer<Element>) -> Void
    ) {
        let count = array.count
        let chunks = chunkCount(count, chunkSize: chunkSize)
        array.withUnsafeMutableBufferPointer { buffer in
            guard let start = buffer.baseAddress else { return }
            let base = UncheckedSendable(start)
            forEach(chunks: chunks, threads: threads) { chunk in
                let range = range(ofChunk: chunk, chunkSize: chunkSize, count: count)
                body(range, UnsafeMutableBufferPointer(start: base.value + range.lowerBound, count: range.count))
            }
        }
    }

    /// Splits `0..<count` into chunks of `chunkSize` and returns the range of chunk `index`.
    @inlinable
    public static func range(ofChunk index: Int, chunkSize: Int, count: Int) -> Range<Int> {
        let start = index * chunkSize
        return start..<min(count, start + chunkSize)
    }

    /// The number of chunks of `chunkSize` that cover `count` items.
    ///
    /// - Precondition: `chunkSize > 0` (a programming error, not a data error).
    @inlinable
    public static func chunkCount(_ count: Int, chunkSize: Int) -> Int {
        precondition(chunkSize > 0, "Parallel.chunkCount: chunkSize must be positive")
        return count <= 0 ? 0 : (count + chunkSize - 1) / chunkSize
    }
}

/// The next chunk of a parallel region, shared by its workers.
private final class ChunkCounter: Sendable {
    private let next = Atomic<Int>(0)

    /// The next chunk index (increasing; past the last chunk when none is left).
    func take() -> Int { next.wrappingAdd(1, ordering: .relaxed).oldValue }
}

/// Processor count without importing Foundation into the kernel layer.
enum ProcessInfoLite {
    static var activeProcessorCount: Int {
        #if canImport(Glibc)
            return Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        #else
            return 1
        #endif
    }
}
