/// Wraps a value that the caller promises is used safely across threads (each worker
/// writes only its own chunk's memory).
@usableFromInline
package struct UncheckedSendable<Value>: @unchecked Sendable {
    @usableFromInline package let value: Value
    @usableFromInline package init(_ value: Value) { self.value = value }
}
