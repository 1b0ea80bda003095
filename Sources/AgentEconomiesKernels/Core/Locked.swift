#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A value behind a pthread mutex, for the library's few pieces of shared mutable state (the
/// C ABI's handles and its table of live handles, the UUID generator).
///
/// Used instead of `Synchronization.Mutex`, whose Linux implementation locks through futex
/// calls that ThreadSanitizer does not see: under `swift test --sanitize thread` every access
/// guarded by it was reported as a race. ThreadSanitizer intercepts pthread mutexes, so the
/// guarded accesses are ordered in its eyes as they are in fact.
package final class Locked<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    /// `value` behind a new mutex.
    package init(_ value: Value) {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        self.value = value
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Runs `body` on the value while holding the mutex.
    package func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
