/// The one error type of the library.
///
/// Every case names the offending field (a configuration property, an argument, or a path
/// such as `valuations[agent_3][compute]`) and the value that was rejected, so a message is
/// enough to find the bad input without a debugger.
public enum AgentEconomiesError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A number is NaN or infinite where a finite value is required.
    case notFinite(field: String, value: Double)
    /// A value is outside the range the field accepts; `requirement` states the range.
    case outOfRange(field: String, value: String, requirement: String)
    /// The same identifier appears twice where identifiers must be unique.
    case duplicateID(field: String, id: String)
    /// An array or matrix has the wrong shape or count.
    case shapeMismatch(field: String, expected: String, actual: String)
    /// An identifier that the operation needs does not exist.
    case unknownID(field: String, id: String)

    /// A sentence naming the field, the value and what was expected.
    public var description: String {
        switch self {
        case let .notFinite(field, value):
            return "\(field) must be finite, got \(value)"
        case let .outOfRange(field, value, requirement):
            return "\(field) must be \(requirement), got \(value)"
        case let .duplicateID(field, id):
            return "\(field) contains the duplicate ID \"\(id)\""
        case let .shapeMismatch(field, expected, actual):
            return "\(field) must have shape \(expected), got \(actual)"
        case let .unknownID(field, id):
            return "\(field) refers to the unknown ID \"\(id)\""
        }
    }

    /// The field the error is about.
    public var field: String {
        switch self {
        case let .notFinite(field, _), let .outOfRange(field, _, _), let .duplicateID(field, _),
            let .shapeMismatch(field, _, _), let .unknownID(field, _):
            return field
        }
    }
}
