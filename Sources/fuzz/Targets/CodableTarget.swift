import AgentEconomies
import AgentEconomiesKernels
import AgentEconomiesSimulation
import Foundation

/// Decoding of every Codable configuration and event from arbitrary JSON: either a
/// `DecodingError` (or the type's validation error), or a value whose encoding is stable
/// and decodes back to an equal value.
enum CodableTarget {
    /// Decodes `bytes` as `T`; when that works, the value must encode, its encoding must decode,
    /// and encoding again must give the same bytes (timestamps are written to the
    /// microsecond, so a value with a finer `Date` is equal only after one round).
    static func roundTrip<T: Codable & Equatable>(_ type: T.Type, _ bytes: [UInt8]) {
        let decoder = JSONDecoder(), encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let value = try? decoder.decode(T.self, from: Data(bytes)) else { return }
        guard let encoded = try? encoder.encode(value) else {
            require(false, "\(T.self) decoded but does not encode")
            return
        }
        guard let again = try? decoder.decode(T.self, from: encoded), let reencoded = try? encoder.encode(again) else {
            require(false, "\(T.self) does not decode its own encoding: \(String(decoding: encoded, as: UTF8.self))")
            return
        }
        require(reencoded == encoded, "\(T.self) encoding is not stable: \(String(decoding: encoded, as: UTF8.self))")
        guard let third = try? decoder.decode(T.self, from: reencoded) else { return }
        require(third == again, "\(T.self) round trip changed the value")
    }

    static let decoders: [@Sendable ([UInt8]) -> Void] = [
        { roundTrip(GovernanceConfig.self, $0) }, { roundTrip(IdentityConfig.self, $0) },
        { roundTrip(SoftInteraction.self, $0) }, { roundTrip(HFNConfig.self, $0) }, { roundTrip(HFNTrade.self, $0) },
        { roundTrip(HFNOrderBookDepth.self, $0) }, { roundTrip(FlashCrashEvent.self, $0) },
        { roundTrip(HFNTick.self, $0) }, { roundTrip(HFNOrder.self, $0) }, { roundTrip(PermeabilityConfig.self, $0) },
        { roundTrip(SpilloverEvent.self, $0) }, { roundTrip(PermeabilityState.self, $0) },
        { roundTrip(MissionObjective.self, $0) }, { roundTrip(AgentIdentity.self, $0) },
        { roundTrip(VerifiableCredential.self, $0) }, { roundTrip(JSONValue.self, $0) },
        { roundTrip(FlashCrashMonitor.Parameters.self, $0) }, { roundTrip(FlashCrashMonitor.Crash.self, $0) },
        { roundTrip(MissionMetric.self, $0) }, { roundTrip(EpochRecord.self, $0) }, { roundTrip(OpenMission.self, $0) },
        { roundTrip(InteractionType.self, $0) }, { roundTrip(SpilloverDirection.self, $0) },
        { roundTrip(MissionStatus.self, $0) }, { roundTrip(HFNOrderType.self, $0) },
        { roundTrip(SimilarityMetric.self, $0) }, { roundTrip(ClusteringRule.self, $0) },
    ]

    static let target = FuzzTarget(
        name: "codable",
        summary: "every Codable config and event: decode errors or exact round trips"
    ) { bytes in
        guard let first = bytes.first else { return }
        decoders[Int(first) % decoders.count](Array(bytes.dropFirst()))
    }
}
