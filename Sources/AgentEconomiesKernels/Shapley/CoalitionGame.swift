/// A cooperative game whose value depends on per-player additive aggregates and one minimum:
/// `v(S) = value(sum over S of aggregates[i, :], min over S of minima[i])`.
///
/// Every mission metric has this form (counts, sums of p, accepted counts and welfare add up
/// over players; the smallest p is the one non-additive aggregate). The empty coalition gets
/// zero sums and minimum `+infinity`.
public struct AdditiveGame: Sendable {
    /// Per-player aggregates, players x columns.
    public let aggregates: Matrix<Double>
    /// Per-player minimum (`+infinity` for a player without one); empty when `value` ignores it.
    public let minima: [Double]
    /// The coalition's value from its column sums and its minimum.
    public let value: @Sendable (UnsafeBufferPointer<Double>, Double) -> Double

    /// A game.
    ///
    /// - Throws: ``AgentEconomiesError`` when `minima` is neither empty nor one per player,
    ///   or an aggregate or minimum is NaN (infinite minima are allowed).
    public init(
        aggregates: Matrix<Double>, minima: [Double] = [],
        value: @escaping @Sendable (UnsafeBufferPointer<Double>, Double) -> Double
    ) throws {
        if !minima.isEmpty { try Validate.count(minima.count, aggregates.rows, "AdditiveGame.minima") }
        for (index, entry) in aggregates.storage.enumerated() where !entry.isFinite {
            throw AgentEconomiesError.notFinite(
                field: "AdditiveGame.aggregates[\(index / max(1, aggregates.columns))]"
                    + "[\(index % max(1, aggregates.columns))]", value: entry)
        }
        for (index, entry) in minima.enumerated() where entry.isNaN {
            throw AgentEconomiesError.notFinite(field: "AdditiveGame.minima[\(index)]", value: entry)
        }
        self.aggregates = aggregates
        self.minima = minima
        self.value = value
    }

    /// Number of players.
    public var players: Int { aggregates.rows }
}

/// A cooperative game given by any value function of the coalition's membership flags.
public struct CoalitionFunctionGame: Sendable {
    /// Number of players.
    public let players: Int
    /// `v(S)`, with `members[i]` true for the players of S.
    public let value: @Sendable (UnsafeBufferPointer<Bool>) -> Double

    /// A game of `players` players (>= 0).
    public init(players: Int, value: @escaping @Sendable (UnsafeBufferPointer<Bool>) -> Double) throws {
        try Validate.atLeast(players, 0, "CoalitionFunctionGame.players")
        self.players = players
        self.value = value
    }
}

/// Builds coalitions one player at a time and values them; the sampling estimators walk
/// permutations and sampled coalitions through this.
protocol CoalitionWalker {
    /// Back to the empty coalition.
    mutating func reset()
    /// Adds a player.
    mutating func add(_ player: Int)
    /// The current coalition's value.
    mutating func value() -> Double
}

/// Running column sums and minimum, over private copies of the game's columns so the
/// per-player update is a few loads and adds.
final class AdditiveWalker: CoalitionWalker {
    let valueFunction: @Sendable (UnsafeBufferPointer<Double>, Double) -> Double
    let columns: Int
    let aggregates: UnsafeMutablePointer<Double>
    let minima: UnsafeMutablePointer<Double>?
    let sums: UnsafeMutablePointer<Double>
    var minimum = Double.infinity

    init(_ game: AdditiveGame) {
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

    func reset() {
        for column in 0..<columns { sums[column] = 0 }
        minimum = .infinity
    }

    func add(_ player: Int) {
        let row = aggregates + player * columns
        for column in 0..<columns { sums[column] += row[column] }
        if let minima { minimum = min(minimum, minima[player]) }
    }

    func value() -> Double {
        valueFunction(UnsafeBufferPointer(start: sums, count: columns), minimum)
    }
}

/// Membership flags for a value function.
struct FunctionWalker: CoalitionWalker {
    let game: CoalitionFunctionGame
    var members: [Bool]

    init(_ game: CoalitionFunctionGame) {
        self.game = game
        members = [Bool](repeating: false, count: game.players)
    }

    mutating func reset() {
        for index in members.indices { members[index] = false }
    }

    mutating func add(_ player: Int) { members[player] = true }

    mutating func value() -> Double { members.withUnsafeBufferPointer { game.value($0) } }
}
