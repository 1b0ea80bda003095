import AgentEconomies
import Foundation
import OrderedCollections
import Workloads

/// `auction.dictionary_api`: the reference-shaped dictionary auction on a random market where
/// tatonnement does not converge and violations number in the hundreds of millions; time,
/// the true violation count and the peak memory of the call.
enum AuctionDictionaryBenchmarks {
    static func dictionaryAPI(peak: Peak, scale: Scale) throws -> [BenchmarkResult] {
        let agents = scale.pick(quick: 4_000, standard: 20_000, full: 20_000), resources = 32
        progress("auction.dictionary_api: \(agents) agents x \(resources) resources through AuctionBid dictionaries")
        let market = try Markets.uniform(agents: agents, resources: resources, seed: 5)
        let names = (0..<resources).map { "r\($0)" }
        let bids = (0..<agents).map { agent in
            AuctionBid(
                agentID: "agent_\(agent)",
                valuations: Dictionary(uniqueKeysWithValues: zip(names, market.valuations.row(agent))),
                budget: market.budgets[agent])
        }
        let supplies = OrderedDictionary(uniqueKeysWithValues: zip(names, market.supplies))
        let auction = try DworkinAuction()
        var result = AuctionResult()
        PeakMemory.reset()
        let before = PeakMemory.residentBytes()
        let timing = try measure(runs: scale == .quick ? 2 : 3, minimumRuns: 1, budget: 20, warmup: false) {
            result = try auction.runAuction(bids: bids, resources: supplies)
        }
        let peakBytes = PeakMemory.peakResidentBytes()
        // Read a few violations back: the list recomputes them from the market.
        let first = result.envyViolations.first
        return [
            BenchmarkResult(
                kernel: "auction.dictionary_api",
                params: [
                    ("agents", .int(agents)), ("resources", .int(resources)), ("solver", .string("tatonnement")),
                    ("threads", .int(Parallel.defaultThreadCount)),
                ],
                timing: timing,
                metrics: [
                    ("violations", .int(result.envyViolations.count)),
                    ("converged", .string("\(result.converged)")),
                    ("peak_rss_bytes", .int(peakBytes)),
                    ("rss_before_bytes", .int(before)),
                    ("first_violation", .string(first.map { "\($0.enviousAgent)>\($0.enviedAgent)" } ?? "-")),
                ])
        ]
    }
}

/// The process's resident memory from `/proc/self/status`, with a reset of its peak
/// (`/proc/self/clear_refs`), so one call's peak can be measured inside a long run.
enum PeakMemory {
    /// Resets the peak resident set (VmHWM) to the current one (Linux).
    static func reset() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    /// The current resident set (VmRSS), in bytes; 0 where unavailable.
    static func residentBytes() -> Int { field("VmRSS:") }

    /// The peak resident set since the last reset (VmHWM), in bytes; 0 where unavailable.
    static func peakResidentBytes() -> Int { field("VmHWM:") }

    private static func field(_ name: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name) }),
            let number = line.dropFirst(name.count).split(whereSeparator: { $0 == " " || $0 == "\t" }).first,
            let kilobytes = Int(number)
        else { return 0 }
        return kilobytes * 1024
    }
}
