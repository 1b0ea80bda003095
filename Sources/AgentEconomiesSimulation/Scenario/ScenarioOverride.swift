import Yams

/// One change to a scenario file, by the dotted key path of the schema
/// (`missions.reward_distribution`, `population.types[1].share`) and a YAML value (`equal`,
/// `0.25`, `true`, `{name: honest, share: 1}`). `simulate sweep --vary` and the Python driver's
/// keyword overrides are lists of these.
public struct ScenarioOverride: Equatable, Sendable, CustomStringConvertible {
    /// The dotted key path.
    public let key: String
    /// The value as YAML text.
    public let value: String

    /// An override of `key` with the YAML text `value`.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    /// `key=value`.
    ///
    /// - Throws: ``ScenarioError`` when the text holds no `=` or its key is empty (keyed
    ///   `(override)` when the text is empty).
    /// - Complexity: O(length of `text`).
    public init(parsing text: String) throws {
        guard let equals = text.firstIndex(of: "=") else {
            // The text is the key the user meant; an empty text still names the field.
            let named = text.trimmingWhitespace
            throw ScenarioError(
                key: named.isEmpty ? "(override)" : named,
                problem: "an override is KEY=VALUE (e.g. identity.similarity_threshold=0.7), got '\(text)'")
        }
        key = String(text[..<equals]).trimmingWhitespace
        value = String(text[text.index(after: equals)...]).trimmingWhitespace
        if key.isEmpty { throw ScenarioError(key: "(override)", problem: "empty key in '\(text)'") }
    }

    public var description: String { "\(key)=\(value)" }

    /// The segments of the key path: a name and, for `name[i]`, the list index.
    func segments() throws -> [(name: String, index: Int?)] {
        try key.split(separator: ".", omittingEmptySubsequences: false).map { part in
            if part.isEmpty { throw ScenarioError(key: key, problem: "empty segment in the key path") }
            guard let open = part.firstIndex(of: "[") else { return (String(part), nil) }
            guard part.last == "]", let index = Int(part[part.index(after: open)..<part.index(before: part.endIndex)]),
                index >= 0, open != part.startIndex
            else { throw ScenarioError(key: key, problem: "a segment is NAME or NAME[INDEX], got '\(part)'") }
            return (String(part[..<open]), index)
        }
    }
}

extension Scenario {
    /// The scenario of the YAML `text` with `overrides` applied in order, then decoded and
    /// validated as ``load(yaml:)`` does: an unknown key or a value the schema refuses is a
    /// ``ScenarioError`` naming the overridden key path.
    ///
    /// Sections missing from the text are created; a list index (`types[2]`) must exist in
    /// the text.
    ///
    /// - Complexity: O(size of the text + overrides x key depth).
    public static func load(yaml text: String, overrides: [ScenarioOverride]) throws -> Scenario {
        if overrides.isEmpty { return try load(yaml: text) }
        var root: Node
        do {
            root = try Yams.compose(yaml: text) ?? Node.mapping(Node.Mapping([]))
        } catch {
            throw ScenarioError(key: "(file)", problem: "not a YAML mapping: \(error)")
        }
        for override in overrides {
            let value: Node
            do {
                value = try Yams.compose(yaml: override.value) ?? Node("null", Tag(.null))
            } catch {
                throw ScenarioError(key: override.key, problem: "the value '\(override.value)' is not YAML: \(error)")
            }
            root = try set(value, at: override.segments()[...], in: root, path: "", key: override.key)
        }
        let edited: String
        do { edited = try Yams.serialize(node: root) } catch {
            throw ScenarioError(key: "(file)", problem: "cannot write the overridden scenario: \(error)")
        }
        return try load(yaml: edited)
    }

    /// `node` with `value` placed at `segments` (creating mappings on the way).
    private static func set(
        _ value: Node, at segments: ArraySlice<(name: String, index: Int?)>, in node: Node, path: String, key: String
    ) throws -> Node {
        guard let segment = segments.first else { return value }
        guard case .mapping(var mapping) = node else {
            throw ScenarioError(key: key, problem: "\(path.isEmpty ? "the document" : path) is not a mapping")
        }
        let here = path.isEmpty ? segment.name : path + "." + segment.name
        let rest = segments.dropFirst()
        if let index = segment.index {
            guard case .sequence(let sequence)? = mapping[segment.name] else {
                throw ScenarioError(
                    key: key, problem: "\(here) is not a list in the scenario file (an override indexes only a list it spells out)")
            }
            var items = Array(sequence)
            guard index < items.count else {
                throw ScenarioError(key: key, problem: "\(here) has \(items.count) entries, no index \(index)")
            }
            items[index] = try set(value, at: rest, in: items[index], path: "\(here)[\(index)]", key: key)
            mapping[segment.name] = .sequence(Node.Sequence(items))
        } else {
            let child = mapping[segment.name] ?? (rest.isEmpty ? value : .mapping(Node.Mapping([])))
            mapping[segment.name] = try set(value, at: rest, in: child, path: here, key: key)
        }
        return .mapping(mapping)
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingWhitespace: String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return String(text)
    }
}
