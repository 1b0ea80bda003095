import AgentEconomiesCHeader
import Testing

/// Sybil detection through the C ABI: ae_sybil_clusters on the three-row fixture at two
/// thresholds (greedy and connected components, dense and sparse paths agreeing), a chain
/// the two rules cluster differently, ae_similar_pairs with its capacity protocol and needed
/// count, the dense path refused before allocating what cannot fit, malformed CSR and
/// unknown options refused naming the field, and the identity registry's detection.
@Suite struct SybilABITests {
    /// Clusters of `rows` CSR rows: (status, clusters as member lists, pairs found).
    func clusters(
        rows: Int64 = 3, columns: Int64 = 4, indptr: [Int64] = Fixture.indptr, indices: [Int32] = Fixture.indices,
        counts: [Double] = Fixture.counts, threshold: Double, metric: Int32 = AE_METRIC_COMBINED,
        clustering: Int32 = AE_CLUSTERING_GREEDY, path: Int32 = AE_PATH_AUTOMATIC
    ) -> (Outcome, [[Int64]], Int64) {
        var members = [Int64](repeating: -1, count: Int(rows)), offsets = [Int64](repeating: -1, count: Int(rows) + 1)
        var count: Int64 = -1, pairs: Int64 = -1
        let outcome = capture {
            ae_sybil_clusters(
                rows, columns, indptr, indices, counts, threshold, metric, clustering, path, 0, &members, &offsets, &count,
                &pairs, $0, $1)
        }
        guard outcome.status == AE_OK else { return (outcome, [], pairs) }
        // A well-formed answer before reading it: a broken one fails here instead of trapping.
        let k = Int(count)
        let wellFormed =
            (0...Int(rows)).contains(k) && offsets[0] == 0
            && (0..<k).allSatisfy { offsets[$0] <= offsets[$0 + 1] } && offsets[k] <= rows
        #expect(wellFormed, "cluster_count \(count), cluster_offsets \(offsets)")
        guard wellFormed else { return (outcome, [], pairs) }
        let list = (0..<k).map { Array(members[Int(offsets[$0])..<Int(offsets[$0 + 1])]) }
        return (outcome, list, pairs)
    }

    @Test("identical rows cluster at 0.75 but not at 0.8 (combined similarity 0.78), on every path")
    func thresholds() {
        for path in [AE_PATH_AUTOMATIC, AE_PATH_DENSE, AE_PATH_SPARSE] {
            let (above, none, abovePairs) = clusters(threshold: 0.8, path: path)
            #expect(above.status == AE_OK && none.isEmpty && abovePairs == 0, "path \(path)")
            let (below, found, belowPairs) = clusters(threshold: 0.75, path: path)
            #expect(below.status == AE_OK && found == [[0, 1]] && belowPairs == 1, "path \(path)")
        }
        // Cosine of identical rows is 1.
        #expect(clusters(threshold: 0.999, metric: AE_METRIC_COSINE).1 == [[0, 1]])
        // pairs_found may be NULL.
        var members = [Int64](repeating: -1, count: 3), offsets = [Int64](repeating: -1, count: 4), count: Int64 = -1
        let outcome = capture {
            ae_sybil_clusters(
                3, 4, Fixture.indptr, Fixture.indices, Fixture.counts, 0.75, AE_METRIC_COMBINED, AE_CLUSTERING_GREEDY,
                AE_PATH_AUTOMATIC, 0, &members, &offsets, &count, nil, $0, $1)
        }
        #expect(outcome.status == AE_OK && count == 1 && offsets[..<2] == [0, 2])
    }

    @Test("a chain a~b~c with a !~ c: connected components join all three, greedy only the seed's pairs")
    func rules() {
        // Jaccard: rows {0,1}, {1,2}, {2,3} overlap by 1 of 3 (1/3); {0,1} and {2,3} by 0.
        let indptr: [Int64] = [0, 2, 4, 6], indices: [Int32] = [0, 1, 1, 2, 2, 3]
        let counts = [Double](repeating: 1, count: 6)
        let components = clusters(
            indptr: indptr, indices: indices, counts: counts, threshold: 0.3, metric: AE_METRIC_JACCARD,
            clustering: AE_CLUSTERING_CONNECTED_COMPONENTS)
        #expect(components.0.status == AE_OK && components.1.map { Set($0) } == [[0, 1, 2]] && components.2 == 2)
        let greedy = clusters(
            indptr: indptr, indices: indices, counts: counts, threshold: 0.3, metric: AE_METRIC_JACCARD)
        #expect(greedy.0.status == AE_OK && greedy.1 == [[0, 1]])
    }

    @Test("malformed CSR, NaN counts and unknown options are refused naming the field")
    func refusals() {
        #expect(clusters(indptr: [0, 2, 1, 6], threshold: 0.8).0.is(AE_ERROR_OUT_OF_RANGE, naming: "indptr"))
        #expect(clusters(indptr: [1, 2, 4, 6], threshold: 0.8).0.is(AE_ERROR_OUT_OF_RANGE, naming: "indptr[0]"))
        #expect(clusters(indices: [0, 1, 0, 9, 2, 3], threshold: 0.8).0.is(AE_ERROR_OUT_OF_RANGE, naming: "indices[3]", "9"))
        #expect(clusters(counts: [10, 5, .nan, 5, 8, 3], threshold: 0.8).0.is(AE_ERROR_NOT_FINITE, naming: "counts[2]"))
        #expect(clusters(threshold: 0.8, metric: 5).0.is(AE_ERROR_UNKNOWN_OPTION, naming: "metric", "5"))
        #expect(clusters(threshold: 0.8, clustering: 2).0.is(AE_ERROR_UNKNOWN_OPTION, naming: "clustering"))
        #expect(clusters(threshold: 0.8, path: -1).0.is(AE_ERROR_UNKNOWN_OPTION, naming: "path"))
        #expect(clusters(columns: 1 << 32, threshold: 0.8).0.is(AE_ERROR_INVALID_SIZE, naming: "columns"))
    }

    @Test("the dense path's rows x columns matrix that cannot fit is AE_ERROR_OUT_OF_MEMORY, before allocating")
    func denseOutOfMemory() {
        // 1,000 empty rows over 2^31 - 1 columns: 17 TB dense; the sparse path has nothing to do.
        let indptr = [Int64](repeating: 0, count: 1_001)
        let dense = clusters(
            rows: 1_000, columns: Int64(Int32.max), indptr: indptr, indices: [], counts: [], threshold: 0.5, path: AE_PATH_DENSE)
        #expect(dense.0.is(AE_ERROR_OUT_OF_MEMORY, naming: "dense", "GiB"), "\(dense.0)")
        let sparse = clusters(
            rows: 1_000, columns: Int64(Int32.max), indptr: indptr, indices: [], counts: [], threshold: 0.5, path: AE_PATH_SPARSE)
        #expect(sparse.0.status == AE_OK && sparse.1.isEmpty)
        var total: Int64 = -1
        let pairs = capture {
            ae_similar_pairs(
                1_000, Int64(Int32.max), indptr, [], [], 0.5, AE_METRIC_COSINE, AE_PATH_DENSE, 0, 0, nil, nil, nil, &total, $0, $1)
        }
        #expect(pairs.is(AE_ERROR_OUT_OF_MEMORY, naming: "GiB"))
    }

    @Test("ae_similar_pairs: the fixture's one pair with its score; unknown path refused")
    func similarPairs() {
        var first: [Int64] = [-1, -1], second: [Int64] = [-1, -1], scores: [Double] = [-1, -1], count: Int64 = -1
        func pairs(_ threshold: Double, path: Int32 = AE_PATH_AUTOMATIC) -> Outcome {
            capture {
                ae_similar_pairs(
                    3, 4, Fixture.indptr, Fixture.indices, Fixture.counts, threshold, AE_METRIC_COMBINED, path, 0, 2, &first,
                    &second, &scores, &count, $0, $1)
            }
        }
        #expect(pairs(0.75).status == AE_OK)
        #expect(count == 1 && first[0] == 0 && second[0] == 1 && scores[0] >= 0.75 && scores[0] < 0.8)
        #expect(pairs(0.8).status == AE_OK && count == 0)
        #expect(pairs(0.8, path: 3).is(AE_ERROR_UNKNOWN_OPTION, naming: "path"))
    }

    @Test("the identity registry detects with its threshold, and not at all when detection is disabled")
    func registry() {
        func detect(threshold: Double, enabled: Int32) -> Int64 {
            var options = ae_identity_options()
            ae_identity_options_default(&options)
            options.behavioral_similarity_threshold = threshold
            options.sybil_detection_enabled = enabled
            var registry: OpaquePointer? = nil
            _ = capture { ae_identity_registry_create(&options, &registry, $0, $1) }
            defer { ae_identity_registry_destroy(registry, nil, 0) }
            var members = [Int64](repeating: -1, count: 3), offsets = [Int64](repeating: -1, count: 4), count: Int64 = -1
            let outcome = capture {
                ae_identity_registry_detect_sybils(
                    registry, 3, 4, Fixture.indptr, Fixture.indices, Fixture.counts, 0, &members, &offsets, &count, $0, $1)
            }
            #expect(outcome.status == AE_OK)
            return count
        }
        #expect(detect(threshold: 0.75, enabled: 1) == 1)
        #expect(detect(threshold: 0.8, enabled: 1) == 0)
        #expect(detect(threshold: 0.75, enabled: 0) == 0)
    }
}
