import AgentEconomiesCHeader
import Testing

/// Soft payoffs and interaction metrics through the C ABI: the reference's defaults, both
/// parties' payoffs against the formula with broadcast and per-interaction terms, the break
/// even points, the metrics (toxicity, distribution, calibration) against hand counts, and
/// refused values naming the field.
@Suite struct PayoffsABITests {
    static let p: [Double] = [0.9, 0.5, 0.2, 0.2]
    static let accepted: [UInt8] = [1, 1, 0, 1]

    @Test("the _default() functions fill the reference's constants")
    func defaults() {
        var options = ae_payoff_options()
        ae_payoff_options_default(&options)
        #expect(options.s_plus == 2 && options.s_minus == 1 && options.h == 2 && options.theta == 0.5)
        #expect(options.rho_a == 0 && options.rho_b == 0 && options.w_rep == 1)
        var terms = ae_payoff_terms()
        ae_payoff_terms_default(&terms)
        #expect(terms.tau == nil && terms.tau_count == 0 && terms.r_b == nil && terms.r_b_count == 0)
        var metrics = ae_soft_metrics_options()
        ae_soft_metrics_options_default(&metrics)
        #expect(metrics.quality_threshold == 0.5 && metrics.uncertainty_band == 0.2 && metrics.bins == 10)
        #expect(metrics.log_loss_epsilon == 1e-15)
    }

    @Test("payoffs match the formula: a broadcast tau, per-interaction reputation, rho_a")
    func payoffs() {
        var options = ae_payoff_options()
        ae_payoff_options_default(&options)
        options.rho_a = 0.5
        var terms = ae_payoff_terms()
        ae_payoff_terms_default(&terms)
        let s = Scratch()
        terms.tau = UnsafePointer(s.array([0.1]))
        terms.tau_count = 1
        let reputation = [0.0, 1, -1, 2]
        terms.r_a = UnsafePointer(s.array(reputation))
        terms.r_a_count = 4
        var initiator = [Double](repeating: -1, count: 4), counterparty = initiator
        #expect(capture { ae_soft_payoffs(4, Self.p, &terms, &options, &initiator, &counterparty, $0, $1) }.status == AE_OK)
        for k in 0..<4 {
            let p = Self.p[k], surplus = p * 2 - (1 - p) * 1, harm = (1 - p) * 2
            #expect(abs(initiator[k] - (0.5 * surplus - 0.1 - 0.5 * harm + reputation[k])) < 1e-12, "\(k)")
            #expect(abs(counterparty[k] - (0.5 * surplus + 0.1)) < 1e-12, "\(k)")
        }
        // NULL terms and options: zeros and the defaults.
        #expect(capture { ae_soft_payoffs(4, Self.p, nil, nil, &initiator, &counterparty, $0, $1) }.status == AE_OK)
        #expect(abs(initiator[0] - 0.5 * (0.9 * 2 - 0.1)) < 1e-12 && initiator[0] == counterparty[0])
    }

    @Test("break even: 1/3 and 0.6 with the defaults, and the expected surplus zero there")
    func breakEven() {
        var first = -1.0, second = -1.0
        #expect(capture { ae_payoff_break_even(nil, &first, &second, $0, $1) }.status == AE_OK)
        #expect(abs(first - 1.0 / 3) < 1e-15 && abs(second - 0.6) < 1e-15)
        var options = ae_payoff_options()
        ae_payoff_options_default(&options)
        options.s_plus = 3
        #expect(capture { ae_payoff_break_even(&options, &first, &second, $0, $1) }.status == AE_OK)
        #expect(abs(first * 3 - (1 - first) * 1) < 1e-12)
    }

    @Test("metrics: toxicity, quality distribution and calibration against hand counts")
    func metrics() {
        var metrics = ae_soft_metrics()
        var distribution = [Int64](repeating: -1, count: 10), count = [Int64](repeating: -1, count: 10)
        let truth: [Int8] = [1, 1, -1, 0]
        let outcome = capture {
            ae_soft_metrics_compute(
                4, Self.p, Self.accepted, nil, nil, truth, nil, &metrics, &distribution, nil, nil, &count, $0, $1)
        }
        #expect(outcome.status == AE_OK)
        #expect(abs(metrics.toxicity_rate - (0.1 + 0.5 + 0.8) / 3) < 1e-15)
        #expect(abs(metrics.average_quality - 0.45) < 1e-15)
        #expect(metrics.high_quality_count + metrics.low_quality_count == 4)
        #expect(metrics.has_calibration == 1 && metrics.has_discrimination_auc == 1 && metrics.discrimination_auc == 1)
        #expect(distribution == [0, 0, 2, 0, 0, 1, 0, 0, 0, 1])
        #expect(count.reduce(0, +) == 3)  // three interactions with a known truth
        var without = ae_soft_metrics()
        #expect(
            capture { ae_soft_metrics_compute(4, Self.p, Self.accepted, nil, nil, nil, nil, &without, nil, nil, nil, nil, $0, $1) }
                .status == AE_OK)
        #expect(without.has_calibration == 0 && without.toxicity_rate == metrics.toxicity_rate)
    }

    @Test("bad values are refused naming the field")
    func refusals() {
        var options = ae_payoff_options()
        ae_payoff_options_default(&options)
        options.theta = 1.5
        var initiator = [Double](repeating: 0, count: 4), counterparty = initiator
        #expect(
            capture { ae_soft_payoffs(4, Self.p, nil, &options, &initiator, &counterparty, $0, $1) }.is(
                AE_ERROR_OUT_OF_RANGE, naming: "theta"))
        let p = [0.9, 0.5, 1.5, 0.2]
        var metrics = ae_soft_metrics()
        #expect(
            capture { ae_soft_metrics_compute(4, p, Self.accepted, nil, nil, nil, nil, &metrics, nil, nil, nil, nil, $0, $1) }.is(
                AE_ERROR_OUT_OF_RANGE, naming: "p[2]"))
        #expect(
            capture { ae_soft_metrics_compute(4, Self.p, [1, 3, 0, 1], nil, nil, nil, nil, &metrics, nil, nil, nil, nil, $0, $1) }.is(
                AE_ERROR_OUT_OF_RANGE, naming: "accepted[1]"))
        var metricsOptions = ae_soft_metrics_options()
        ae_soft_metrics_options_default(&metricsOptions)
        metricsOptions.bins = 0
        let bins = capture {
            ae_soft_metrics_compute(4, Self.p, Self.accepted, nil, nil, nil, &metricsOptions, &metrics, nil, nil, nil, nil, $0, $1)
        }
        #expect(bins.status == AE_ERROR_OUT_OF_RANGE && bins.message.contains("bins"), "\(bins)")
    }
}
