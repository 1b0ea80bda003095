/// A JSON value: what a credential claims (`claimValue`) and what a lever reports
/// (`LeverEffect.details`), which the reference keeps as untyped Python values.
///
/// Equality treats an integer and a real with the same value as equal (`.int(1) ==
/// .double(1.0)`), because JSON itself does not tell them apart reliably.
public enum JSONValue: Sendable, Hashable, Codable, CustomStringConvertible {
    /// JSON `null` (Python `None`).
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An integer.
    case int(Int)
    /// A real number (non-finite values cannot be encoded as JSON).
    case double(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object.
    case object([String: JSONValue])

    /// The number as a `Double`, for `.int` and `.double`; else nil.
    public var number: Double? {
        switch self {
        case let .int(value): return Double(value)
        case let .double(value): return value
        default: return nil
        }
    }

    /// The member `key` of an object; else nil.
    public subscript(key: String) -> JSONValue? {
        if case let .object(members) = self { return members[key] }
        return nil
    }

    /// Equal cases and values; an integer equals a real of the same value.
    ///
    /// - Complexity: O(size of the values).
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)): return a == b
        default:
            if let a = lhs.number, let b = rhs.number { return a == b }
            return false
        }
    }

    /// Hashes numbers by their `Double` value, consistent with `==`.
    ///
    /// - Complexity: O(size of the value).
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case let .bool(value): hasher.combine(value)
        case let .string(value): hasher.combine(value)
        case let .array(value): hasher.combine(value)
        case let .object(value): hasher.combine(value)
        case .int, .double: hasher.combine(number!)
        }
    }

    /// Decodes any JSON value; a number that fits `Int` becomes `.int`, any other `.double`.
    ///
    /// - Complexity: O(size of the value).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Encodes the value as plain JSON.
    ///
    /// - Complexity: O(size of the value).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case let .bool(value): try container.encode(value)
        case let .int(value): try container.encode(value)
        case let .double(value): try container.encode(value)
        case let .string(value): try container.encode(value)
        case let .array(value): try container.encode(value)
        case let .object(value): try container.encode(value)
        }
    }

    /// The value written as JSON-like text (object members sorted by key).
    ///
    /// - Complexity: O(size of the value), plus O(k log k) to sort each object's k keys.
    public var description: String {
        switch self {
        case .null: return "null"
        case let .bool(value): return "\(value)"
        case let .int(value): return "\(value)"
        case let .double(value): return "\(value)"
        case let .string(value): return "\"\(value)\""
        case let .array(values): return "[" + values.map(\.description).joined(separator: ", ") + "]"
        case let .object(members):
            return "{" + members.keys.sorted().map { "\"\($0)\": \(members[$0]!)" }.joined(separator: ", ") + "}"
        }
    }
}
