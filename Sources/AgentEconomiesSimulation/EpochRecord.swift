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
        case secondsInteractions = "seconds_interactions"
        case secondsIdentity = "seconds_identity"
        case secondsSybil = "seconds_sybil"
        case secondsPermeability = "seconds_permeability"
        case secondsAuction = "seconds_auction"
        case secondsMissions = "seconds_missions"
        case secondsHFN = "seconds_hfn"
    }

    /// The CSV header, in column order.
    public static var csvHeader: String { CodingKeys.allCases.map(\.rawValue).joined(separator: ",") }

    /// The record as a CSV row (doubles with 17 significant digits, so rows round-trip).
    public var csvRow: String {
        let values: [String] = [
            "\(epoch)", "\(activeAgents)", "\(interactions)", format(meanP), format(acceptanceRate), format(meanTrust),
            format(spilloverHarm), format(containmentRate), format(effectivePermeability), "\(sybilClusters)",
            "\(sybilFlagged)", format(sybilPrecision), format(sybilRecall), format(auctionGini), "\(envyViolations)",
            format(maxExcessDemand), "\(auctionRounds)", "\(missionsProposed)", "\(missionsSucceeded)",
            "\(missionsExpired)", "\(missionsOpen)", format(rewardsPaid),
            format(freeRiderIndex), "\(trades)", "\(flashCrashes)", "\(haltedTicks)", format(marketPrice),
            format(secondsInteractions), format(secondsIdentity), format(secondsSybil), format(secondsPermeability),
            format(secondsAuction), format(secondsMissions), format(secondsHFN),
        ]
        return values.joined(separator: ",")
    }

    private func format(_ value: Double) -> String { "\(value)" }
}

extension EpochRecord {
    /// The record with its timing columns zeroed: the columns outside the determinism
    /// contract (the same scenario and seed give the same record but for these, for any
    /// thread or rank count).
    public var withoutTimings: EpochRecord {
        var stripped = self
        (stripped.secondsInteractions, stripped.secondsIdentity, stripped.secondsSybil) = (0, 0, 0)
        (stripped.secondsPermeability, stripped.secondsAuction, stripped.secondsMissions) = (0, 0, 0)
        stripped.secondsHFN = 0
        return stripped
    }
}
