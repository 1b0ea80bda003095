import AgentEconomies
import Foundation
import Workloads

/// `permeability.spillover` and `permeability.optimal`.
enum PermeabilityBenchmarks {
    /// `count` interactions (Workloads' `Interactions`): p uniform in [0, 1), 70% accepted.
    static func batch(_ count: Int, seed: UInt64) throws -> InteractionBatch {
        let (p, accepted) = Interactions.columns(count, seed: seed)
        return try InteractionBatch(p: p, accepted: accepted)
    }

    /// The reference's layout: an array of interaction objects, one Mersenne Twister, an
    /// event object (with its UUID) per spillover, totals updated one by one.
    static func referenceStyleSpillover(
        _ interactions: [SoftInteraction], permeability: Double,
        config: PermeabilityConfig, seed: Int
    ) -> (events: Int, harm: Double) {
        var random = MersenneTwister(seed: seed)
        var events: [SpilloverEvent] = []
        var harm = 0.0
        for interaction in interactions where interaction.accepted {
            let contagion = max(0, min(1, config.contagionRate * (1 - interaction.p) * permeability))
            if random.random() < contagion {
                let raw = (1 - interaction.p) * config.spilloverAmplification
                let allowed = random.random() < permeability * (0.5 + 0.5 * interaction.p)
                events.append(
                    SpilloverEvent(
                        sourceInteractionID: interaction.id, sourceP: interaction.p,
                        harmMagnitude: raw, blocked: !allowed))
                if allowed { harm += raw }
            }
        }
        return (events.count, harm)
    }

    /// The reference's grid search: every grid point re-sums every interaction.
    static func referenceStyleOptimum(
        _ interactions: [SoftInteraction], config: PermeabilityConfig,
        weight: Double, samples: Int
    ) -> Double {
        var best = 0.0, bestScore = -Double.infinity
        for k in 0...samples {
            let perm = Double(k) / Double(samples)
            var benefit = 0.0, harm = 0.0
            for interaction in interactions where interaction.accepted { benefit += interaction.p * perm }
            for interaction in interactions where interaction.accepted {
                harm +=
                    max(0, min(1, config.contagionRate * (1 - interaction.p) * perm)) * (1 - interaction.p)
                    * config.spilloverAmplification
            }
            let score = benefit - weight * harm
            if score > bestScore {
                bestScore = score
                best = perm
            }
        }
        return best
    }

    static func objects(_ batch: InteractionBatch) throws -> [SoftInteraction] {
        try (0..<batch.count).map { index in
            try SoftInteraction(id: "ix_\(index)", p: batch.p[index], accepted: batch.accepted[index])
        }
    }

    static func spillover(peak: Peak, scale: Scale) throws -> [BenchmarkResult] {
        let quick = scale == .quick
        let count = quick ? 1_000_000 : 10_000_000
        let baselineCount = quick ? 20_000 : 100_000
        let config = PermeabilityConfig()
        let permeability = config.basePermeability
        progress("permeability.spillover baseline: \(baselineCount) interactions")
        let small = try batch(baselineCount, seed: 1)
        let smallObjects = try objects(small)
        var baselineEvents = 0
        let baseline = measure(runs: 5, budget: 20, warmup: false) {
            baselineEvents =
                referenceStyleSpillover(
                    smallObjects, permeability: permeability, config: config,
                    seed: 42
                ).events
        }
        // Cross-check: the seeded model makes the baseline's events on the same input.
        let check = try PermeabilityModel(config: config, seed: 42)
        let checkEvents = try check.simulateSpillover(small).count
        precondition(checkEvents == baselineEvents, "model and baseline disagree")

        progress("permeability.spillover: \(count) interactions")
        let large = try batch(count, seed: 2)
        var events = PermeabilityKernels.Spillovers()
        var seed: UInt64 = 0
        let timing = try measure(runs: quick ? 5 : 9, budget: 20) {
            seed += 1
            let model = try PermeabilityModel(config: config, random: .fast(seed: seed))
            events = try model.simulateSpillover(large)
        }
        // The CPython-stream path on the same batch, one thread.
        var cpythonEvents = 0
        let cpython = try measure(runs: 3, budget: 20) {
            let model = try PermeabilityModel(config: config, seed: 42)
            cpythonEvents = try model.simulateSpillover(large).count
        }
        let rate = Double(count) / timing.median
        return [
            BenchmarkResult(
                kernel: "permeability.spillover",
                params: [
                    ("interactions", .int(count)), ("accepted_share", .double(0.7)),
                    ("contagion_rate", .double(config.contagionRate)), ("permeability", .double(permeability)),
                    ("generator", .string("fast")), ("threads", .int(Parallel.defaultThreadCount)),
                ],
                timing: timing, baselineSeconds: baseline.median,
                speedupVsBaseline: (baseline.median / Double(baselineCount)) / (timing.median / Double(count)),
                metrics: [
                    ("interactions_per_s", .double(rate)), ("events", .int(events.count)),
                    ("blocked", .int(events.blockedCount)),
                    ("cpython_stream_interactions_per_s", .double(Double(count) / cpython.median)),
                    ("cpython_stream_events", .int(cpythonEvents)),
                    ("baseline_params", .string("interactions=\(baselineCount)")),
                ])
        ]
    }

    static func optimal(peak: Peak, scale: Scale) throws -> [BenchmarkResult] {
        let quick = scale == .quick
        let count = quick ? 1_000_000 : 10_000_000
        let baselineCount = quick ? 20_000 : 100_000
        let samples = 10, weight = 1.0
        let config = PermeabilityConfig(contagionRate: 0.5)
        progress("permeability.optimal baseline: \(baselineCount) interactions, \(samples + 1) grid points")
        let small = try batch(baselineCount, seed: 3)
        let smallObjects = try objects(small)
        var baselineAnswer = 0.0
        let baseline = measure(runs: 5, budget: 20, warmup: false) {
            baselineAnswer = referenceStyleOptimum(smallObjects, config: config, weight: weight, samples: samples)
        }
        let check = try PermeabilityModel(config: config, seed: 1)
        precondition(
            check.optimalPermeability(small, externalHarmWeight: weight, samples: samples) == baselineAnswer,
            "model and baseline disagree")

        progress("permeability.optimal: \(count) interactions")
        let large = try batch(count, seed: 4)
        let model = try PermeabilityModel(config: config, seed: 1)
        let rates = PermeabilityKernels.Rates(
            contagionRate: config.contagionRate,
            spilloverAmplification: config.spilloverAmplification)
        var answer = try PermeabilityKernels.optimalPermeability(
            p: large.p, accepted: large.accepted, rates: rates,
            externalHarmWeight: weight, samples: samples)
        let timing = measure(runs: quick ? 5 : 15, budget: 20) {
            answer.permeability = model.optimalPermeability(large, externalHarmWeight: weight, samples: samples)
        }
        let bytes = Double(count) * Double(MemoryLayout<Double>.size + MemoryLayout<Bool>.size)
        let bytesPerSecond = bytes / timing.median
        return [
            BenchmarkResult(
                kernel: "permeability.optimal",
                params: [
                    ("interactions", .int(count)), ("samples", .int(samples)), ("weight", .double(weight)),
                    ("threads", .int(Parallel.defaultThreadCount)),
                ],
                timing: timing, baselineSeconds: baseline.median,
                speedupVsBaseline: (baseline.median / Double(baselineCount)) / (timing.median / Double(count)),
                metrics: [
                    ("interactions_per_s", .double(Double(count) / timing.median)),
                    ("bytes_per_s", .double(bytesPerSecond)),
                    ("stream_fraction", .double(bytesPerSecond / (peak.streamGbps * 1e9))),
                    ("optimal_permeability", .double(answer.permeability)),
                    ("grid_points_rescored", .int(answer.gridPointsRescored)),
                    ("baseline_params", .string("interactions=\(baselineCount) samples=\(samples)")),
                ])
        ]
    }
}
