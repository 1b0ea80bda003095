import AgentEconomiesSimulation

/// The scenario loader on arbitrary text: a `ScenarioError` naming a key, or a valid
/// scenario whose resolved YAML loads back to the same scenario. Lines `#set KEY=VALUE` (YAML
/// comments) are also applied as overrides (`simulate sweep --set`): a `ScenarioError`, or a
/// scenario that the same overrides leave unchanged when applied again to its resolved YAML.
enum ScenarioTarget {
    static let target = FuzzTarget(
        name: "scenario",
        summary: "YAML scenarios: ScenarioError or an exact resolved round trip"
    ) { bytes in
        let text = String(decoding: bytes, as: UTF8.self)
        let scenario: Scenario
        do { scenario = try Scenario.load(yaml: text) } catch let error as ScenarioError {
            require(!error.key.isEmpty, "a ScenarioError without a key: \(error)")
            return
        } catch {
            require(false, "unexpected error type \(type(of: error)): \(error)")
            return
        }
        do {
            let again = try Scenario.load(yaml: try scenario.resolvedYAML())
            require(again == scenario, "resolved YAML loads to another scenario")
        } catch {
            require(false, "the resolved YAML of a valid scenario fails: \(error)")
        }
        overrides(text)
    }

    /// The `#set` lines of `text` as overrides, checked as the target's summary says.
    static func overrides(_ text: String) {
        let lines = text.split(separator: "\n").filter { $0.hasPrefix("#set ") }
        if lines.isEmpty { return }
        let overridden: Scenario
        let list: [ScenarioOverride]
        do {
            list = try lines.map { try ScenarioOverride(parsing: String($0.dropFirst(5))) }
            overridden = try Scenario.load(yaml: text, overrides: list)
        } catch let error as ScenarioError {
            require(!error.key.isEmpty, "an override's ScenarioError without a key: \(error)")
            return
        } catch {
            require(false, "unexpected error type from overrides \(type(of: error)): \(error)")
            return
        }
        do {
            let again = try Scenario.load(yaml: try overridden.resolvedYAML(), overrides: list)
            require(again == overridden, "overrides applied twice give another scenario")
        } catch {
            require(false, "the overrides fail on their own scenario's resolved YAML: \(error)")
        }
    }
}
