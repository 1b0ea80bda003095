/// Wraps a value that the caller promises is used safely across threads (each worker
/// writes only its own chunk's memory).
@usableFromInline
struct UncheckedSendable<Value>: @unchecked Sendable {
    @usableFromInline let value: Value
    @usableFromInline init(_ value: Value) { self.value = value }
}
