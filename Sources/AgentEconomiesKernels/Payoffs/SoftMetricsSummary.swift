/// The reference's interaction metrics (SWARM 1.9.0 `SoftMetrics`) of one set of
/// interactions, each named after the reference's method (see <doc:SoftPayoffs>). Means of
/// an empty selection are 0, as in the reference.
public struct SoftMetricsSummary: Sendable, Equatable {
    /// `toxicity_rate`: E[1 - p | accepted].
    public var toxicityRate = 0.0
    /// `toxicity_rate_all`: E[1 - p].
    public var toxicityRateAll = 0.0
    /// `conditional_loss_initiator`: E[pi_a | accepted] - E[pi_a] (negative: adverse selection).
    public var conditionalLossInitiator = 0.0
    /// `conditional_loss_counterparty`: E[pi_b | accepted] - E[pi_b].
    public var conditionalLossCounterparty = 0.0
    /// `spread`: (s+ + s-) (E[p] - E[p | accepted]).
    public var spread = 0.0
    /// `quality_gap`: E[p | accepted] - E[p | rejected] (0 unless both are non-empty).
    public var qualityGap = 0.0
    /// `participation_by_quality`: P(accepted | p >= threshold).
    public var highQualityAcceptance = 0.0
    /// `participation_by_quality`: P(accepted | p < threshold).
    public var lowQualityAcceptance = 0.0
    /// `participation_by_quality`: interactions with p >= threshold.
    public var highQualityCount = 0
    /// `participation_by_quality`: interactions with p < threshold.
    public var lowQualityCount = 0
    /// `uncertain_fraction`: share with 0.5 - band < p < 0.5 + band.
    public var uncertainFraction = 0.0
    /// `average_quality`: E[p].
    public var averageQuality = 0.0
    /// `average_quality(accepted_only=True)`: E[p | accepted].
    public var averageQualityAccepted = 0.0
    /// `quality_variance`: Var[p] (population variance; 0 below two interactions).
    public var qualityVariance = 0.0
    /// `quality_variance(accepted_only=True)`.
    public var qualityVarianceAccepted = 0.0
    /// `quality_std`: the square root of `quality_variance`.
    public var qualityStd = 0.0
    /// `quality_std(accepted_only=True)`.
    public var qualityStdAccepted = 0.0
    /// `payoff_variance_initiator`: Var[pi_a].
    public var payoffVarianceInitiator = 0.0
    /// `payoff_variance_counterparty`: Var[pi_b].
    public var payoffVarianceCounterparty = 0.0
    /// `coefficient_of_variation`: `cv_p`.
    public var cvP = 0.0
    /// `coefficient_of_variation`: `cv_payoff_initiator`.
    public var cvPayoffInitiator = 0.0
    /// `coefficient_of_variation`: `cv_payoff_counterparty`.
    public var cvPayoffCounterparty = 0.0
    /// `welfare_metrics`: sum of pi_a + pi_b over the accepted interactions.
    public var totalWelfare = 0.0
    /// `welfare_metrics`: sum of S - E over the accepted interactions.
    public var totalSocialSurplus = 0.0
    /// `welfare_metrics`: `net_social_welfare` (the same sum as `totalSocialSurplus`).
    public var netSocialWelfare = 0.0
    /// `welfare_metrics`: E[pi_a | accepted].
    public var avgInitiatorPayoff = 0.0
    /// `welfare_metrics`: E[pi_b | accepted].
    public var avgCounterpartyPayoff = 0.0
    /// `quality_distribution`: interactions per bin `[b/bins, (b+1)/bins)` (p = 1 in the last),
    /// with the reference's floating-point bin edges; empty when there are no interactions.
    public var qualityDistribution: [Int] = []
    /// The calibration metrics, when ground truth was given for at least one interaction.
    public var calibration: Calibration?

    /// The metrics of no interactions (every value 0, no distribution, no calibration).
    public init() {}

    /// The metrics that compare p with the ground truth (+1 beneficial, -1 harmful).
    public struct Calibration: Sendable, Equatable {
        /// `calibration_error`: E[p] - the share with ground truth +1.
        public var calibrationError = 0.0
        /// `brier_score`: E[(p - v)^2] with v = (truth + 1) / 2.
        public var brierScore = 0.0
        /// `expected_calibration_error` (nil when no p falls in a bin).
        public var expectedCalibrationError: Double?
        /// `calibration_curve`: per bin, the mean p (the bin's middle when empty).
        public var curveMeanPredicted: [Double] = []
        /// `calibration_curve`: per bin, the share with ground truth +1 (0 when empty).
        public var curveFractionPositive: [Double] = []
        /// `calibration_curve`: per bin, the interactions in it.
        public var curveCount: [Int] = []
        /// `log_loss`: -E[v log p + (1 - v) log(1 - p)], p clamped to [eps, 1 - eps].
        public var logLoss = 0.0
        /// `discrimination_auc`: P(p of a +1 > p of a -1), ties counting one half (nil without
        /// both kinds).
        public var discriminationAUC: Double?
    }
}

/// The options of the metrics that take one (the reference's defaults).
public struct SoftMetricsOptions: Sendable, Equatable {
    /// `participation_by_quality`'s threshold (default 0.5).
    public var qualityThreshold: Double
    /// `uncertain_fraction`'s band (default 0.2).
    public var uncertaintyBand: Double
    /// Bins of `quality_distribution` and the calibration curve (default 10, at least 1).
    public var bins: Int
    /// `log_loss`'s clamp (default 1e-15, in (0, 0.5)).
    public var logLossEpsilon: Double

    /// Options (the reference's defaults unless given).
    public init(qualityThreshold: Double = 0.5, uncertaintyBand: Double = 0.2, bins: Int = 10, logLossEpsilon: Double = 1e-15) {
        self.qualityThreshold = qualityThreshold
        self.uncertaintyBand = uncertaintyBand
        self.bins = bins
        self.logLossEpsilon = logLossEpsilon
    }

    /// Throws ``AgentEconomiesError`` naming the first option out of range.
    public func validate() throws {
        try Validate.finite(qualityThreshold, "quality_threshold")
        try Validate.nonNegative(uncertaintyBand, "uncertainty_band")
        if bins < 1 || bins > 1 << 24 {
            throw AgentEconomiesError.outOfRange(field: "bins", value: "\(bins)", requirement: "in 1...16777216")
        }
        if !(logLossEpsilon > 0 && logLossEpsilon < 0.5) {
            throw AgentEconomiesError.outOfRange(
                field: "log_loss_epsilon", value: "\(logLossEpsilon)", requirement: "in (0, 0.5)")
        }
    }
}
