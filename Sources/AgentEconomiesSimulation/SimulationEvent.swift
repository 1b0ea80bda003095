/// One event of a run, for `simulate --events` (`events.jsonl`, one JSON object per line):
/// the seed's identity events (`IDENTITY_CREATED`, `CREDENTIAL_ISSUED`, `SYBIL_DETECTED`) and the
/// other components' (`SANCTION`, `MISSION_PROPOSED`, `MISSION_SUCCEEDED`, `MISSION_EXPIRED`,
/// `TRADE`, `FLASH_CRASH`, `MARKET_HALTED`). See <doc:Simulations>.
public struct SimulationEvent: Sendable, Equatable {
    /// The event's type (upper case, as the seed names them).
    public var type: String
    /// The epoch it happened in.
    public var epoch: Int
    /// Its fields, in order (numbers, integers, strings, flags and agent lists).
    public var fields: [(String, Value)]

    /// A field's value.
    public enum Value: Sendable, Equatable {
        /// A number.
        case number(Double)
        /// An integer (an agent, a count, a tick).
        case integer(Int)
        /// A string.
        case string(String)
        /// A flag.
        case flag(Bool)
        /// Agent indices.
        case agents([Int])
    }

    /// An event.
    public init(_ type: String, epoch: Int, _ fields: [(String, Value)] = []) {
        self.type = type
        self.epoch = epoch
        self.fields = fields
    }

    /// Whether both events have the same type, epoch and fields in the same order.
    ///
    /// - Complexity: O(fields + agents they list).
    public static func == (a: SimulationEvent, b: SimulationEvent) -> Bool {
        a.type == b.type && a.epoch == b.epoch && a.fields.map(\.0) == b.fields.map(\.0)
            && a.fields.map(\.1) == b.fields.map(\.1)
    }

    /// The event as one line of JSON (no newline).
    ///
    /// - Complexity: O(fields + agents they list).
    public var jsonLine: String {
        var parts = ["\"type\":\"\(type)\"", "\"epoch\":\(epoch)"]
        for (name, value) in fields {
            let text: String
            switch value {
            case let .number(number): text = number.isFinite ? "\(number)" : "null"
            case let .integer(integer): text = "\(integer)"
            case let .string(string): text = "\"\(string)\""
            case let .flag(flag): text = flag ? "true" : "false"
            case let .agents(agents): text = "[" + agents.map(String.init).joined(separator: ",") + "]"
            }
            parts.append("\"\(name)\":\(text)")
        }
        return "{" + parts.joined(separator: ",") + "}"
    }
}
