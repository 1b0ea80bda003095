/// One executed trade, with agent and resource names.
public struct HFNTrade: Equatable, Sendable, Codable {
    /// The agent whose bid traded.
    public var buyer: String
    /// The agent whose ask traded.
    public var seller: String
    /// The resource type of the book.
    public var resourceType: String
    /// Midpoint of the two limit prices.
    public var price: Double
    /// Traded quantity.
    public var quantity: Double
    /// The tick whose clearing executed it.
    public var tick: Int

    /// A trade record.
    public init(buyer: String, seller: String, resourceType: String, price: Double, quantity: Double, tick: Int) {
        self.buyer = buyer
        self.seller = seller
        self.resourceType = resourceType
        self.price = price
        self.quantity = quantity
        self.tick = tick
    }

    enum CodingKeys: String, CodingKey {
        case buyer, seller, price, quantity, tick
        case resourceType = "resource_type"
    }
}
