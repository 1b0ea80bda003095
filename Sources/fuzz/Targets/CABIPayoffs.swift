import AgentEconomiesCHeader

extension CABISession {
    /// `ae_soft_payoffs` and `ae_soft_metrics_compute` on fuzzed columns, terms (0, 1, n or a
    /// wrong count), options (out of range, a wrong `struct_size`) and ground truths: a refusal
    /// is a documented status; an answer repeats the reference's formula bit for bit and its
    /// metrics stay in their ranges.
    func payoffs(_ input: inout FuzzInput) {
        let n = input.int(0...10)
        let special = input.byte() < 40
        let p = (0..<n).map { _ in special && input.byte() < 20 ? input.double() : input.unit() }
        var options = ae_payoff_options()
        ae_payoff_options_default(&options)
        if input.byte() < 20 { options.theta = input.double() }
        if input.byte() < 20 { options.rho_a = input.unit() * 1.2 }
        if input.byte() < 20 { options.w_rep = input.double() }
        if input.byte() < 8 { options.struct_size = input.int(0...100) }
        var terms = ae_payoff_terms()
        ae_payoff_terms_default(&terms)
        var tauValues: [Double] = []
        if input.bool() {
            // The declared count is what the buffer holds (a C caller cannot be checked beyond
            // it): 1, n, or another count the library must refuse; now and then negative.
            let count = input.byte() < 30 ? input.int(0...(n + 2)) : (input.bool() ? 1 : n)
            tauValues = doubles(count, &input, special: special)
            terms.tau = UnsafePointer(count == 0 && input.bool() ? nil : arena.array(tauValues))
            terms.tau_count = Int64(input.byte() < 6 ? input.int(-2...(-1)) : count)
        }
        let initiator = arena.output(n, -7.0), counterparty = arena.output(n, -7.0)
        let pointer = n == 0 && input.bool() ? nil : arena.array(p)
        let status = call("ae_soft_payoffs") { error, size in
            ae_soft_payoffs(Int64(n), pointer, &terms, &options, initiator, counterparty, error, size)
        }
        if status == AE_OK {
            for k in 0..<n {
                let tau = tauValues.isEmpty ? 0 : tauValues.count == 1 ? tauValues[0] : tauValues[k]
                let surplus = p[k] * options.s_plus - (1 - p[k]) * options.s_minus, harm = (1 - p[k]) * options.h
                let a = options.theta * surplus - tau - 0 - options.rho_a * harm + options.w_rep * 0
                require(initiator[k].bitPattern == a.bitPattern, "ae_soft_payoffs initiator[\(k)] \(initiator[k]) != \(a)")
                require(counterparty[k].isFinite, "ae_soft_payoffs counterparty[\(k)] not finite")
            }
        }
        let accepted = (0..<n).map { _ in UInt8(input.byte() < 12 ? input.int(0...3) : input.int(0...1)) }
        let truth: [Int8]? = input.bool() ? (0..<n).map { _ in Int8(input.byte() < 12 ? input.int(-3...3) : input.int(-1...1)) } : nil
        var metricsOptions = ae_soft_metrics_options()
        ae_soft_metrics_options_default(&metricsOptions)
        if input.byte() < 30 { metricsOptions.bins = Int32(input.int(-1...12)) }
        if input.byte() < 10 { metricsOptions.uncertainty_band = input.double() }
        let bins = max(Int(metricsOptions.bins), 0)
        let distribution: UnsafeMutablePointer<Int64>? = input.bool() ? arena.output(bins, Int64(-7)) : nil
        let meanPredicted = arena.output(bins, -7.0), fraction = arena.output(bins, -7.0)
        let curveCount: UnsafeMutablePointer<Int64>? = input.bool() ? arena.output(bins, Int64(-7)) : nil
        var metrics = ae_soft_metrics()
        let truthPointer = truth.map { arena.array($0) }
        let metricsStatus = call("ae_soft_metrics_compute") { error, size in
            ae_soft_metrics_compute(
                Int64(n), pointer, arena.array(accepted), &terms, &options, truthPointer, &metricsOptions, &metrics,
                distribution, meanPredicted, fraction, curveCount, error, size)
        }
        guard metricsStatus == AE_OK else { return }
        require(metrics.toxicity_rate >= 0 && metrics.toxicity_rate <= 1, "toxicity \(metrics.toxicity_rate)")
        require(metrics.high_quality_count + metrics.low_quality_count == Int64(n), "quality counts")
        if let distribution, n > 0 {
            let total = (0..<bins).reduce(Int64(0)) { $0 + distribution[$1] }
            require(total <= Int64(n) && total >= 0, "distribution sums to \(total) of \(n)")
        }
        if metrics.has_discrimination_auc == 1 {
            require(metrics.discrimination_auc >= 0 && metrics.discrimination_auc <= 1, "auc \(metrics.discrimination_auc)")
        }
    }
}
