/// A binary min-heap of ``OrderHeapEntry`` values: O(log n) push and pop, O(1) top.
///
/// Sequences are unique, so the order is total and ties never depend on the heap's shape.
@usableFromInline
struct OrderHeap: Sendable, Codable {
    @usableFromInline var entries: [OrderHeapEntry] = []

    @inlinable init() {}

    @inlinable var count: Int { entries.count }
    @inlinable var top: OrderHeapEntry? { entries.first }

    @inlinable
    mutating func push(_ entry: OrderHeapEntry) {
        entries.append(entry)
        entries.withUnsafeMutableBufferPointer { heap in
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) >> 1
                if !entry.precedes(heap[parent]) { break }
                heap[child] = heap[parent]
                child = parent
            }
            heap[child] = entry
        }
    }

    /// Removes and returns the first entry. The heap must not be empty.
    @inlinable
    @discardableResult
    mutating func pop() -> OrderHeapEntry {
        let first = entries[0]
        let last = entries.removeLast()
        if !entries.isEmpty {
            entries.withUnsafeMutableBufferPointer { heap in
                Self.siftDown(heap, from: 0, entry: last)
            }
        }
        return first
    }

    /// Places `entry` at `index` and moves it down to where it belongs.
    @inlinable
    static func siftDown(
        _ heap: UnsafeMutableBufferPointer<OrderHeapEntry>, from index: Int,
        entry: OrderHeapEntry
    ) {
        let count = heap.count
        var parent = index
        while true {
            var child = 2 * parent + 1
            if child >= count { break }
            if child + 1 < count && heap[child + 1].precedes(heap[child]) { child += 1 }
            if !heap[child].precedes(entry) { break }
            heap[parent] = heap[child]
            parent = child
        }
        heap[parent] = entry
    }

    /// Keeps the entries for which `keep` is true and restores the heap order in O(n).
    @usableFromInline
    mutating func filter(_ keep: (OrderHeapEntry) -> Bool) {
        entries.removeAll { !keep($0) }
        entries.withUnsafeMutableBufferPointer { heap in
            var index = heap.count / 2
            while index > 0 {
                index -= 1
                Self.siftDown(heap, from: index, entry: heap[index])
            }
        }
    }
}
