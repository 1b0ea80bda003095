import Foundation

/// What an order asks for.
public enum HFNOrderType: String, Sendable, Codable, Hashable {
    /// Buy `quantity` at up to `price`.
    case bid
    /// Sell `quantity` at `price` or more.
    case ask
    /// Remove all of the agent's resting orders on the resource type.
    case cancel
}

/// A high-frequency market order.
public struct HFNOrder: Equatable, Sendable, Codable {
    /// Unique ID (a new UUID string by default).
    public var orderID: String
    /// The submitting agent.
    public var agentID: String
    /// Bid, ask or cancel.
    public var orderType: HFNOrderType
    /// The book the order goes to (one book per resource type).
    public var resourceType: String
    /// Quantity; must be > 0 for bids and asks. Partial fills reduce the resting copy.
    public var quantity: Double
    /// Limit price; must be > 0 for bids and asks.
    public var price: Double
    /// Submission time in milliseconds.
    public var timestampMs: Double
    /// Latency in milliseconds; the engine adds its noise draw to the resting copy.
    public var latencyMs: Double

    /// An order.
    public init(agentID: String, orderType: HFNOrderType, resourceType: String, quantity: Double, price: Double,
                timestampMs: Double = 0, latencyMs: Double = 0, orderID: String = UUID().uuidString) {
        self.orderID = orderID
        self.agentID = agentID
        self.orderType = orderType
        self.resourceType = resourceType
        self.quantity = quantity
        self.price = price
        self.timestampMs = timestampMs
        self.latencyMs = latencyMs
    }

    /// Timestamp plus latency: equal prices are served in this order.
    public var effectiveTime: Double { timestampMs + latencyMs }

    enum CodingKeys: String, CodingKey {
        case orderID = "order_id"
        case agentID = "agent_id"
        case orderType = "order_type"
        case resourceType = "resource_type"
        case quantity, price
        case timestampMs = "timestamp_ms"
        case latencyMs = "latency_ms"
    }
}

/// How the engine answered one order.
public enum HFNSubmission: Equatable, Sendable {
    /// A bid or ask now rests in its book, with `latencyMs` (the order's latency plus the
    /// noise draw).
    case accepted(latencyMs: Double)
    /// A cancel removed this many resting orders (possibly 0).
    case cancelled(count: Int)
    /// The order was refused.
    case rejected(HFNRejection)

    /// Whether the reference's `submit_order` would return true.
    public var isAccepted: Bool {
        if case .rejected = self { return false }
        return true
    }
}

/// Why an order was refused.
public enum HFNRejection: Equatable, Sendable {
    /// The market is halted.
    case halted
    /// The agent already had `HFNConfig.maxOrdersPerTick` orders accepted this tick.
    case rateLimited
    /// The quantity of a bid or ask is `<= 0`.
    case nonPositiveQuantity(Double)
    /// The price of a bid or ask is `<= 0`.
    case nonPositivePrice(Double)
    /// A number of the order is NaN or infinite (the named field). The reference would let
    /// such an order corrupt its book; the library refuses it before any draw.
    case notFinite(field: String, value: Double)
}
