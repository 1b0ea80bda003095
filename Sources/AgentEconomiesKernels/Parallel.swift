import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// A parallel loop over a fixed number of chunks.
///
/// Work is always cut into the same chunks whatever the thread count, and each chunk's
/// result is kept in its own slot, so a kernel that reduces the slots in chunk order gives
/// bit-identical results on 1 or 64 threads.
public enum Parallel {
    /// The default number of worker threads: the `AGENT_ECONOMIES_THREADS` environment
    /// variable when it holds a positive integer, else the number of active processors.
    public static var defaultThreadCount: Int {
        if let text = getenv("AGENT_ECONOMIES_THREADS"), let value = Int(String(cString: text)), value > 0 {
            return value
        }
        return max(1, ProcessInfoLite.activeProcessorCount)
    }

    /// Calls `body(chunk)` for every chunk in `0..<chunks`, on up to `threads` threads.
    ///
    /// Worker `w` takes chunks `w, w + t, w + 2t, ...` (static round-robin), so no two workers
    /// ever touch the same chunk. `body` must only write to memory owned by its chunk.
    ///
    /// - Parameters:
    ///   - chunks: the number of chunks (0 does nothing).
    ///   - threads: worker count; `nil` uses ``defaultThreadCount``. One thread runs inline.
    /// - Complexity: the chunks' own cost, divided over the workers.
    public static func forEach(chunks: Int, threads: Int? = nil, _ body: (Int) -> Void) {
        if chunks <= 0 { return }
        let workers = min(chunks, max(1, threads ?? defaultThreadCount))
        if workers == 1 {
            for chunk in 0..<chunks { body(chunk) }
            return
        }
        withoutActuallyEscaping(body) { escapable in
            let box = UncheckedSendable(escapable)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var chunk = worker
                while chunk < chunks {
                    box.value(chunk)
                    chunk += workers
                }
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

/// Wraps a value that the caller promises is used safely across threads (each worker
/// writes only its own chunk's memory).
@usableFromInline
struct UncheckedSendable<Value>: @unchecked Sendable {
    @usableFromInline let value: Value
    @usableFromInline init(_ value: Value) { self.value = value }
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

/// A mutable pointer that workers of ``Parallel/forEach(chunks:threads:_:)`` share; each
/// worker writes only the elements of its own chunk.
public struct SharedMutablePointer<Element>: @unchecked Sendable {
    /// The shared base address.
    public let base: UnsafeMutablePointer<Element>
    /// Wraps `base`.
    public init(_ base: UnsafeMutablePointer<Element>) { self.base = base }
    /// The element at `index`.
    @inlinable
    public subscript(index: Int) -> Element {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }
}
