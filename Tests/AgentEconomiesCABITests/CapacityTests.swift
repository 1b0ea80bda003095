import AgentEconomiesCHeader
import Testing

/// Output capacities: a buffer too small is AE_ERROR_CAPACITY with the needed size reported
/// where the header says (a result field or count, and the message), and nothing written
/// where the header says so; the exact size is then accepted. Windowed reads (trades,
/// crashes) return fewer entries instead. The mission economy's capacities are in
/// MissionsABITests, the simulation's in SimulationABITests.
@Suite struct CapacityTests {
    @Test("ae_auction_run: bundle_capacity too small reports bundle_entries and writes no output")
    func auctionBundles() {
        let fits = AuctionCall()
        #expect(fits.run().status == AE_OK)
        let needed = fits.result!.pointee.bundle_entries
        #expect(needed == fits.bundleIndptr![2] && needed > 1)

        let small = AuctionCall().with { $0.bundleCapacity = needed - 1 }
        let outcome = small.run()
        #expect(outcome.is(AE_ERROR_CAPACITY, naming: "bundle_capacity", "\(needed)"), "\(outcome)")
        #expect(small.result!.pointee.bundle_entries == needed)
        #expect((0..<3).allSatisfy { small.prices![$0] == -1 && small.bundleIndptr![$0] == -1 })
        #expect((0..<2).allSatisfy { small.utilities![$0] == -1 && small.envyPerAgent![$0] == -1 })
        #expect((0..<6).allSatisfy { small.bundleIndices![$0] == -1 && small.bundleQuantities![$0] == -1 })
        #expect(AuctionCall().with { $0.bundleCapacity = needed }.run().status == AE_OK)
    }

    @Test("ae_auction_run_market: envy_capacity too small reports envy_violation_count and writes no output")
    func auctionEnvy() {
        var fits = MarketCall()
        #expect(fits.run().status == AE_OK)
        #expect(fits.result.envy_violation_count == 2)

        var small = MarketCall()
        let outcome = small.run(envyCapacity: 1)
        #expect(outcome.is(AE_ERROR_CAPACITY, naming: "envy_capacity", "2"), "\(outcome)")
        #expect(small.result.envy_violation_count == 2)
        #expect(small.envyIndptr.allSatisfy { $0 == -1 })
        #expect(small.envyIndices.allSatisfy { $0 == -1 } && small.envyGaps.allSatisfy { $0 == -1 })
        // The convention: on an error nothing is written beyond what the call documents.
        #expect(small.prices.allSatisfy { $0 == -1 } && small.bundleIndptr.allSatisfy { $0 == -1 })

        // Without the list (envy_indices NULL) any capacity does: only the counts are written.
        var counts = MarketCall()
        #expect(counts.run(envyCapacity: 0, list: false).status == AE_OK)
        #expect(counts.envyIndptr == fits.envyIndptr)
    }

    @Test("ae_auction_envy_pairs: envy_capacity too small reports violation_count and writes no list")
    func envyPairs() {
        var run = MarketCall()
        #expect(run.run().status == AE_OK)
        var indptr = [Int64](repeating: -1, count: 4), indices = [Int64](repeating: -1, count: 4)
        var gaps = [Double](repeating: -1, count: 4), count: Int64 = -1
        func pairs(_ capacity: Int64) -> Outcome {
            capture {
                ae_auction_envy_pairs(
                    3, 3, MarketCall.valuations, run.bundleIndptr, run.bundleIndices, run.bundleQuantities,
                    run.pricesPaid, run.utilities, MarketCall.budgets, 0, 0, &indptr, &indices, &gaps, capacity, &count, $0, $1)
            }
        }
        #expect(pairs(1).is(AE_ERROR_CAPACITY, naming: "envy_capacity", "2"))
        #expect(count == 2)
        #expect(indptr.allSatisfy { $0 == -1 } && indices.allSatisfy { $0 == -1 })
        #expect(pairs(2).status == AE_OK)
        #expect(count == 2 && indptr == run.envyIndptr && indices[..<2] == run.envyIndices[..<2])
        #expect(gaps[..<2] == run.envyGaps[..<2])
    }

    @Test("ae_similar_pairs: the first capacity pairs are written, pair_count is the total")
    func similarPairs() {
        // Four agents with the same pattern: all six pairs score 1 under cosine.
        let indptr: [Int64] = [0, 2, 4, 6, 8], indices: [Int32] = [0, 1, 0, 1, 0, 1, 0, 1]
        let counts = [Double](repeating: 2, count: 8)
        var first = [Int64](repeating: -1, count: 6), second = first, scores = [Double](repeating: -1, count: 6)
        var total: Int64 = -1
        func pairs(_ capacity: Int64) -> Outcome {
            capture {
                ae_similar_pairs(
                    4, 2, indptr, indices, counts, 0.9, AE_METRIC_COSINE, AE_PATH_AUTOMATIC, 0, capacity, &first, &second,
                    &scores, &total, $0, $1)
            }
        }
        #expect(pairs(2).is(AE_ERROR_CAPACITY, naming: "capacity", "6"))
        #expect(total == 6)
        #expect(first == [0, 0, -1, -1, -1, -1] && second == [1, 2, -1, -1, -1, -1])
        #expect(scores[2...].allSatisfy { $0 == -1 })
        total = -1
        let none = capture {
            ae_similar_pairs(
                4, 2, indptr, indices, counts, 0.9, AE_METRIC_COSINE, AE_PATH_AUTOMATIC, 0, 0, nil, nil, nil, &total, $0, $1)
        }
        #expect(none.status == AE_ERROR_CAPACITY && total == 6)
        #expect(pairs(6).status == AE_OK)
        #expect(first == [0, 0, 0, 1, 1, 2] && second == [1, 2, 3, 2, 3, 3])
        #expect(scores.allSatisfy { abs($0 - 1) < 1e-12 })
    }

    @Test("ae_sybil_lever_clusters: member or offset capacity too small reports cluster_count")
    func leverClusters() {
        var lever: OpaquePointer? = nil
        #expect(
            capture {
                ae_sybil_lever_create(0.7, AE_METRIC_COMBINED, AE_CLUSTERING_GREEDY, AE_PATH_AUTOMATIC, &lever, $0, $1)
            }.status == AE_OK)
        defer { ae_sybil_lever_destroy(lever, nil, 0) }
        let initiators: [Int32] = [0, 0, 1, 1], counterparties: [Int32] = [10, 11, 10, 11]
        #expect(capture { ae_sybil_lever_record(lever, 4, initiators, counterparties, $0, $1) }.status == AE_OK)
        var clusters: Int64 = -1, flagged: Int64 = -1
        #expect(capture { ae_sybil_lever_detect(lever, 0, &clusters, &flagged, $0, $1) }.status == AE_OK)
        #expect(clusters == 2 && flagged == 4)
        var members = [Int32](repeating: -1, count: 4), offsets = [Int64](repeating: -1, count: 3), count: Int64 = -1
        let fewMembers = capture { ae_sybil_lever_clusters(lever, &members, 3, &offsets, 3, &count, $0, $1) }
        #expect(fewMembers.is(AE_ERROR_CAPACITY, naming: "member_capacity >= 4", "offset_capacity >= 3"))
        #expect(count == 2 && members.allSatisfy { $0 == -1 } && offsets.allSatisfy { $0 == -1 })
        count = -1
        #expect(capture { ae_sybil_lever_clusters(lever, &members, 4, &offsets, 2, &count, $0, $1) }.status == AE_ERROR_CAPACITY)
        #expect(count == 2)
        #expect(capture { ae_sybil_lever_clusters(lever, &members, 4, &offsets, 3, &count, $0, $1) }.status == AE_OK)
        #expect(offsets == [0, 2, 4] && Set(members[..<2]) == [0, 1] && Set(members[2...]) == [10, 11])
    }

    @Test("ae_identity_registry_trust_scores: capacity too small reports count, writes no scores")
    func trustScores() {
        var options = ae_identity_options()
        ae_identity_options_default(&options)
        var registry: OpaquePointer? = nil
        #expect(capture { ae_identity_registry_create(&options, &registry, $0, $1) }.status == AE_OK)
        defer { ae_identity_registry_destroy(registry, nil, 0) }
        var created: Int32 = 0
        for agent: Int32 in [4, 9] {
            #expect(capture { ae_identity_registry_create_identity(registry, agent, -1, 0, 0, &created, nil, $0, $1) }.status == AE_OK)
        }
        var agents: [Int32] = [-1, -1], scores: [Double] = [-1, -1], count: Int64 = -1
        let small = capture { ae_identity_registry_trust_scores(registry, 0, 1, &agents, &scores, &count, nil, $0, $1) }
        #expect(small.is(AE_ERROR_CAPACITY, naming: "capacity", "2"))
        #expect(count == 2 && agents == [-1, -1] && scores == [-1, -1])
        #expect(capture { ae_identity_registry_trust_scores(registry, 0, 2, &agents, &scores, &count, nil, $0, $1) }.status == AE_OK)
        #expect(agents == [4, 9] && scores == [0.3, 0.3])
    }

    @Test("ae_hfn_crash_agents: capacity below the trigger agents is refused; trades and crashes read windows")
    func hfnWindows() {
        let engine = Market.crashed()
        defer { ae_hfn_destroy(engine, nil, 0) }
        var crash = ae_crash(), written: Int64 = -1
        #expect(capture { ae_hfn_crashes(engine, 0, 4, &crash, &written, $0, $1) }.status == AE_OK)
        #expect(written == 1 && crash.trigger_agent_count == 2 && crash.start_tick == 2)
        var agents: [Int32] = [-1, -1]
        #expect(capture { ae_hfn_crash_agents(engine, 0, &agents, 1, $0, $1) }.is(AE_ERROR_CAPACITY, naming: "capacity", "2"))
        #expect(agents == [-1, -1])
        #expect(capture { ae_hfn_crash_agents(engine, 0, &agents, 2, $0, $1) }.status == AE_OK)
        #expect(agents == [2, 1])
        #expect(capture { ae_hfn_crash_agents(engine, 1, &agents, 2, $0, $1) }.is(AE_ERROR_OUT_OF_RANGE, naming: "crash"))

        // Two trades: a window of one from each start, and nothing past the end.
        var buyers: [Int32] = [-1, -1], prices: [Double] = [-1, -1]
        #expect(capture { ae_hfn_trades(engine, 1, 1, &buyers, nil, nil, &prices, nil, nil, &written, $0, $1) }.status == AE_OK)
        #expect(written == 1 && buyers == [2, -1] && prices == [0.75, -1])
        #expect(capture { ae_hfn_trades(engine, 0, 2, &buyers, nil, nil, &prices, nil, nil, &written, $0, $1) }.status == AE_OK)
        #expect(written == 2 && buyers == [0, 2] && prices == [1.0, 0.75])
        #expect(capture { ae_hfn_trades(engine, 5, 2, nil, nil, nil, nil, nil, nil, &written, $0, $1) }.status == AE_OK)
        #expect(written == 0)
        #expect(capture { ae_hfn_crashes(engine, 1, 4, nil, &written, $0, $1) }.status == AE_OK)
        #expect(written == 0)
    }
}
