/// A mutable pointer that workers of ``Parallel/forEach(chunks:threads:_:)`` share; each
/// worker writes only the elements of its own chunk.
package struct SharedMutablePointer<Element>: @unchecked Sendable {
    /// The shared base address.
    package let base: UnsafeMutablePointer<Element>
    /// Wraps `base`.
    package init(_ base: UnsafeMutablePointer<Element>) { self.base = base }
    /// The element at `index`.
    @inlinable
    package subscript(index: Int) -> Element {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }
}
