import Foundation

/// Which way a flow crosses the boundary.
public enum SpilloverDirection: String, Sendable, Codable, Hashable {
    /// From the sandbox to the outside world.
    case outbound
    /// From outside into the sandbox.
    case inbound
}
