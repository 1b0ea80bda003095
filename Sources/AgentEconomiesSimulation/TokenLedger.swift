import AgentEconomiesKernels

/// Every agent's wallet and the run's token accounts: what was minted (interaction surplus,
/// mission rewards) and burned (losses, costs, auction payments, sanctions, identity costs)
/// since the start. A transfer between wallets (an HFN trade) mints and burns nothing.
///
/// The invariant `sum(wallets) == initial + minted - burned` is checked after every epoch
/// (`check(epoch:)`) to 1e-9 of the tokens that moved.
public struct TokenLedger: Codable, Equatable, Sendable {
    /// Tokens of each agent (may go negative: an agent can owe).
    public var wallets: [Double]
    /// Tokens at the start, over all agents.
    public let initial: Double
    /// Tokens minted since the start.
    public private(set) var minted = 0.0
    /// Tokens burned since the start.
    public private(set) var burned = 0.0
    /// This epoch's mints and burns (compensated, folded into the totals by ``closeEpoch()``).
    private var epochMinted = CompensatedSum(), epochBurned = CompensatedSum()

    /// `agents` wallets of `tokens` each.
    ///
    /// - Complexity: O(agents).
    public init(agents: Int, tokens: Double) {
        wallets = [Double](repeating: tokens, count: agents)
        initial = tokens * Double(agents)
    }

    /// Adds `amount` (either sign) to an agent's wallet, minting or burning it.
    mutating func pay(_ agent: Int, _ amount: Double) {
        wallets[agent] += amount
        if amount >= 0 { epochMinted.add(amount) } else { epochBurned.add(-amount) }
    }

    /// Counts mints and burns whose wallets were credited elsewhere (the epoch's payments,
    /// credited over the workers): `minted` and `burned` are non-negative totals.
    mutating func record(minted: Double, burned: Double) {
        epochMinted.add(minted)
        epochBurned.add(burned)
    }

    /// Burns `amount` (>= 0) from an agent's wallet.
    mutating func charge(_ agent: Int, _ amount: Double) {
        wallets[agent] -= amount
        epochBurned.add(amount)
    }

    /// Moves `amount` from one wallet to another.
    mutating func transfer(from payer: Int, to payee: Int, _ amount: Double) {
        wallets[payer] -= amount
        wallets[payee] += amount
    }

    /// Folds the epoch's mints and burns into the run's totals.
    mutating func closeEpoch() {
        minted += epochMinted.sum
        burned += epochBurned.sum
        epochMinted = CompensatedSum()
        epochBurned = CompensatedSum()
    }

    /// The tokens in all wallets (compensated sum).
    ///
    /// - Complexity: O(agents).
    public var total: Double {
        var sum = CompensatedSum()
        for value in wallets { sum.add(value) }
        return sum.sum
    }

    /// Throws ``SimulationError/conservation(epoch:total:expected:)`` unless the wallets hold
    /// `initial + minted - burned` to 1e-9 of the tokens that moved.
    func check(epoch: Int) throws {
        let expected = initial + minted - burned
        let scale = max(1, initial + minted + burned)
        let total = total
        if !(abs(total - expected) <= 1e-9 * scale) {
            throw SimulationError.conservation(epoch: epoch, total: total, expected: expected)
        }
    }

    enum CodingKeys: String, CodingKey {
        case wallets, initial, minted, burned
    }

    /// Decodes the wallets and the run's totals.
    ///
    /// - Complexity: O(agents).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        wallets = try c.decode([Double].self, forKey: .wallets)
        initial = try c.decode(Double.self, forKey: .initial)
        minted = try c.decode(Double.self, forKey: .minted)
        burned = try c.decode(Double.self, forKey: .burned)
    }

    /// Encodes the wallets and the run's totals (not the current epoch's mints and burns until
    /// they are folded into the totals at the epoch's end).
    ///
    /// - Complexity: O(agents).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(wallets, forKey: .wallets)
        try c.encode(initial, forKey: .initial)
        try c.encode(minted, forKey: .minted)
        try c.encode(burned, forKey: .burned)
    }

    /// Whether both ledgers hold the same wallets and totals.
    ///
    /// - Complexity: O(agents).
    public static func == (a: TokenLedger, b: TokenLedger) -> Bool {
        a.wallets == b.wallets && a.initial == b.initial && a.minted == b.minted && a.burned == b.burned
    }
}

/// An error of a running simulation.
public enum SimulationError: Error, CustomStringConvertible, Equatable {
    /// The wallets do not hold what was minted and burned: a bug, reported with its epoch.
    case conservation(epoch: Int, total: Double, expected: Double)

    public var description: String {
        switch self {
        case let .conservation(epoch, total, expected):
            return "epoch \(epoch): tokens_total \(total) != tokens_initial + tokens_minted - tokens_burned = "
                + "\(expected) (token conservation broken)"
        }
    }
}
