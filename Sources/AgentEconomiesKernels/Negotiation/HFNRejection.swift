/// Why an order was refused.
public enum HFNRejection: Equatable, Sendable {
    /// The market is halted.
    case halted
    /// The agent already had the per-tick limit (`HFNConfig.maxOrdersPerTick`) orders accepted this tick.
    case rateLimited
    /// The quantity of a bid or ask is `<= 0`.
    case nonPositiveQuantity(Double)
    /// The price of a bid or ask is `<= 0`.
    case nonPositivePrice(Double)
    /// A number of the order is NaN or infinite (the named field). The reference would let
    /// such an order corrupt its book; the library refuses it before any draw.
    case notFinite(field: String, value: Double)
    /// The order's kind is none of bid, ask and cancel (a front end passing the reference's
    /// free-form order type strings); refused after its latency draw, as the reference does.
    case unknownOrderType
}
