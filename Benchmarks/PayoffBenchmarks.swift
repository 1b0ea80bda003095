import AgentEconomies
import Foundation

/// `payoffs.metrics`: every soft metric (payoffs, welfare, calibration) of a column batch in
/// one pass, against the reference's layout (an array of interaction objects, one filtered
/// copy and one pass per metric) and against the memory bandwidth of the same run.
enum PayoffBenchmarks {
    /// The reference's style: each metric filters the objects and sums in its own pass.
    static func referenceStyle(_ interactions: [SoftInteraction], engine: SoftPayoffEngine) -> Double {
        let accepted = interactions.filter(\.accepted)
        let rejected = interactions.filter { !$0.accepted }
        var total = 0.0
        total += accepted.reduce(0) { $0 + (1 - $1.p) } / Double(max(accepted.count, 1))
        total += interactions.reduce(0) { $0 + (1 - $1.p) } / Double(max(interactions.count, 1))
        total += accepted.reduce(0) { $0 + engine.payoffInitiator($1) } / Double(max(accepted.count, 1))
        total -= interactions.reduce(0) { $0 + engine.payoffInitiator($1) } / Double(max(interactions.count, 1))
        total += accepted.reduce(0) { $0 + engine.payoffCounterparty($1) } / Double(max(accepted.count, 1))
        total -= interactions.reduce(0) { $0 + engine.payoffCounterparty($1) } / Double(max(interactions.count, 1))
        total += accepted.reduce(0) { $0 + $1.p } / Double(max(accepted.count, 1))
        total -= rejected.reduce(0) { $0 + $1.p } / Double(max(rejected.count, 1))
        total += accepted.reduce(0) { $0 + engine.totalWelfare($1) }
        total += accepted.reduce(0) { $0 + engine.socialSurplus($1) }
        let payoffs = interactions.map { engine.payoffInitiator($0) }
        let mean = payoffs.reduce(0, +) / Double(max(payoffs.count, 1))
        total += payoffs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return total
    }

    static func metrics(peak: Peak, scale: Scale) throws -> [BenchmarkResult] {
        let quick = scale == .quick
        let count = quick ? 1_000_000 : 10_000_000
        let baselineCount = quick ? 50_000 : 200_000
        var random = FastRandom(seed: 5)
        var p = [Double](), accepted = [Bool](), truth = [Int8](), tau = [Double]()
        for _ in 0..<count {
            let quality = random.random()
            p.append(quality)
            accepted.append(random.random() < quality)
            truth.append(random.random() < quality ? 1 : -1)
            tau.append(random.uniform(-0.1, 0.1))
        }
        let parameters = SoftPayoffParameters(rhoA: 0.3, rhoB: 0.2)
        let engine = try SoftPayoffEngine(config: parameters)
        progress("payoffs.metrics baseline: \(baselineCount) interaction objects")
        let objects = try (0..<baselineCount).map {
            try SoftInteraction(id: "ix_\($0)", p: p[$0], accepted: accepted[$0], tau: tau[$0])
        }
        var sink = 0.0
        let baseline = measure(runs: 5, budget: 20, warmup: false) { sink += referenceStyle(objects, engine: engine) }
        progress("payoffs.metrics: \(count) interactions")
        var summary = SoftMetricsSummary()
        let timing = try measure(runs: quick ? 5 : 7, budget: 30) {
            summary = try SoftMetricsKernels.summary(
                p: p, accepted: accepted, terms: SoftPayoffTerms(tau: tau), parameters: parameters, groundTruth: truth)
        }
        // Bytes that must cross memory: p, tau, accepted, truth read; both payoff columns
        // written and read back; the negatives' p copied and sorted for the AUC (not counted).
        let bytes = Double(count) * (8 + 8 + 1 + 1 + 2 * 16)
        let bytesPerSecond = bytes / timing.median
        return [
            BenchmarkResult(
                kernel: "payoffs.metrics",
                params: [("interactions", .int(count)), ("ground_truth", .string("all known")), ("threads", .int(1))],
                timing: timing, baselineSeconds: baseline.median,
                speedupVsBaseline: (baseline.median / Double(baselineCount)) / (timing.median / Double(count)),
                metrics: [
                    ("interactions_per_s", .double(Double(count) / timing.median)),
                    ("stream_fraction", .double(bytesPerSecond / (peak.streamGbps * 1e9))),
                    ("toxicity_rate", .double(summary.toxicityRate)),
                    ("auc", .double(summary.calibration?.discriminationAUC ?? .nan)),
                    ("baseline_params", .string("interactions=\(baselineCount), object array, a pass per metric")),
                    ("baseline_checksum", .double(sink)),
                ])
        ]
    }
}
