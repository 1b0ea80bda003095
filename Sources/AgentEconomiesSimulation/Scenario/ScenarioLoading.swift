import Foundation
import Yams

extension Scenario {
    /// A scenario from YAML text: every key optional (defaults for the rest), unknown keys and
    /// bad values rejected with a ``ScenarioError`` naming the key.
    ///
    /// - Complexity: O(size of the text).
    public static func load(yaml text: String) throws -> Scenario {
        let scenario: Scenario
        do {
            try refuseLongSexagesimals(text)
            scenario = try YAMLDecoder().decode(Scenario.self, from: text.isEmpty ? "{}" : text)
        } catch let error as ScenarioError {
            throw error
        } catch let DecodingError.typeMismatch(type, context) {
            throw ScenarioError(key: rootOr(scenarioPath(context.codingPath)), problem: "must be a \(type)")
        } catch let DecodingError.dataCorrupted(context) {
            // Yams wraps errors thrown while decoding (an unknown key) in this case.
            if let inner = context.underlyingError as? ScenarioError { throw inner }
            throw ScenarioError(key: rootOr(scenarioPath(context.codingPath)), problem: context.debugDescription)
        } catch let DecodingError.valueNotFound(type, context) {
            throw ScenarioError(key: rootOr(scenarioPath(context.codingPath)), problem: "must be a \(type), got null")
        } catch {
            throw ScenarioError(key: "(file)", problem: "not a YAML mapping: \(error)")
        }
        try scenario.validate()
        return scenario
    }

    /// A scenario from a YAML file.
    ///
    /// - Complexity: O(size of the file).
    public static func load(path: String) throws -> Scenario {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError(key: "(file)", problem: "cannot read \(path)")
        }
        return try load(yaml: text)
    }

    /// Yams converts a plain scalar with `:` read as an integer as YAML 1.1 base 60 (`1:2:3`),
    /// multiplying without overflow checks, so `1:2:3:...:14` trapped the process (found by the
    /// scenario fuzz target). Scalars whose base-60 value (the parts that parse as integers,
    /// as Yams takes them) overflows are refused before decoding.
    private static func refuseLongSexagesimals(_ text: String) throws {
        guard let node = try? Yams.compose(yaml: text) else { return }  // the decoder reports it
        func walk(_ node: Node, _ path: String) throws {
            switch node {
            case .scalar(let scalar):
                if scalar.style == .plain && scalar.string.contains(":") && overflowsAsBase60(scalar.string) {
                    throw ScenarioError(key: rootOr(path), problem: "a base-60 number too large for an integer")
                }
            case .mapping(let mapping):
                for (key, value) in mapping {
                    let name = key.string ?? "?"
                    try walk(value, path.isEmpty ? name : path + "." + name)
                }
            case .sequence(let sequence):
                for (index, value) in sequence.enumerated() { try walk(value, path + "[\(index)]") }
            }
        }
        try walk(node, "")
    }

    /// Whether Yams's base-60 reading of `text` overflows `Int`.
    private static func overflowsAsBase60(_ text: String) -> Bool {
        var body = Substring(text)
        if body.hasPrefix("-") || body.hasPrefix("+") { body = body.dropFirst() }
        let digits = body.split(separator: ":", omittingEmptySubsequences: false).compactMap { part in
            Int(part) ?? Int(part.replacingOccurrences(of: "_", with: ""))
        }
        var base = 1, value = 0
        for digit in digits.reversed() {
            let (term, termOverflow) = digit.multipliedReportingOverflow(by: base)
            let (sum, sumOverflow) = value.addingReportingOverflow(term)
            let (next, baseOverflow) = base.multipliedReportingOverflow(by: 60)
            if termOverflow || sumOverflow || baseOverflow { return true }
            (value, base) = (sum, next)
        }
        return false
    }

    /// A key path, or `(document)` for the document itself.
    private static func rootOr(_ path: String) -> String { path.isEmpty ? "(document)" : path }

    /// The scenario with every default spelled out, as YAML.
    public func resolvedYAML() throws -> String {
        try YAMLEncoder().encode(self)
    }
}
