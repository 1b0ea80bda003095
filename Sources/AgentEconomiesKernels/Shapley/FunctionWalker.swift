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
