/// Running column sums and minimum, over private copies of the game's columns so the
/// per-player update is a few loads and adds.
package final class AdditiveWalker: CoalitionWalker {
    let valueFunction: @Sendable (UnsafeBufferPointer<Double>, Double) -> Double
    let columns: Int
    let aggregates: UnsafeMutablePointer<Double>
    let minima: UnsafeMutablePointer<Double>?
    let sums: UnsafeMutablePointer<Double>
    var minimum = Double.infinity

    /// A walker over private copies of `game`'s aggregates and minima, at the empty coalition.
    ///
    /// - Complexity: O(players x columns): the walker copies the game's columns.
    package init(_ game: AdditiveGame) {
        valueFunction = game.value
        columns = game.aggregates.columns
        let storage = game.aggregates.storage
        aggregates = .allocate(capacity: max(1, storage.count))
        aggregates.initialize(from: storage, count: storage.count)
        if game.minima.isEmpty {
            minima = nil
        } else {
            let copy = UnsafeMutablePointer<Double>.allocate(capacity: game.minima.count)
            copy.initialize(from: game.minima, count: game.minima.count)
            minima = copy
        }
        sums = .allocate(capacity: max(1, columns))
        sums.initialize(repeating: 0, count: max(1, columns))
    }

    deinit {
        aggregates.deallocate()
        minima?.deallocate()
        sums.deallocate()
    }

    /// Back to the empty coalition: zero sums, minimum `+infinity`.
    ///
    /// - Complexity: O(columns).
    package func reset() {
        for column in 0..<columns { sums[column] = 0 }
        minimum = .infinity
    }

    /// Adds `player`'s aggregates to the sums and its minimum to the running minimum.
    ///
    /// - Complexity: O(columns).
    package func add(_ player: Int) {
        let row = aggregates + player * columns
        for column in 0..<columns { sums[column] += row[column] }
        if let minima { minimum = min(minimum, minima[player]) }
    }

    package func value() -> Double {
        valueFunction(UnsafeBufferPointer(start: sums, count: columns), minimum)
    }
}
