import Foundation

/// The reference's interaction metrics over columns (see ``SoftMetricsSummary``). Sums are
/// compensated, so every metric agrees with SWARM 1.9.0's `SoftMetrics` to about 1e-15
/// relative (absolute where a difference of means cancels).
public enum SoftMetricsKernels {
    /// Every metric of the interactions (p, accepted), their payoffs under `terms` and
    /// `parameters`, and, when `groundTruth` is given (+1, -1, or 0 for unknown; one per
    /// interaction), the calibration metrics over those with a known truth.
    ///
    /// - Throws: ``AgentEconomiesError`` naming the field: columns of different lengths, a p
    ///   outside [0, 1], a ground truth other than -1, 0 or +1, a parameter, term or option
    ///   out of range.
    /// - Complexity: O(n) plus O(k log k) for the AUC over the k interactions with a truth.
    public static func summary(
        p: [Double], accepted: [Bool], terms: SoftPayoffTerms = SoftPayoffTerms(),
        parameters: SoftPayoffParameters = .init(), groundTruth: [Int8]? = nil,
        options: SoftMetricsOptions = .init()
    ) throws -> SoftMetricsSummary {
        try Validate.count(accepted.count, p.count, "accepted")
        try options.validate()
        if let groundTruth {
            try Validate.count(groundTruth.count, p.count, "ground_truth")
            for (index, truth) in groundTruth.enumerated() where truth < -1 || truth > 1 {
                throw AgentEconomiesError.outOfRange(
                    field: "ground_truth[\(index)]", value: "\(truth)", requirement: "-1, 0 (unknown) or +1")
            }
        }
        let payoffs = try SoftPayoffKernels.payoffs(p: p, terms: terms, parameters: parameters)
        return summary(p: p, accepted: accepted, payoffs: payoffs, parameters: parameters, groundTruth: groundTruth, options: options)
    }

    /// The metrics of checked columns whose payoffs are already computed (by
    /// ``SoftPayoffKernels/payoffs(p:terms:parameters:)`` with `parameters`).
    ///
    /// - Complexity: O(n + bins) plus O(k log k) for the AUC over the k interactions with a truth.
    package static func summary(
        p: [Double], accepted: [Bool], payoffs: SoftPayoffKernels.Payoffs, parameters: SoftPayoffParameters,
        groundTruth: [Int8]? = nil, options: SoftMetricsOptions = .init()
    ) -> SoftMetricsSummary {
        var summary = SoftMetricsSummary()
        let n = p.count
        if n == 0 { return summary }
        let a = payoffs.initiator, b = payoffs.counterparty

        var pAll = CompensatedSum(), pAccepted = CompensatedSum(), pRejected = CompensatedSum()
        var harmAll = CompensatedSum(), harmAccepted = CompensatedSum()
        var aAll = CompensatedSum(), aAccepted = CompensatedSum(), bAll = CompensatedSum(), bAccepted = CompensatedSum()
        var welfare = CompensatedSum(), social = CompensatedSum()
        var acceptedCount = 0, high = 0, highAccepted = 0, lowAccepted = 0, uncertain = 0
        let lowBand = 0.5 - options.uncertaintyBand, highBand = 0.5 + options.uncertaintyBand
        for index in 0..<n {
            let quality = p[index]
            pAll.add(quality)
            harmAll.add(1 - quality)
            aAll.add(a[index])
            bAll.add(b[index])
            if lowBand < quality && quality < highBand { uncertain += 1 }
            let isHigh = quality >= options.qualityThreshold
            if isHigh { high += 1 }
            if accepted[index] {
                acceptedCount += 1
                if isHigh { highAccepted += 1 } else { lowAccepted += 1 }
                pAccepted.add(quality)
                harmAccepted.add(1 - quality)
                aAccepted.add(a[index])
                bAccepted.add(b[index])
                welfare.add(a[index] + b[index])
                social.add(parameters.socialSurplus(quality))
            } else {
                pRejected.add(quality)
            }
        }
        let count = Double(n), acceptedN = Double(acceptedCount), rejectedCount = n - acceptedCount
        let meanP = pAll.sum / count
        summary.toxicityRateAll = harmAll.sum / count
        summary.averageQuality = meanP
        summary.uncertainFraction = Double(uncertain) / count
        summary.highQualityCount = high
        summary.lowQualityCount = n - high
        summary.highQualityAcceptance = high > 0 ? Double(highAccepted) / Double(high) : 0
        summary.lowQualityAcceptance = n - high > 0 ? Double(lowAccepted) / Double(n - high) : 0
        if acceptedCount > 0 {
            let meanAccepted = pAccepted.sum / acceptedN
            summary.toxicityRate = harmAccepted.sum / acceptedN
            summary.averageQualityAccepted = meanAccepted
            summary.conditionalLossInitiator = aAccepted.sum / acceptedN - aAll.sum / count
            summary.conditionalLossCounterparty = bAccepted.sum / acceptedN - bAll.sum / count
            summary.spread = (parameters.sPlus + parameters.sMinus) * (meanP - meanAccepted)
            summary.totalWelfare = welfare.sum
            summary.totalSocialSurplus = social.sum
            summary.netSocialWelfare = social.sum
            summary.avgInitiatorPayoff = aAccepted.sum / acceptedN
            summary.avgCounterpartyPayoff = bAccepted.sum / acceptedN
            if rejectedCount > 0 { summary.qualityGap = meanAccepted - pRejected.sum / Double(rejectedCount) }
        }
        summary.qualityVariance = variance(p, mean: meanP, where: nil)
        summary.qualityStd = summary.qualityVariance.squareRoot()
        if acceptedCount > 0 {
            summary.qualityVarianceAccepted = variance(p, mean: pAccepted.sum / acceptedN, where: accepted)
            summary.qualityStdAccepted = summary.qualityVarianceAccepted.squareRoot()
        }
        summary.payoffVarianceInitiator = variance(a, mean: aAll.sum / count, where: nil)
        summary.payoffVarianceCounterparty = variance(b, mean: bAll.sum / count, where: nil)
        summary.cvP = stableCV(summary.qualityStd, meanP)
        summary.cvPayoffInitiator = stableCV(summary.payoffVarianceInitiator.squareRoot(), aAll.sum / count)
        summary.cvPayoffCounterparty = stableCV(summary.payoffVarianceCounterparty.squareRoot(), bAll.sum / count)

        let bins = QualityBins(count: options.bins)
        summary.qualityDistribution = [Int](repeating: 0, count: options.bins)
        for quality in p {
            if let bin = bins.bin(of: quality) { summary.qualityDistribution[bin] += 1 }
        }
        if let groundTruth, groundTruth.contains(where: { $0 != 0 }) {
            summary.calibration = calibration(p, groundTruth, bins: bins, epsilon: options.logLossEpsilon)
        }
        return summary
    }

    /// The reference's population variance (0 below two values) of the selected values.
    static func variance(_ values: [Double], mean: Double, where selected: [Bool]?) -> Double {
        var squares = CompensatedSum(), taken = 0
        for index in values.indices where selected?[index] ?? true {
            let deviation = values[index] - mean
            squares.add(deviation * deviation)
            taken += 1
        }
        return taken < 2 ? 0 : squares.sum / Double(taken)
    }

    /// The reference's coefficient of variation with an epsilon-floored denominator.
    static func stableCV(_ std: Double, _ mean: Double) -> Double {
        if std == 0 { return 0 }
        let denominator = abs(mean)
        return std / max(denominator, 1e-8 * (denominator + std))
    }

    /// Calibration metrics over the interactions with a known truth (at least one).
    static func calibration(
        _ p: [Double], _ truth: [Int8], bins: QualityBins, epsilon: Double
    )
        -> SoftMetricsSummary.Calibration
    {
        var result = SoftMetricsSummary.Calibration()
        var pSum = CompensatedSum(), brier = CompensatedSum(), logLoss = CompensatedSum(), known = 0, positives = 0
        var binP = [CompensatedSum](repeating: CompensatedSum(), count: bins.count)
        var binPositive = [Int](repeating: 0, count: bins.count), binCount = [Int](repeating: 0, count: bins.count)
        var positiveP: [Double] = [], negativeP: [Double] = []
        for index in p.indices where truth[index] != 0 {
            let quality = p[index], positive = truth[index] == 1
            known += 1
            pSum.add(quality)
            let v = positive ? 1.0 : 0.0
            brier.add((quality - v) * (quality - v))
            let clamped = max(epsilon, min(1 - epsilon, quality))
            logLoss.add(-(v * Foundation.log(clamped) + (1 - v) * Foundation.log(1 - clamped)))
            if positive {
                positives += 1
                positiveP.append(quality)
            } else {
                negativeP.append(quality)
            }
            if let bin = bins.bin(of: quality) {
                binP[bin].add(quality)
                binCount[bin] += 1
                if positive { binPositive[bin] += 1 }
            }
        }
        let count = Double(known)
        result.calibrationError = pSum.sum / count - Double(positives) / count
        result.brierScore = brier.sum / count
        result.logLoss = logLoss.sum / count
        var ece = CompensatedSum(), binned = 0
        for bin in 0..<bins.count {
            if binCount[bin] == 0 {
                result.curveMeanPredicted.append(bins.start(bin) + bins.width / 2)
                result.curveFractionPositive.append(0)
            } else {
                result.curveMeanPredicted.append(binP[bin].sum / Double(binCount[bin]))
                result.curveFractionPositive.append(Double(binPositive[bin]) / Double(binCount[bin]))
            }
            result.curveCount.append(binCount[bin])
            binned += binCount[bin]
        }
        if binned > 0 {
            for bin in 0..<bins.count where binCount[bin] > 0 {
                let gap = abs(result.curveMeanPredicted[bin] - result.curveFractionPositive[bin])
                ece.add(Double(binCount[bin]) / Double(binned) * gap)
            }
            result.expectedCalibrationError = ece.sum
        }
        if !positiveP.isEmpty && !negativeP.isEmpty {
            // Wilcoxon-Mann-Whitney by sorting both sides and one merge walk: each positive
            // counts the negatives below it and half of those equal to it (exact: the counts
            // are integers and halves, summed as integers).
            negativeP.sort()
            positiveP.sort()
            var below = 0, through = 0, twiceConcordant = 0
            for quality in positiveP {
                while below < negativeP.count && negativeP[below] < quality { below += 1 }
                if through < below { through = below }
                while through < negativeP.count && negativeP[through] <= quality { through += 1 }
                twiceConcordant += 2 * below + (through - below)
            }
            result.discriminationAUC =
                Double(twiceConcordant) / 2 / (Double(positiveP.count) * Double(negativeP.count))
        }
        return result
    }
}

/// The reference's quality bins: bin b is `[b w, (b + 1) w)` with `w = 1 / count` computed in
/// floating point as the reference does, and p = 1 also in the last bin; a p that rounding
/// leaves outside every bin is in none (as in the reference).
struct QualityBins {
    let count: Int
    let width: Double

    init(count: Int) {
        self.count = count
        width = 1.0 / Double(count)
    }

    func start(_ bin: Int) -> Double { Double(bin) * width }

    func bin(of p: Double) -> Int? {
        var bin = min(max(Int(p * Double(count)), 0), count - 1)
        if p < start(bin) && bin > 0 { bin -= 1 }
        if p >= start(bin + 1) && bin < count - 1 { bin += 1 }
        if start(bin) <= p && p < start(bin + 1) { return bin }
        return bin == count - 1 && p == 1 ? bin : nil
    }
}
