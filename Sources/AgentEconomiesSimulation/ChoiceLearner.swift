import AgentEconomiesKernels
import Foundation

/// One learning rule for every adaptive choice of the simulation (see <doc:WalletsAndLearning>): each
/// learner keeps a value per action, chooses by a softmax over the values (temperature T)
/// mixed with a uniform draw (share epsilon), and after playing action a with normalised
/// return r moves that action's value by `v[a] += alpha (r - v[a])` (stateless Q-learning with
/// Boltzmann exploration). Values start optimistic (`economy.optimism`, above what any action
/// returns), so a learner tries every action before it settles instead of keeping the first
/// one that paid.
///
/// Draws come from one stream per (scenario seed, learner kind, epoch), consumed in learner
/// order, so choices do not depend on threads or ranks.
public struct ChoiceLearner: Codable, Equatable, Sendable {
    /// Actions per learner.
    public let actions: Int
    /// Values, learners x actions (row-major).
    public var values: [Double]
    /// The action each learner plays now.
    public var chosen: [Int8]
    /// Every value before any update.
    public let initialValue: Double
    /// The action every learner played first.
    public let initialAction: Int8

    /// `learners` learners over `actions` actions, each playing `initial`, every value at
    /// `value`.
    ///
    /// - Complexity: O(learners x actions).
    public init(learners: Int, actions: Int, initial: Int, value: Double = 0) {
        self.actions = actions
        values = [Double](repeating: value, count: learners * actions)
        chosen = [Int8](repeating: Int8(initial), count: learners)
        initialValue = value
        initialAction = Int8(initial)
    }

    /// Number of learners.
    public var count: Int { chosen.count }

    /// Draws an action for `learner` from its values.
    func draw(_ learner: Int, temperature: Double, exploration: Double, random: inout FastRandom) -> Int {
        let u = random.random()
        if u < exploration { return min(Int(u / exploration * Double(actions)), actions - 1) }
        let row = learner * actions
        var best = -Double.infinity
        for action in 0..<actions { best = max(best, values[row + action]) }
        // Two passes over the few actions instead of an array per draw (a draw per agent per
        // epoch): the total, then the walk; exp gives the same value both times.
        var total = 0.0
        for action in 0..<actions { total += exp((values[row + action] - best) / temperature) }
        var target = random.random() * total
        for action in 0..<actions {
            target -= exp((values[row + action] - best) / temperature)
            if target < 0 { return action }
        }
        return actions - 1
    }

    /// Chooses every learner's action for the coming epoch (`selected`: only those learners).
    mutating func chooseAll(
        seed: UInt64, kind: UInt64, epoch: Int, temperature: Double, exploration: Double,
        selected: ((Int) -> Bool)? = nil
    ) {
        var random = FastRandom(seed: seed &+ 0xC401_CE00 &+ kind, stream: UInt64(epoch))
        for learner in 0..<count where selected?(learner) ?? true {
            chosen[learner] = Int8(draw(learner, temperature: temperature, exploration: exploration, random: &random))
        }
    }

    /// Moves the value of `action` of `learner` towards `reward`.
    mutating func update(_ learner: Int, action: Int, reward: Double, rate: Double) {
        let index = learner * actions + action
        values[index] += rate * (reward - values[index])
    }

    enum CodingKeys: String, CodingKey {
        case actions, learners, chosen
        case initialValue = "initial_value"
        case initialAction = "initial_action"
        case learnedRows = "learned_rows"
        case learnedValues = "learned_values"
    }

    /// Encodes only what learning changed: the learners whose values moved (with their rows)
    /// and the chosen actions unless every learner still plays the first one, so a run whose
    /// agents do not adapt checkpoints no learner data.
    ///
    /// - Complexity: O(learners x actions).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(actions, forKey: .actions)
        try c.encode(count, forKey: .learners)
        try c.encode(initialValue, forKey: .initialValue)
        try c.encode(initialAction, forKey: .initialAction)
        var rows: [Int] = [], learned: [Double] = []
        for learner in 0..<count {
            let row = values[(learner * actions)..<((learner + 1) * actions)]
            if row.contains(where: { $0 != initialValue }) {
                rows.append(learner)
                learned.append(contentsOf: row)
            }
        }
        try c.encode(rows, forKey: .learnedRows)
        try c.encode(learned, forKey: .learnedValues)
        try c.encode(chosen.allSatisfy { $0 == initialAction } ? [] : chosen, forKey: .chosen)
    }

    /// Decodes learners encoded by ``encode(to:)``: the learners that learned get their stored
    /// values, the others the initial value; throws when the rows, values or choices do not fit.
    ///
    /// - Complexity: O(learners x actions).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        actions = try c.decode(Int.self, forKey: .actions)
        let learners = try c.decode(Int.self, forKey: .learners)
        initialValue = try c.decode(Double.self, forKey: .initialValue)
        initialAction = try c.decode(Int8.self, forKey: .initialAction)
        let rows = try c.decode([Int].self, forKey: .learnedRows)
        let learned = try c.decode([Double].self, forKey: .learnedValues)
        let stored = try c.decode([Int8].self, forKey: .chosen)
        guard actions >= 1, learners >= 0, (0..<Int8(clamping: actions)).contains(initialAction),
            learned.count == rows.count * actions, rows.allSatisfy({ (0..<learners).contains($0) }),
            stored.isEmpty || stored.count == learners, learned.allSatisfy(\.isFinite), initialValue.isFinite
        else {
            throw DecodingError.dataCorruptedError(
                forKey: .learnedRows, in: c, debugDescription: "learner rows, values or choices do not fit \(learners) learners")
        }
        values = [Double](repeating: initialValue, count: learners * actions)
        for (position, learner) in rows.enumerated() {
            for action in 0..<actions { values[learner * actions + action] = learned[position * actions + action] }
        }
        chosen = stored.isEmpty ? [Int8](repeating: initialAction, count: learners) : stored
    }
}
