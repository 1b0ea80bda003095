import AgentEconomiesSimulation

/// The scenario loader on arbitrary text: a `ScenarioError` naming a key, or a valid
/// scenario whose resolved YAML loads back to the same scenario.
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
    }
}
