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
