/// How a succeeded mission's reward pool is split.
public enum RewardDistribution: Equatable, Sendable {
    /// The reference's equal split among agents that recorded a contribution.
    case equal
    /// The reference's split by each agent's summed p (count times mean p).
    case proportional
    /// The reference's leave-one-out approximation it calls "shapley" (see <doc:Missions>):
    /// quality improvement plus volume share. Kept under its name; it is not the Shapley value.
    case shapley
    /// Pays by the true Shapley values of the coalition game "mission score over the
    /// interactions recorded by the coalition". Negative values are paid as zero: agent `i`
    /// gets `pool * max(phi_i, 0) / sum_j max(phi_j, 0)`; when no value is positive the pool
    /// is split equally among contributors.
    case shapleyValue(ShapleyMethod)

    /// The reference's name of a reference strategy (`nil` for `shapleyValue`).
    public var referenceName: String? {
        switch self {
        case .equal: return "equal"
        case .proportional: return "proportional"
        case .shapley: return "shapley"
        case .shapleyValue: return nil
        }
    }
}
