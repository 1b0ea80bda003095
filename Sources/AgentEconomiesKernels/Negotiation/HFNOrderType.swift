/// What an order asks for.
public enum HFNOrderType: String, Sendable, Codable, Hashable {
    /// Buy `quantity` at up to `price`.
    case bid
    /// Sell `quantity` at `price` or more.
    case ask
    /// Remove all of the agent's resting orders on the resource type.
    case cancel
}
