import Foundation

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
    public init(
        agentID: String, orderType: HFNOrderType, resourceType: String, quantity: Double, price: Double,
        timestampMs: Double = 0, latencyMs: Double = 0, orderID: String = RandomUUID.string()
    ) {
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
