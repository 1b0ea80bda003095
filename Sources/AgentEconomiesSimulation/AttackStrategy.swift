/// The attack strategies an adaptive adversary chooses among: a columnar version of SWARM
/// 1.9.0's adaptive adversary (`swarm/agents/adaptive_adversary.py`), each a plan for the
/// epoch's interactions (see <doc:WalletsAndLearning>).
public enum AttackStrategy: Int, CaseIterable, Sendable {
    /// Behave like an honest agent until holding two credentials, then exploit (the type's
    /// own quality) while they last.
    case reputationFarming
    /// Initiate 30% of the usual interactions, at the type's quality.
    case lowProfile
    /// Aim just above the credential threshold (threshold + 0.03): keep credentials, do harm.
    case thresholdDancing
    /// Attack (the type's quality) every other epoch, stay dormant in between.
    case intermittent
    /// Look honest (honest mean quality) but make 20% of the interactions harmful (p = 0.05).
    case mimicry

    /// The name in outputs.
    public var name: String {
        ["reputation_farming", "low_profile", "threshold_dancing", "intermittent", "mimicry"][rawValue]
    }
}
