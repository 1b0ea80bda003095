/// One epoch's outcome: the row written to `epochs.csv` and `epochs.jsonl`.
public struct EpochRecord: Codable, Equatable, Sendable {
    /// The epoch (1-based).
    public var epoch = 0
    /// Agents allowed to act (not barred by the Sybil lever).
    public var activeAgents = 0
    /// Interactions initiated this epoch.
    public var interactions = 0
    /// Mean p of the epoch's interactions.
    public var meanP = 0.0
    /// Share of interactions accepted.
    public var acceptanceRate = 0.0
    /// Mean trust score after the epoch's credentials.
    public var meanTrust = 0.0
    /// External harm of the spillovers that crossed the boundary.
    public var spilloverHarm = 0.0
    /// Share of spillovers the boundary blocked (1 when there were none).
    public var containmentRate = 1.0
    /// The boundary's permeability this epoch (threat and trust applied).
    public var effectivePermeability = 0.0
    /// Clusters the Sybil lever found.
    public var sybilClusters = 0
    /// Agents in those clusters.
    public var sybilFlagged = 0
    /// Share of flagged agents that belong to a planted ring.
    public var sybilPrecision = 1.0
    /// Share of active ring members that were flagged.
    public var sybilRecall = 1.0
    /// Gini coefficient of the auction's utilities.
    public var auctionGini = 0.0
    /// Envious (agent, bundle) pairs, counted exactly.
    public var envyViolations = 0
    /// Largest absolute excess demand at the final prices.
    public var maxExcessDemand = 0.0
    /// Solver rounds (tatonnement) or iterations (equilibrium).
    public var auctionRounds = 0
    /// Missions proposed this epoch.
    public var missionsProposed = 0
    /// Missions evaluated this epoch that met their objective and paid.
    public var missionsSucceeded = 0
    /// Missions evaluated this epoch that missed their objective.
    public var missionsExpired = 0
    /// Missions still open after the epoch.
    public var missionsOpen = 0
    /// Rewards paid by the missions that succeeded.
    public var rewardsPaid = 0.0
    /// Mean Gini of contribution counts over the missions evaluated.
    public var freeRiderIndex = 0.0
    /// HFN trades executed this epoch.
    public var trades = 0
    /// Flash crashes detected this epoch.
    public var flashCrashes = 0
    /// Ticks the market spent halted.
    public var haltedTicks = 0
    /// The market price at the end of the epoch.
    public var marketPrice = 1.0
    /// Mean p of the epoch's HFN trades as interactions (`1 - |price - opening| / opening`,
    /// clamped to [0, 1]; 1 without trades): a crash shows as a drop.
    public var tradeMeanP = 1.0
    /// Tokens in all wallets after the epoch.
    public var tokensTotal = 0.0
    /// Tokens minted since the start (interaction surplus, mission rewards).
    public var tokensMinted = 0.0
    /// Tokens burned since the start (losses, costs, auction payments, penalties, sanctions).
    public var tokensBurned = 0.0
    /// E[1 - p | accepted] of the epoch's interactions (the reference's toxicity rate).
    public var toxicity = 0.0
    /// E[p | accepted] - E[p | rejected] (negative: adverse selection).
    public var qualityGap = 0.0
    /// Sum of both parties' payoffs over the accepted interactions.
    public var totalWelfare = 0.0
    /// Mean effort share of the participants of the missions evaluated this epoch.
    public var meanEffort = 0.0
    /// Mean obfuscation share over the Sybil rings.
    public var sybilObfuscation = 0.0
    /// Tokens the Sybil rings and their beneficiaries gained this epoch (payoffs of the
    /// interactions a ring member took part in, less their penalties).
    public var attackerProfit = 0.0
    /// Mean interaction payoff per honest agent this epoch (0 without such agents).
    public var payoffHonest = 0.0
    /// Mean interaction payoff per opportunistic agent.
    public var payoffOpportunistic = 0.0
    /// Mean interaction payoff per deceptive agent.
    public var payoffDeceptive = 0.0
    /// Mean interaction payoff per adversarial agent outside the Sybil rings.
    public var payoffAdversarial = 0.0
    /// Mean interaction payoff per Sybil identity.
    public var payoffSybil = 0.0
    /// Mean wallet of the honest agents after the epoch.
    public var walletHonest = 0.0
    /// Mean wallet of the opportunistic agents.
    public var walletOpportunistic = 0.0
    /// Mean wallet of the deceptive agents.
    public var walletDeceptive = 0.0
    /// Mean wallet of the adversarial agents outside the rings.
    public var walletAdversarial = 0.0
    /// Mean wallet of the Sybil identities.
    public var walletSybil = 0.0
    /// Seconds in the interactions step. The `seconds*` columns time each step; they are not
    /// part of the determinism contract.
    public var secondsInteractions = 0.0
    /// Seconds in the identity step.
    public var secondsIdentity = 0.0
    /// Seconds in the sybil step.
    public var secondsSybil = 0.0
    /// Seconds in the permeability step.
    public var secondsPermeability = 0.0
    /// Seconds in the auction step.
    public var secondsAuction = 0.0
    /// Seconds in the missions step.
    public var secondsMissions = 0.0
    /// Seconds in the hfn step.
    public var secondsHFN = 0.0
    /// Seconds in the payoffs step.
    public var secondsPayoffs = 0.0
    /// Seconds in the learning step.
    public var secondsLearning = 0.0

    /// An empty record.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case epoch
        case activeAgents = "active_agents"
        case interactions
        case meanP = "mean_p"
        case acceptanceRate = "acceptance_rate"
        case meanTrust = "mean_trust"
        case spilloverHarm = "spillover_harm"
        case containmentRate = "containment_rate"
        case effectivePermeability = "effective_permeability"
        case sybilClusters = "sybil_clusters"
        case sybilFlagged = "sybil_flagged"
        case sybilPrecision = "sybil_precision"
        case sybilRecall = "sybil_recall"
        case auctionGini = "auction_gini"
        case envyViolations = "envy_violations"
        case maxExcessDemand = "max_excess_demand"
        case auctionRounds = "auction_rounds"
        case missionsProposed = "missions_proposed"
        case missionsSucceeded = "missions_succeeded"
        case missionsExpired = "missions_expired"
        case missionsOpen = "missions_open"
        case rewardsPaid = "rewards_paid"
        case freeRiderIndex = "free_rider_index"
        case trades
        case flashCrashes = "flash_crashes"
        case haltedTicks = "halted_ticks"
        case marketPrice = "market_price"
        case tradeMeanP = "trade_mean_p"
        case tokensTotal = "tokens_total"
        case tokensMinted = "tokens_minted"
        case tokensBurned = "tokens_burned"
        case toxicity
        case qualityGap = "quality_gap"
        case totalWelfare = "total_welfare"
        case meanEffort = "mean_effort"
        case sybilObfuscation = "sybil_obfuscation"
        case attackerProfit = "attacker_profit"
        case payoffHonest = "payoff_honest"
        case payoffOpportunistic = "payoff_opportunistic"
        case payoffDeceptive = "payoff_deceptive"
        case payoffAdversarial = "payoff_adversarial"
        case payoffSybil = "payoff_sybil"
        case walletHonest = "wallet_honest"
        case walletOpportunistic = "wallet_opportunistic"
        case walletDeceptive = "wallet_deceptive"
        case walletAdversarial = "wallet_adversarial"
        case walletSybil = "wallet_sybil"
        case secondsInteractions = "seconds_interactions"
        case secondsIdentity = "seconds_identity"
        case secondsSybil = "seconds_sybil"
        case secondsPermeability = "seconds_permeability"
        case secondsAuction = "seconds_auction"
        case secondsMissions = "seconds_missions"
        case secondsHFN = "seconds_hfn"
        case secondsPayoffs = "seconds_payoffs"
        case secondsLearning = "seconds_learning"
    }

    /// The column names, in the order of `epochs.csv` (`epoch` first).
    public static let columnNames: [String] = CodingKeys.allCases.map(\.rawValue)

    /// The CSV header, in column order.
    public static var csvHeader: String { columnNames.joined(separator: ",") }

    /// The record as a CSV row (doubles with 17 significant digits, so rows round-trip).
    public var csvRow: String { cells.map(\.text).joined(separator: ",") }

    /// The record's values in column order (``columnNames``), integers as doubles.
    public var columnValues: [Double] { cells.map(\.value) }

    /// One cell of the row: counts print as integers, measures as round-tripping doubles.
    private enum Cell {
        case integer(Int)
        case real(Double)

        var text: String {
            switch self {
            case .integer(let value): "\(value)"
            case .real(let value): "\(value)"
            }
        }

        var value: Double {
            switch self {
            case .integer(let value): Double(value)
            case .real(let value): value
            }
        }
    }

    /// The cells in column order: the one list the CSV row and the numeric columns come from.
    private var cells: [Cell] {
        [
            .integer(epoch), .integer(activeAgents), .integer(interactions), .real(meanP), .real(acceptanceRate), .real(meanTrust),
            .real(spilloverHarm), .real(containmentRate), .real(effectivePermeability), .integer(sybilClusters),
            .integer(sybilFlagged), .real(sybilPrecision), .real(sybilRecall), .real(auctionGini), .integer(envyViolations),
            .real(maxExcessDemand), .integer(auctionRounds), .integer(missionsProposed), .integer(missionsSucceeded),
            .integer(missionsExpired), .integer(missionsOpen), .real(rewardsPaid), .real(freeRiderIndex), .integer(trades),
            .integer(flashCrashes), .integer(haltedTicks), .real(marketPrice), .real(tradeMeanP), .real(tokensTotal),
            .real(tokensMinted), .real(tokensBurned), .real(toxicity), .real(qualityGap), .real(totalWelfare), .real(meanEffort),
            .real(sybilObfuscation), .real(attackerProfit), .real(payoffHonest), .real(payoffOpportunistic), .real(payoffDeceptive),
            .real(payoffAdversarial), .real(payoffSybil), .real(walletHonest), .real(walletOpportunistic), .real(walletDeceptive),
            .real(walletAdversarial), .real(walletSybil), .real(secondsInteractions), .real(secondsIdentity), .real(secondsSybil),
            .real(secondsPermeability), .real(secondsAuction), .real(secondsMissions), .real(secondsHFN), .real(secondsPayoffs),
            .real(secondsLearning),
        ]
    }
}

extension EpochRecord {
    /// The record with its timing columns zeroed: the columns outside the determinism
    /// contract (the same scenario and seed give the same record but for these, for any
    /// thread or rank count).
    public var withoutTimings: EpochRecord {
        var stripped = self
        (stripped.secondsInteractions, stripped.secondsIdentity, stripped.secondsSybil) = (0, 0, 0)
        (stripped.secondsPermeability, stripped.secondsAuction, stripped.secondsMissions) = (0, 0, 0)
        (stripped.secondsHFN, stripped.secondsPayoffs, stripped.secondsLearning) = (0, 0, 0)
        return stripped
    }
}

extension EpochRecord {
    /// Adds a library step's seconds to its timing column.
    mutating func addSeconds(_ seconds: Double, step: StepName) {
        switch step {
        case .interactions: secondsInteractions += seconds
        case .payoffs: secondsPayoffs += seconds
        case .identity: secondsIdentity += seconds
        case .sybil: secondsSybil += seconds
        case .permeability: secondsPermeability += seconds
        case .auction: secondsAuction += seconds
        case .missions: secondsMissions += seconds
        case .hfn: secondsHFN += seconds
        case .learning: secondsLearning += seconds
        }
    }
}
