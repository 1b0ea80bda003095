/// One epoch's outcome: the row written to `epochs.csv` and `epochs.jsonl`.
public struct EpochRecord: Codable, Equatable, Sendable {
    public var epoch = 0
    public var activeAgents = 0
    public var interactions = 0
    public var meanP = 0.0
    public var acceptanceRate = 0.0
    public var meanTrust = 0.0
    public var spilloverHarm = 0.0
    public var containmentRate = 1.0
    public var effectivePermeability = 0.0
    public var sybilClusters = 0
    public var sybilFlagged = 0
    public var sybilPrecision = 1.0
    public var sybilRecall = 1.0
    public var auctionGini = 0.0
    public var envyViolations = 0
    public var maxExcessDemand = 0.0
    public var auctionRounds = 0
    public var missionsSucceeded = 0
    public var rewardsPaid = 0.0
    public var freeRiderIndex = 0.0
    public var trades = 0
    public var flashCrashes = 0
    public var haltedTicks = 0
    public var marketPrice = 1.0
    /// Seconds per component (not part of the determinism contract).
    public var secondsInteractions = 0.0
    public var secondsIdentity = 0.0
    public var secondsSybil = 0.0
    public var secondsPermeability = 0.0
    public var secondsAuction = 0.0
    public var secondsMissions = 0.0
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
        case missionsSucceeded = "missions_succeeded"
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
            format(maxExcessDemand), "\(auctionRounds)", "\(missionsSucceeded)", format(rewardsPaid),
            format(freeRiderIndex), "\(trades)", "\(flashCrashes)", "\(haltedTicks)", format(marketPrice),
            format(secondsInteractions), format(secondsIdentity), format(secondsSybil), format(secondsPermeability),
            format(secondsAuction), format(secondsMissions), format(secondsHFN),
        ]
        return values.joined(separator: ",")
    }

    private func format(_ value: Double) -> String { "\(value)" }
}
