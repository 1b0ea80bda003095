/// A fuzz target: a name, what it exercises, and a run over one input that checks
/// invariants (``require(_:_:file:line:)``) rather than survival only.
struct FuzzTarget: Sendable {
    let name: String
    let summary: String
    let run: @Sendable ([UInt8]) -> Void

    /// Every target, by name (`scripts/fuzz.sh --list`).
    static let all: [FuzzTarget] = [
        AuctionDictionaryTarget.target, AuctionMarketTarget.target, SybilTarget.target, MissionTarget.target,
        HFNTarget.target, PermeabilityTarget.target, CodableTarget.target, ScenarioTarget.target, CABITarget.target,
    ]

    static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }
}
