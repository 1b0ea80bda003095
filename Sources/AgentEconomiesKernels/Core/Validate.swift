/// Checks shared by every validating initializer.
///
/// Each throws the matching ``AgentEconomiesError`` naming `field`.
package enum Validate {
    /// Throws ``AgentEconomiesError/notFinite(field:value:)`` unless `value` is finite.
    @inlinable
    package static func finite(_ value: Double, _ field: @autoclosure () -> String) throws {
        if !value.isFinite { throw AgentEconomiesError.notFinite(field: field(), value: value) }
    }

    /// Throws unless `value` is finite and `>= 0`.
    @inlinable
    package static func nonNegative(_ value: Double, _ field: @autoclosure () -> String) throws {
        if !value.isFinite { throw AgentEconomiesError.notFinite(field: field(), value: value) }
        if value < 0 {
            throw AgentEconomiesError.outOfRange(field: field(), value: "\(value)", requirement: ">= 0")
        }
    }

    /// Throws unless `value` is finite and `> 0`.
    @inlinable
    package static func positive(_ value: Double, _ field: @autoclosure () -> String) throws {
        if !value.isFinite { throw AgentEconomiesError.notFinite(field: field(), value: value) }
        if !(value > 0) {
            throw AgentEconomiesError.outOfRange(field: field(), value: "\(value)", requirement: "> 0")
        }
    }

    /// Throws unless `value` is finite and lies in the closed interval `lower...upper`.
    @inlinable
    package static func inRange(
        _ value: Double, _ lower: Double, _ upper: Double,
        _ field: @autoclosure () -> String
    ) throws {
        if !value.isFinite { throw AgentEconomiesError.notFinite(field: field(), value: value) }
        if value < lower || value > upper {
            throw AgentEconomiesError.outOfRange(
                field: field(), value: "\(value)",
                requirement: "in [\(lower), \(upper)]")
        }
    }

    /// Throws unless `value >= minimum`.
    @inlinable
    package static func atLeast(_ value: Int, _ minimum: Int, _ field: @autoclosure () -> String) throws {
        if value < minimum {
            throw AgentEconomiesError.outOfRange(field: field(), value: "\(value)", requirement: ">= \(minimum)")
        }
    }

    /// Throws ``AgentEconomiesError/shapeMismatch(field:expected:actual:)`` unless `count == expected`.
    @inlinable
    package static func count(_ count: Int, _ expected: Int, _ field: @autoclosure () -> String) throws {
        if count != expected {
            throw AgentEconomiesError.shapeMismatch(field: field(), expected: "\(expected)", actual: "\(count)")
        }
    }
}
