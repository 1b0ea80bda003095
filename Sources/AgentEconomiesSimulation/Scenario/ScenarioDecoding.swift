/// Keyed decoding with the scenario file's rules: every key optional with a default, and a
/// key the schema does not know is an error naming it (a typo must not be silently ignored).
struct ScenarioKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// The error of a scenario file that cannot be used, naming the key path.
public struct ScenarioError: Error, CustomStringConvertible, Equatable {
    /// The key path, e.g. `population.types[2].share`.
    public let key: String
    /// What is wrong with it.
    public let problem: String

    /// An error at `key`.
    public init(key: String, problem: String) {
        self.key = key
        self.problem = problem
    }

    public var description: String { "scenario key \(key): \(problem)" }
}

extension KeyedDecodingContainer where Key == ScenarioKey {
    /// The dotted path of this container.
    var path: String { scenarioPath(codingPath) }

    /// Throws for any key not in `known`.
    func checkKeys(_ known: Set<String>) throws {
        for key in allKeys where !known.contains(key.stringValue) {
            let prefix = path.isEmpty ? "" : path + "."
            // An empty YAML key (`"": 1`) is named by its quotes.
            let name = key.stringValue.isEmpty ? "\"\"" : key.stringValue
            throw ScenarioError(
                key: prefix + name,
                problem: "unknown key (known: \(known.sorted().joined(separator: ", ")))")
        }
    }

    /// The value at `key`, or `fallback` when absent.
    func value<T: Decodable>(_ key: String, _ fallback: T) throws -> T {
        try decodeIfPresent(T.self, forKey: ScenarioKey(key)) ?? fallback
    }

    /// The value at a section's key (its `CodingKeys` case: the one table of the section's
    /// key names), or `fallback` when absent.
    func value<T: Decodable, Section: CodingKey>(_ key: Section, _ fallback: T) throws -> T {
        try value(key.stringValue, fallback)
    }

    /// Throws for any key that is not a case of the section's `CodingKeys`.
    func checkKeys<Section: CodingKey & CaseIterable>(_ keys: Section.Type) throws {
        try checkKeys(Set(Section.allCases.map(\.stringValue)))
    }
}

/// Range checks that name the key.
enum Check {
    static func unit(_ value: Double, _ key: String) throws {
        if !(value >= 0 && value <= 1) { throw ScenarioError(key: key, problem: "must be in [0, 1], got \(value)") }
    }

    static func finite(_ value: Double, _ key: String) throws {
        if !value.isFinite { throw ScenarioError(key: key, problem: "must be finite, got \(value)") }
    }

    static func nonNegative(_ value: Double, _ key: String) throws {
        if !(value >= 0 && value.isFinite) { throw ScenarioError(key: key, problem: "must be >= 0, got \(value)") }
    }

    static func positive(_ value: Double, _ key: String) throws {
        if !(value > 0 && value.isFinite) { throw ScenarioError(key: key, problem: "must be > 0, got \(value)") }
    }

    static func atLeast(_ value: Int, _ minimum: Int, _ key: String) throws {
        if value < minimum { throw ScenarioError(key: key, problem: "must be >= \(minimum), got \(value)") }
    }

    static func oneOf(_ value: String, _ choices: [String], _ key: String) throws {
        if !choices.contains(value) {
            throw ScenarioError(key: key, problem: "must be one of \(choices.joined(separator: ", ")), got '\(value)'")
        }
    }
}

/// A coding path as the scenario file spells it: `missions.objectives[0].target`.
func scenarioPath(_ path: [any CodingKey]) -> String {
    var text = ""
    for key in path {
        if let index = key.intValue {
            text += "[\(index)]"
        } else {
            text += text.isEmpty ? key.stringValue : "." + key.stringValue
        }
    }
    return text
}
