import AgentEconomiesCHeader
import AgentEconomiesKernels

/// `ae_payoff_options_default`: the reference's payoff constants.
@c(ae_payoff_options_default)
public func aePayoffOptionsDefault(_ options: UnsafeMutablePointer<ae_payoff_options>?) {
    guard let options else { return }
    let d = SoftPayoffParameters()
    options.pointee = ae_payoff_options(
        struct_size: MemoryLayout<ae_payoff_options>.size, s_plus: d.sPlus, s_minus: d.sMinus, h: d.h, theta: d.theta,
        rho_a: d.rhoA, rho_b: d.rhoB, w_rep: d.wRep)
}

/// `ae_payoff_terms_default`: every term column NULL (all zeros).
@c(ae_payoff_terms_default)
public func aePayoffTermsDefault(_ terms: UnsafeMutablePointer<ae_payoff_terms>?) {
    guard let terms else { return }
    terms.pointee = ae_payoff_terms()
    terms.pointee.struct_size = MemoryLayout<ae_payoff_terms>.size
}

/// `ae_soft_metrics_options_default`: the reference's metric options.
@c(ae_soft_metrics_options_default)
public func aeSoftMetricsOptionsDefault(_ options: UnsafeMutablePointer<ae_soft_metrics_options>?) {
    guard let options else { return }
    let d = SoftMetricsOptions()
    options.pointee = ae_soft_metrics_options(
        struct_size: MemoryLayout<ae_soft_metrics_options>.size, quality_threshold: d.qualityThreshold,
        uncertainty_band: d.uncertaintyBand, bins: Int32(d.bins), log_loss_epsilon: d.logLossEpsilon)
}

/// The payoff constants of a C options pointer (NULL: the defaults), checked.
func payoffParameters(_ options: UnsafePointer<ae_payoff_options>?) throws -> SoftPayoffParameters {
    guard let options else { return SoftPayoffParameters() }
    let o = options.pointee
    try checkStructSize(o.struct_size, MemoryLayout<ae_payoff_options>.size, "options")
    let parameters = SoftPayoffParameters(
        sPlus: o.s_plus, sMinus: o.s_minus, h: o.h, theta: o.theta, rhoA: o.rho_a, rhoB: o.rho_b, wRep: o.w_rep)
    try parameters.validate()
    return parameters
}

/// The payoff term columns of a C terms pointer (NULL: all zeros), for `n` interactions.
func payoffTerms(_ terms: UnsafePointer<ae_payoff_terms>?, _ n: Int) throws -> SoftPayoffTerms {
    guard let terms else { return SoftPayoffTerms() }
    let t = terms.pointee
    try checkStructSize(t.struct_size, MemoryLayout<ae_payoff_terms>.size, "terms")
    func column(_ pointer: UnsafePointer<Double>?, _ count: Int64, _ name: String) throws -> [Double] {
        if pointer == nil && count == 0 { return [] }
        let size = try Buffer.count(count, "terms.\(name)_count")
        if size != 1 && size != n {
            throw CallError.size("terms.\(name)_count", count, "1 or n (\(n))")
        }
        return try Buffer.read(pointer, size, "terms.\(name)")
    }
    return SoftPayoffTerms(
        tau: try column(t.tau, t.tau_count, "tau"), cA: try column(t.c_a, t.c_a_count, "c_a"),
        cB: try column(t.c_b, t.c_b_count, "c_b"), rA: try column(t.r_a, t.r_a_count, "r_a"),
        rB: try column(t.r_b, t.r_b_count, "r_b"))
}

/// `ae_soft_payoffs`.
@c(ae_soft_payoffs)
public func aeSoftPayoffs(
    _ n: Int64, _ p: UnsafePointer<Double>?, _ terms: UnsafePointer<ae_payoff_terms>?,
    _ options: UnsafePointer<ae_payoff_options>?, _ initiator: UnsafeMutablePointer<Double>?,
    _ counterparty: UnsafeMutablePointer<Double>?, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let count = try Buffer.count(n, "n")
        let quality = try Buffer.read(p, count, "p")
        let parameters = try payoffParameters(options)
        let columns = try payoffTerms(terms, count)
        let initiatorOut = try Buffer.output(initiator, count, "initiator")
        let counterpartyOut = try Buffer.output(counterparty, count, "counterparty")
        let payoffs = try SoftPayoffKernels.payoffs(p: quality, terms: columns, parameters: parameters)
        for index in 0..<count {
            initiatorOut[index] = payoffs.initiator[index]
            counterpartyOut[index] = payoffs.counterparty[index]
        }
    }
}

/// `ae_payoff_break_even`.
@c(ae_payoff_break_even)
public func aePayoffBreakEven(
    _ options: UnsafePointer<ae_payoff_options>?, _ breakEven: UnsafeMutablePointer<Double>?,
    _ socialBreakEven: UnsafeMutablePointer<Double>?, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let parameters = try payoffParameters(options)
        let first = try Buffer.required(breakEven, "break_even_p")
        let second = try Buffer.required(socialBreakEven, "social_break_even_p")
        first.pointee = parameters.breakEvenP
        second.pointee = parameters.socialBreakEvenP
    }
}

/// `ae_soft_metrics_compute`.
@c(ae_soft_metrics_compute)
public func aeSoftMetricsCompute(
    _ n: Int64, _ p: UnsafePointer<Double>?, _ accepted: UnsafePointer<UInt8>?,
    _ terms: UnsafePointer<ae_payoff_terms>?, _ options: UnsafePointer<ae_payoff_options>?,
    _ groundTruth: UnsafePointer<Int8>?, _ metricsOptions: UnsafePointer<ae_soft_metrics_options>?,
    _ metrics: UnsafeMutablePointer<ae_soft_metrics>?, _ distribution: UnsafeMutablePointer<Int64>?,
    _ curveMeanPredicted: UnsafeMutablePointer<Double>?, _ curveFractionPositive: UnsafeMutablePointer<Double>?,
    _ curveCount: UnsafeMutablePointer<Int64>?, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let (quality, flags) = try interactionColumns(n, p, accepted)
        let count = quality.count
        let truth = groundTruth.map { Array(UnsafeBufferPointer(start: $0, count: count)) }
        let parameters = try payoffParameters(options)
        let columns = try payoffTerms(terms, count)
        var chosen = SoftMetricsOptions()
        if let metricsOptions {
            let o = metricsOptions.pointee
            try checkStructSize(o.struct_size, MemoryLayout<ae_soft_metrics_options>.size, "metrics_options")
            chosen = SoftMetricsOptions(
                qualityThreshold: o.quality_threshold, uncertaintyBand: o.uncertainty_band, bins: Int(o.bins),
                logLossEpsilon: o.log_loss_epsilon)
        }
        let out = try Buffer.required(metrics, "metrics")
        let s = try SoftMetricsKernels.summary(
            p: quality, accepted: flags, terms: columns, parameters: parameters, groundTruth: truth,
            options: chosen)
        let c = s.calibration
        out.pointee = ae_soft_metrics(
            toxicity_rate: s.toxicityRate, toxicity_rate_all: s.toxicityRateAll,
            conditional_loss_initiator: s.conditionalLossInitiator,
            conditional_loss_counterparty: s.conditionalLossCounterparty, spread: s.spread, quality_gap: s.qualityGap,
            high_quality_acceptance: s.highQualityAcceptance, low_quality_acceptance: s.lowQualityAcceptance,
            high_quality_count: Int64(s.highQualityCount), low_quality_count: Int64(s.lowQualityCount),
            uncertain_fraction: s.uncertainFraction, average_quality: s.averageQuality,
            average_quality_accepted: s.averageQualityAccepted, quality_variance: s.qualityVariance,
            quality_variance_accepted: s.qualityVarianceAccepted, quality_std: s.qualityStd,
            quality_std_accepted: s.qualityStdAccepted, payoff_variance_initiator: s.payoffVarianceInitiator,
            payoff_variance_counterparty: s.payoffVarianceCounterparty, cv_p: s.cvP,
            cv_payoff_initiator: s.cvPayoffInitiator, cv_payoff_counterparty: s.cvPayoffCounterparty,
            total_welfare: s.totalWelfare, total_social_surplus: s.totalSocialSurplus,
            net_social_welfare: s.netSocialWelfare, avg_initiator_payoff: s.avgInitiatorPayoff,
            avg_counterparty_payoff: s.avgCounterpartyPayoff, has_calibration: c == nil ? 0 : 1,
            calibration_error: c?.calibrationError ?? 0, brier_score: c?.brierScore ?? 0,
            has_expected_calibration_error: c?.expectedCalibrationError == nil ? 0 : 1,
            expected_calibration_error: c?.expectedCalibrationError ?? 0, log_loss: c?.logLoss ?? 0,
            has_discrimination_auc: c?.discriminationAUC == nil ? 0 : 1,
            discrimination_auc: c?.discriminationAUC ?? 0)
        let bins = chosen.bins
        if let distribution {
            for bin in 0..<bins { distribution[bin] = Int64(s.qualityDistribution.isEmpty ? 0 : s.qualityDistribution[bin]) }
        }
        if let c {
            for bin in 0..<bins {
                curveMeanPredicted?[bin] = c.curveMeanPredicted[bin]
                curveFractionPositive?[bin] = c.curveFractionPositive[bin]
                curveCount?[bin] = Int64(c.curveCount[bin])
            }
        }
    }
}
