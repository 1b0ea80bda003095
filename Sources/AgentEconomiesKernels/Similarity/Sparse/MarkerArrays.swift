/// Scratch marker arrays owned by a join (one per worker), allocated once and filled with -1.
final class MarkerArrays {
    let base: UnsafeMutablePointer<Int32>
    let count: Int

    init(count: Int) {
        self.count = max(count, 1)
        base = .allocate(capacity: self.count)
        base.initialize(repeating: -1, count: self.count)
    }

    deinit { base.deallocate() }
}
