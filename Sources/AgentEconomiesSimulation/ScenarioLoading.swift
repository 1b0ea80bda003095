import Foundation
import Yams

extension Scenario {
    /// A scenario from YAML text: every key optional (defaults for the rest), unknown keys and
    /// bad values rejected with a ``ScenarioError`` naming the key.
    public static func load(yaml text: String) throws -> Scenario {
        let scenario: Scenario
        do {
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
    public static func load(path: String) throws -> Scenario {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError(key: "(file)", problem: "cannot read \(path)")
        }
        return try load(yaml: text)
    }

    /// A key path, or `(document)` for the document itself.
    private static func rootOr(_ path: String) -> String { path.isEmpty ? "(document)" : path }

    /// The scenario with every default spelled out, as YAML.
    public func resolvedYAML() throws -> String {
        try YAMLEncoder().encode(self)
    }
}
