extension SoftMetricsKernels {
    /// The three soft metrics a simulation epoch records, in one pass over the workers.
    package struct EpochMetrics: Sendable, Equatable {
        /// Mean `1 - p` over the accepted interactions (0 when none is).
        package var toxicityRate = 0.0
        /// Mean `p` accepted minus mean `p` rejected (0 when either side is empty).
        package var qualityGap = 0.0
        /// Sum of both parties' payoffs over the accepted interactions.
        package var totalWelfare = 0.0
    }

    /// Interactions per chunk of ``epochMetrics(p:accepted:payoffs:threads:)``.
    static let epochChunk = 1 << 16

    /// ``SoftMetricsSummary/toxicityRate``, ``SoftMetricsSummary/qualityGap`` and
    /// ``SoftMetricsSummary/totalWelfare`` of checked columns, without the rest of the summary:
    /// fixed chunks of compensated sums over the workers, combined in chunk order, so the values
    /// do not depend on the thread count (and agree with ``summary(p:accepted:payoffs:parameters:groundTruth:options:)``
    /// to the rounding of a compensated sum).
    ///
    /// - Complexity: O(n) over the workers.
    package static func epochMetrics(
        p: [Double], accepted: [Bool], payoffs: SoftPayoffKernels.Payoffs, threads: Int?
    ) -> EpochMetrics {
        struct Part {
            var pAccepted = CompensatedSum(), pRejected = CompensatedSum(), harm = CompensatedSum()
            var welfare = CompensatedSum(), accepted = 0
        }
        let n = p.count, chunk = epochChunk
        let parts = Parallel.map(chunks: Parallel.chunkCount(n, chunkSize: chunk), threads: threads) { index, _ in
            var part = Part()
            for position in Parallel.range(ofChunk: index, chunkSize: chunk, count: n) {
                let quality = p[position]
                if accepted[position] {
                    part.accepted += 1
                    part.pAccepted.add(quality)
                    part.harm.add(1 - quality)
                    part.welfare.add(payoffs.initiator[position] + payoffs.counterparty[position])
                } else {
                    part.pRejected.add(quality)
                }
            }
            return part
        }
        var total = Part()
        for part in parts {
            total.pAccepted.add(part.pAccepted)
            total.pRejected.add(part.pRejected)
            total.harm.add(part.harm)
            total.welfare.add(part.welfare)
            total.accepted += part.accepted
        }
        var metrics = EpochMetrics()
        if total.accepted > 0 {
            let acceptedN = Double(total.accepted), rejected = n - total.accepted
            metrics.toxicityRate = total.harm.sum / acceptedN
            metrics.totalWelfare = total.welfare.sum
            if rejected > 0 { metrics.qualityGap = total.pAccepted.sum / acceptedN - total.pRejected.sum / Double(rejected) }
        }
        return metrics
    }
}
