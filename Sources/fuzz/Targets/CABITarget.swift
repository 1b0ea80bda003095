import AgentEconomiesCABI
import AgentEconomiesCHeader

/// The C ABI as a C caller drives it: sizes, values, options, capacities and handles chosen
/// by the fuzzer over buffers it allocates at exactly the sizes it declares (AddressSanitizer
/// catches a write one past them). Every call returns a documented status; a failed call
/// leaves a NUL-terminated, non-empty message within `error_size` bytes and never writes past
/// them. Successful calls are checked: bundles and envy lists well formed and consistent with
/// the counts, budgets respected, dense and sparse clusters equal, pairs ordered above the
/// threshold, spillover independent of threads with harm `(1 - p) x amplification`, Shapley
/// values efficient, rewards within the pool, order books never negative. Stale, foreign and
/// NULL handles get an error.
enum CABITarget {
    static let target = FuzzTarget(
        name: "c-abi",
        summary: "C ABI calls over fuzzer-owned buffers: statuses, messages, outputs, handles"
    ) { bytes in
        var input = FuzzInput(bytes)
        let session = CABISession(errorSizeSeed: Int(input.byte()))
        for _ in 0..<12 where !input.isExhausted {
            switch input.int(0...16) {
            case 0: session.auctionRun(&input)
            case 1: session.auctionMarket(&input)
            case 2: session.sybilClusters(&input)
            case 3: session.similarPairs(&input)
            case 4: session.spillover(&input)
            case 5: session.optimal(&input)
            case 6: session.missionRewards(&input)
            case 7: session.missionShapley(&input)
            case 8: session.crashDetector(&input)
            case 9, 10: session.hfn(&input)
            case 11: session.permeabilityModel(&input)
            case 12: session.sybilLever(&input)
            case 13: session.identityRegistry(&input)
            case 14: session.missionEconomy(&input)
            case 15: session.payoffs(&input)
            default: session.foreignHandles(&input)
            }
        }
        session.destroyAll()
    }
}

/// The documented status codes.
private let statuses: Set<ae_status> = [
    AE_OK, AE_ERROR_NULL_POINTER, AE_ERROR_INVALID_SIZE, AE_ERROR_NOT_FINITE, AE_ERROR_OUT_OF_RANGE,
    AE_ERROR_UNKNOWN_OPTION, AE_ERROR_CAPACITY, AE_ERROR_DUPLICATE_ID, AE_ERROR_UNKNOWN_ID, AE_ERROR_INTERNAL,
]

/// Buffers allocated at exactly their declared sizes, freed with the session.
final class Arena {
    private var allocations: [UnsafeMutableRawPointer] = []

    deinit { for pointer in allocations { pointer.deallocate() } }

    /// A buffer holding `values`.
    func array<T>(_ values: [T]) -> UnsafeMutablePointer<T> {
        let pointer = UnsafeMutablePointer<T>.allocate(capacity: values.count)
        pointer.initialize(from: values, count: values.count)
        allocations.append(UnsafeMutableRawPointer(pointer))
        return pointer
    }

    /// An output buffer of `count` entries, each `fill`.
    func output<T>(_ count: Int, _ fill: T) -> UnsafeMutablePointer<T> { array(Array(repeating: fill, count: count)) }
}

/// CSR rows drawn by the fuzzer (sometimes malformed in ways the ABI must refuse, always
/// with `indices` and `values` holding `indptr[rows]` entries).
struct FuzzCSR {
    var rows: Int, columns: Int
    var indptr: [Int64], indices: [Int32], values: [Double]

    init(_ input: inout FuzzInput, maxRows: Int, maxColumns: Int, maxPerRow: Int) {
        rows = input.int(0...maxRows)
        columns = input.int(0...maxColumns)
        indptr = [0]
        indices = []
        values = []
        for _ in 0..<rows {
            var row = Set<Int32>()
            for _ in 0..<input.int(0...maxPerRow) where columns > 0 { row.insert(Int32(input.int(0...(columns - 1)))) }
            for key in row.sorted() {
                indices.append(key)
                values.append(Double(input.int(1...4)))
            }
            indptr.append(Int64(indices.count))
        }
        switch input.byte() {
        case 0..<6 where !indices.isEmpty: indices[input.int(0...(indices.count - 1))] = Int32(input.int(-2...(columns + 2)))
        case 6..<10 where !values.isEmpty: values[input.int(0...(values.count - 1))] = input.double()
        case 10..<13 where rows > 1: indptr[input.int(1...(rows - 1))] = Int64(input.int(-3...(indices.count + 3)))
        case 13..<16 where !indices.isEmpty: indices[input.int(0...(indices.count - 1))] = indices[0]  // duplicates
        default: break
        }
    }
}

/// A fuzzing session over the C ABI: an arena, the live handles of each kind, checks.
final class CABISession {
    let arena = Arena()
    var hfns: [OpaquePointer] = [], detectors: [OpaquePointer] = [], models: [OpaquePointer] = []
    var levers: [OpaquePointer] = [], registries: [OpaquePointer] = [], economies: [OpaquePointer] = []
    var destroyed: [OpaquePointer] = []
    /// Calls made, and the input's choice of where the cycle of error buffer sizes starts.
    var calls = 0
    let errorSizeSeed: Int

    init(errorSizeSeed: Int) { self.errorSizeSeed = errorSizeSeed }

    /// A new handle: its address is no longer a destroyed one (malloc reuses addresses).
    func adopt(_ handle: OpaquePointer?) -> OpaquePointer {
        destroyed.removeAll { $0 == handle }
        return handle!
    }

    /// Runs one call with an error buffer of a fuzzer-chosen size and checks the status and
    /// the message (NUL-terminated within the size, non-empty on failure, nothing written past).
    @discardableResult
    func call(_ name: String, _ body: (UnsafeMutablePointer<CChar>?, Int) -> ae_status) -> ae_status {
        calls += 1
        let size = [0, 1, 2, 7, 64, 512, 0][(calls + errorSizeSeed) % 7]
        let guardBytes = 8
        let buffer: UnsafeMutablePointer<CChar>? =
            size == 0 && calls % 2 == 0 ? nil : arena.output(size + guardBytes, CChar(0x55))
        let status = body(buffer, size)
        require(statuses.contains(status), "\(name): undocumented status \(status)")
        if let buffer {
            for offset in size..<(size + guardBytes) {
                require(buffer[offset] == 0x55, "\(name): wrote past error_size \(size) at \(offset)")
            }
            if status != AE_OK && size > 0 {
                let length = (0..<size).first { buffer[$0] == 0 }
                require(length != nil, "\(name): message not NUL-terminated within \(size) bytes")
                require(size == 1 || length! > 0, "\(name): empty message for status \(status)")
            }
        }
        return status
    }

    /// A pointer to `values`, or NULL now and then (`nulled` records it).
    func maybeNull<T>(_ values: [T], _ input: inout FuzzInput, _ nulled: inout Bool) -> UnsafeMutablePointer<T>? {
        if input.byte() < 4 {
            nulled = true
            return nil
        }
        return arena.array(values)
    }

    func doubles(_ count: Int, _ input: inout FuzzInput, special: Bool) -> [Double] {
        (0..<count).map { _ in special && input.byte() < 16 ? input.double() : input.amount() }
    }

    // MARK: - Auction

    func auctionOptions(_ input: inout FuzzInput) -> ae_auction_options {
        var options = ae_auction_options()
        ae_auction_options_default(&options)
        options.solver = input.byte() < 8 ? Int32(input.int(-1...3)) : Int32(input.int(0...1))
        options.max_rounds = Int32(input.int(0...60))
        options.threads = Int32(input.int(-1...3))
        if input.byte() < 10 { options.price_adjustment_rate = input.double() }
        if input.byte() < 10 { options.convergence_tolerance = input.double() }
        if input.byte() < 10 { options.envy_tolerance = input.double() }
        if input.byte() < 10 { options.equilibrium_tolerance = input.double() }
        options.equilibrium_max_iterations = Int32(input.int(0...300))
        return options
    }

    func auctionRun(_ input: inout FuzzInput) {
        let n = input.int(0...10), r = input.int(0...5)
        var nulled = false
        let special = input.byte() < 40
        let valuations = maybeNull(doubles(n * r, &input, special: special), &input, &nulled)
        let budgetValues = doubles(n, &input, special: special)
        let budgets = maybeNull(budgetValues, &input, &nulled)
        let supplies = maybeNull(doubles(r, &input, special: special), &input, &nulled)
        var options = auctionOptions(&input)
        let capacity = input.byte() < 30 ? input.int(0...(n * r)) : n * r
        let prices = arena.output(r, 0.0), utilities = arena.output(n, 0.0), paid = arena.output(n, 0.0)
        let indptr = arena.output(n + 1, Int64(-7)), indices = arena.output(capacity, Int32(-7))
        let quantities = arena.output(capacity, -7.0)
        let envy: UnsafeMutablePointer<Int64>? = input.bool() ? arena.output(n, Int64(-7)) : nil
        var result = ae_auction_result()
        let status = call("ae_auction_run") { error, size in
            ae_auction_run(
                Int64(n), Int64(r), valuations, budgets, supplies, &options, prices, utilities, paid, indptr,
                indices, quantities, Int64(capacity), envy, &result, error, size)
        }
        if nulled && n > 0 && r > 0 { require(status != AE_OK, "ae_auction_run accepted a NULL input") }
        if status == AE_ERROR_CAPACITY {
            require(result.bundle_entries > capacity, "capacity error with \(result.bundle_entries) <= \(capacity)")
        }
        guard status == AE_OK else { return }
        checkBundles(n: n, r: r, indptr: indptr, indices: indices, quantities: quantities, result: result)
        for i in 0..<n {
            require(paid[i] <= budgetValues[i] * (1 + 1e-9) + 1e-12, "agent \(i) paid \(paid[i]) > \(budgetValues[i])")
        }
        if let envy {
            let total = (0..<n).reduce(Int64(0)) { $0 + envy[$1] }
            require(total == result.envy_violation_count, "envy per agent sums to \(total)")
        }
    }

    func checkBundles(
        n: Int, r: Int, indptr: UnsafeMutablePointer<Int64>, indices: UnsafeMutablePointer<Int32>,
        quantities: UnsafeMutablePointer<Double>, result: ae_auction_result
    ) {
        require(indptr[0] == 0 && indptr[n] == result.bundle_entries, "bundle_indptr ends \(indptr[n])")
        for i in 0..<n {
            require(indptr[i] <= indptr[i + 1], "bundle_indptr decreases at \(i)")
            var seen = Set<Int32>()
            for k in Int(indptr[i])..<Int(indptr[i + 1]) {
                require(indices[k] >= 0 && Int(indices[k]) < r, "bundle index \(indices[k])")
                require(seen.insert(indices[k]).inserted, "agent \(i) buys \(indices[k]) twice")
                require(quantities[k].isFinite && quantities[k] >= 0, "quantity \(quantities[k])")
            }
        }
    }

    func auctionMarket(_ input: inout FuzzInput) {
        let n = input.int(0...10), r = input.int(1...5)
        let valuationValues = doubles(n * r, &input, special: false)
        let valuations = arena.array(valuationValues)
        let valued: UnsafeMutablePointer<UInt8>? =
            input.bool() ? arena.array((0..<(n * r)).map { _ in UInt8(input.byte() < 200 ? 1 : input.int(0...2)) }) : nil
        let ties: UnsafeMutablePointer<Int32>? =
            input.bool() ? arena.array((0..<r).map { column in Int32(input.byte() < 240 ? column : input.int(-1...r)) }) : nil
        let budgetValues = doubles(n, &input, special: false)
        let budgets = arena.array(budgetValues), supplies = arena.array((0..<r).map { _ in 0.5 + input.amount() })
        var options = auctionOptions(&input)
        options.solver = Int32(input.int(0...1))
        let capacity = n * r
        let prices = arena.output(r, 0.0), utilities = arena.output(n, 0.0), paid = arena.output(n, 0.0)
        let indptr = arena.output(n + 1, Int64(-7)), indices = arena.output(capacity, Int32(-7))
        let quantities = arena.output(capacity, -7.0)
        let envyCapacity = input.int(0...(n * n))
        let envyIndptr = arena.output(n + 1, Int64(-7)), envyIndices = arena.output(envyCapacity, Int64(-7))
        let envyGaps = arena.output(envyCapacity, -7.0)
        var result = ae_auction_result()
        let status = call("ae_auction_run_market") { error, size in
            ae_auction_run_market(
                Int64(n), Int64(r), valuations, valued, ties, budgets, supplies, &options, prices, utilities, paid,
                indptr, indices, quantities, Int64(capacity), envyIndptr, envyIndices, envyGaps, Int64(envyCapacity),
                &result, error, size)
        }
        if status == AE_ERROR_CAPACITY {
            require(result.envy_violation_count > envyCapacity, "envy capacity error below capacity")
        }
        guard status == AE_OK else { return }
        checkBundles(n: n, r: r, indptr: indptr, indices: indices, quantities: quantities, result: result)
        let violations = Int(result.envy_violation_count)
        require(envyIndptr[0] == 0 && Int(envyIndptr[n]) == violations, "envy_indptr ends \(envyIndptr[n])")
        for i in 0..<n {
            require(envyIndptr[i] <= envyIndptr[i + 1], "envy_indptr decreases")
            for k in Int(envyIndptr[i])..<Int(envyIndptr[i + 1]) {
                require(envyIndices[k] >= 0 && Int(envyIndices[k]) < n && Int(envyIndices[k]) != i, "envied agent")
                require(envyGaps[k] > options.envy_tolerance || envyGaps[k].isNaN == false, "envy gap \(envyGaps[k])")
            }
        }
        // The same bundles through ae_auction_envy_pairs list the same violations.
        let again = arena.output(n + 1, Int64(-7)), againIndices = arena.output(violations, Int64(-7))
        let againGaps = arena.output(violations, -7.0)
        var count: Int64 = -1
        let pairs = call("ae_auction_envy_pairs") { error, size in
            ae_auction_envy_pairs(
                Int64(n), Int64(r), valuations, indptr, indices, quantities, paid, utilities, budgets,
                options.envy_tolerance, Int32(input.int(0...3)), again, againIndices, againGaps, Int64(violations),
                &count, error, size)
        }
        guard !valuationValues.contains(where: { !$0.isFinite }) else { return }
        require(pairs == AE_OK, "ae_auction_envy_pairs refused a run's own bundles: \(pairs)")
        require(count == result.envy_violation_count, "envy_pairs counts \(count), the run \(violations)")
        for k in 0..<violations {
            require(againIndices[k] == envyIndices[k], "envy_pairs lists another envied agent at \(k)")
        }
    }

    // MARK: - Sybil

    func sybilClusters(_ input: inout FuzzInput) {
        let csr = FuzzCSR(&input, maxRows: 30, maxColumns: 10, maxPerRow: 5)
        let threshold = input.byte() < 10 ? input.double() : input.unit()
        let metric = Int32(input.byte() < 8 ? input.int(-1...3) : input.int(0...2))
        let rule = Int32(input.byte() < 8 ? input.int(-1...2) : input.int(0...1))
        let threads = Int32(input.int(0...3))
        let indptr = arena.array(csr.indptr), indices = arena.array(csr.indices), counts = arena.array(csr.values)
        var outcomes: [[[Int64]]] = []
        for path in [AE_PATH_DENSE, AE_PATH_SPARSE, AE_PATH_AUTOMATIC] {
            let members = arena.output(csr.rows, Int64(-7)), offsets = arena.output(csr.rows + 1, Int64(-7))
            var clusterCount: Int64 = -1, pairsFound: Int64 = -1
            let status = call("ae_sybil_clusters") { error, size in
                ae_sybil_clusters(
                    Int64(csr.rows), Int64(csr.columns), indptr, indices, counts, threshold, metric, rule, path,
                    threads, members, offsets, &clusterCount, &pairsFound, error, size)
            }
            guard status == AE_OK else { return }
            let k = Int(clusterCount)
            require(k >= 0 && k <= csr.rows && offsets[0] == 0, "cluster count \(k)")
            var seen = Set<Int64>(), clusters: [[Int64]] = []
            for c in 0..<k {
                require(offsets[c + 1] - offsets[c] >= 2, "cluster \(c) has fewer than two members")
                let cluster = (Int(offsets[c])..<Int(offsets[c + 1])).map { members[$0] }
                for member in cluster {
                    require(member >= 0 && member < csr.rows && seen.insert(member).inserted, "member \(member)")
                }
                clusters.append(cluster)
            }
            outcomes.append(clusters)
        }
        require(outcomes.allSatisfy { $0 == outcomes[0] }, "paths disagree: \(outcomes)")
    }

    func similarPairs(_ input: inout FuzzInput) {
        let csr = FuzzCSR(&input, maxRows: 20, maxColumns: 8, maxPerRow: 4)
        let threshold = input.byte() < 10 ? input.double() : input.unit()
        let metric = Int32(input.int(0...2)), path = Int32(input.byte() < 6 ? input.int(-1...4) : input.int(0...2))
        let capacity = input.int(0...40)
        let first = arena.output(capacity, Int64(-7)), second = arena.output(capacity, Int64(-7))
        let scores = arena.output(capacity, -7.0)
        var found: Int64 = -1
        let status = call("ae_similar_pairs") { error, size in
            ae_similar_pairs(
                Int64(csr.rows), Int64(csr.columns), arena.array(csr.indptr), arena.array(csr.indices),
                arena.array(csr.values), threshold, metric, path, Int32(input.int(0...3)), Int64(capacity), first,
                second, scores, &found, error, size)
        }
        if status == AE_ERROR_CAPACITY { require(found > capacity, "pair capacity error with \(found) pairs") }
        guard status == AE_OK || status == AE_ERROR_CAPACITY else { return }
        let written = min(Int(found), capacity)
        for k in 0..<written {
            require(first[k] >= 0 && first[k] < second[k] && second[k] < csr.rows, "pair \(first[k]), \(second[k])")
            require(scores[k] >= threshold, "pair score \(scores[k]) below \(threshold)")
            if k > 0 {
                require((first[k - 1], second[k - 1]) < (first[k], second[k]), "pairs out of order at \(k)")
            }
        }
    }

    // MARK: - Permeability

    func spilloverInputs(_ input: inout FuzzInput) -> (n: Int, p: [Double], accepted: [UInt8]) {
        let n = input.int(0...60)
        let p = (0..<n).map { _ in input.byte() < 6 ? input.double() : input.unit() }
        let accepted = (0..<n).map { _ in UInt8(input.byte() < 3 ? input.int(0...3) : input.int(0...1)) }
        return (n, p, accepted)
    }

    func spillover(_ input: inout FuzzInput) {
        let (n, p, accepted) = spilloverInputs(&input)
        let permeability = input.byte() < 8 ? input.double() : input.unit()
        let rate = input.byte() < 8 ? input.double() : input.unit()
        let amplification = input.byte() < 8 ? input.double() : input.amount()
        let seed = UInt64(input.int(0...65_535))
        var runs: [[Int64]] = []
        for threads in [Int32(1), Int32(input.int(0...4))] {
            let indices = arena.output(n, Int64(-7)), harm = arena.output(n, -7.0), blocked = arena.output(n, UInt8(7))
            var count: Int64 = -1
            let status = call("ae_permeability_spillover") { error, size in
                ae_permeability_spillover(
                    Int64(n), arena.array(p), arena.array(accepted), permeability, rate, amplification, seed,
                    threads, indices, harm, blocked, &count, error, size)
            }
            guard status == AE_OK else { return }
            let events = Int(count)
            require(events >= 0 && events <= accepted.filter { $0 == 1 }.count, "\(events) events")
            for k in 0..<events {
                let source = Int(indices[k])
                require(source >= 0 && source < n && accepted[source] == 1, "event source \(source)")
                require(k == 0 || indices[k - 1] < indices[k], "events not ascending")
                require(harm[k] == (1 - p[source]) * amplification, "harm \(harm[k])")
                require(blocked[k] <= 1, "blocked \(blocked[k])")
            }
            runs.append((0..<events).map { indices[$0] * 2 + Int64(blocked[$0]) })
        }
        require(runs.count < 2 || runs[0] == runs[1], "spillover depends on threads")
    }

    func optimal(_ input: inout FuzzInput) {
        let (n, p, accepted) = spilloverInputs(&input)
        var best = -7.0
        let status = call("ae_permeability_optimal") { error, size in
            ae_permeability_optimal(
                Int64(n), arena.array(p), arena.array(accepted), input.byte() < 8 ? input.double() : input.unit(),
                input.amount(), input.byte() < 8 ? input.double() : input.amount(), Int64(input.int(-2...200)),
                Int32(input.int(0...3)), &best, error, size)
        }
        if status == AE_OK { require(best >= 0 && best <= 1, "optimal permeability \(best)") }
    }

    // MARK: - Missions

    /// A columnar mission ledger (sometimes with out-of-range items).
    struct Ledger {
        var contributors = 0, itemCount = 0, n = 0
        var offsets: [Int64] = [0], items: [Int32] = [], p: [Double] = [], accepted: [UInt8] = []
        var interactionItems: [Int32] = []
    }

    func ledger(_ input: inout FuzzInput, maxContributors: Int) -> Ledger {
        var ledger = Ledger()
        ledger.contributors = input.int(0...maxContributors)
        ledger.itemCount = input.int(0...10)
        for _ in 0..<ledger.contributors {
            for _ in 0..<input.int(0...3) where ledger.itemCount > 0 {
                ledger.items.append(Int32(input.int(0...(ledger.itemCount - 1))))
            }
            ledger.offsets.append(Int64(ledger.items.count))
        }
        if input.byte() < 5 && !ledger.items.isEmpty { ledger.items[0] = Int32(input.int(-2...(ledger.itemCount + 2))) }
        ledger.n = input.int(0...12)
        ledger.p = (0..<ledger.n).map { _ in input.byte() < 4 ? input.double() : input.unit() }
        ledger.accepted = (0..<ledger.n).map { _ in UInt8(input.int(0...1)) }
        ledger.interactionItems = (0..<ledger.n).map { _ in Int32(input.int(-1...(ledger.itemCount - 1))) }
        return ledger
    }

    func missionRewards(_ input: inout FuzzInput) {
        let ledger = ledger(&input, maxContributors: 8)
        let pool = input.byte() < 10 ? input.double() : input.amount()
        let strategy = Int32(input.byte() < 8 ? input.int(-1...4) : input.int(0...2))
        let rows = arena.output(ledger.contributors, Int64(-7)), amounts = arena.output(ledger.contributors, -7.0)
        var paid: Int64 = -1
        let status = call("ae_mission_rewards") { error, size in
            ae_mission_rewards(
                strategy, Int64(ledger.contributors), arena.array(ledger.offsets), arena.array(ledger.items),
                Int64(ledger.itemCount), Int64(ledger.n), arena.array(ledger.p), arena.array(ledger.accepted),
                arena.array(ledger.interactionItems), pool, rows, amounts, &paid, error, size)
        }
        guard status == AE_OK else { return }
        require(paid >= 0 && paid <= ledger.contributors, "paid count \(paid)")
        var total = 0.0
        for k in 0..<Int(paid) {
            require(rows[k] >= 0 && rows[k] < ledger.contributors && (k == 0 || rows[k - 1] < rows[k]), "paid rows")
            require(amounts[k].isFinite && amounts[k] >= 0, "amount \(amounts[k])")
            total += amounts[k]
        }
        require(total <= pool * (1 + 1e-9) + 1e-9, "rewards \(total) exceed the pool \(pool)")
    }

    func missionShapley(_ input: inout FuzzInput) {
        let ledger = ledger(&input, maxContributors: 7)
        let objectives = input.int(0...3)
        let metrics = (0..<objectives).map { _ in Int32(input.byte() < 6 ? input.int(-1...7) : input.int(0...5)) }
        let targets = (0..<objectives).map { _ in input.byte() < 6 ? input.double() : input.unit() }
        let weights = (0..<objectives).map { _ in input.byte() < 6 ? input.double() : input.amount() }
        var options = ae_shapley_options()
        ae_shapley_options_default(&options)
        options.method = Int32(input.byte() < 6 ? input.int(-1...5) : input.int(0...3))
        options.max_permutations = Int64(input.int(-1...40))
        options.round_permutations = Int64(input.int(-1...9))
        options.coalitions = Int64(input.int(-1...60))
        options.target_standard_error = input.byte() < 6 ? input.double() : 0
        options.seed = UInt64(input.int(0...9))
        let c = ledger.contributors
        let players = arena.output(c, Int64(-7)), values = arena.output(c, -7.0)
        let errors: UnsafeMutablePointer<Double>? = input.bool() ? arena.output(c, -7.0) : nil
        var count: Int64 = -1, grand = -7.0
        let status = call("ae_mission_shapley") { error, size in
            ae_mission_shapley(
                Int64(c), arena.array(ledger.offsets), arena.array(ledger.items), Int64(ledger.itemCount),
                Int64(ledger.n), arena.array(ledger.p), arena.array(ledger.accepted),
                arena.array(ledger.interactionItems), Int64(objectives), arena.array(metrics), arena.array(targets),
                arena.array(weights), &options, players, values, errors, &count, &grand, error, size)
        }
        guard status == AE_OK else { return }
        require(count >= 0 && count <= c, "player count \(count)")
        for k in 0..<Int(count) {
            require(players[k] >= 0 && players[k] < c && (k == 0 || players[k - 1] < players[k]), "players")
        }
        if options.method == AE_SHAPLEY_EXACT && count > 0 && grand.isFinite {
            let total = (0..<Int(count)).reduce(0.0) { $0 + values[$1] }
            let magnitude = (0..<Int(count)).reduce(0.0) { $0 + abs(values[$1]) }
            require(
                abs(total - grand) <= 1e-9 * max(1, abs(grand), magnitude),
                "exact Shapley values sum \(total) != grand \(grand)")
        }
    }

    // MARK: - Handles

    /// A live handle of a pool, a destroyed one, or NULL (`stale` when not live).
    func pick(_ pool: [OpaquePointer], _ input: inout FuzzInput, _ stale: inout Bool) -> OpaquePointer? {
        let choice = input.byte()
        if choice < 8 || pool.isEmpty {
            stale = true
            return choice & 1 == 0 || destroyed.isEmpty ? nil : destroyed[Int(choice) % destroyed.count]
        }
        return pool[Int(choice) % pool.count]
    }

    func requireRefused(_ status: ae_status, _ stale: Bool, _ name: String) {
        if stale {
            require(status != AE_OK, "\(name) accepted a stale or NULL handle")
        }
    }

    func destroy(
        _ pool: inout [OpaquePointer], _ input: inout FuzzInput, _ name: String,
        _ body: (OpaquePointer?, UnsafeMutablePointer<CChar>?, Int) -> ae_status
    ) {
        var stale = false
        let picked = pick(pool, &input, &stale)
        guard let handle = picked, !stale else {
            let status = call(name) { body(picked, $0, $1) }
            // Destroying NULL is a no-op (as free(NULL) is); a destroyed handle is refused.
            if picked == nil { require(status == AE_OK, "\(name)(NULL) returned \(status)") }
            requireRefused(status, picked != nil, name)
            return
        }
        require(call(name) { body(handle, $0, $1) } == AE_OK, "\(name) failed on a live handle")
        pool.removeAll { $0 == handle }
        destroyed.append(handle)
        requireRefused(call(name) { body(handle, $0, $1) }, true, name + " twice")
    }

    func crashDetector(_ input: inout FuzzInput) {
        switch input.int(0...5) {
        case 0:
            var options = ae_crash_options()
            ae_crash_options_default(&options)
            if input.bool() { options.price_drop_threshold = input.double() }
            options.window_ticks = Int32(input.int(-1...12))
            options.require_volume_spike = Int32(input.int(0...2))
            var handle: OpaquePointer?
            if call("ae_crash_detector_create", { ae_crash_detector_create(&options, &handle, $0, $1) }) == AE_OK {
                detectors.append(adopt(handle))
            }
        case 1: destroy(&detectors, &input, "ae_crash_detector_destroy") { ae_crash_detector_destroy($0, $1, $2) }
        default:
            var stale = false
            let handle = pick(detectors, &input, &stale)
            for _ in 0..<input.int(1...20) {
                var started: Int32 = -1
                let price = input.byte() < 6 ? input.double() : 0.5 + input.unit()
                let status = call("ae_crash_detector_update") {
                    ae_crash_detector_update(handle, price, Int64(input.int(-1...50)), Int64(input.int(0...100)), &started, $0, $1)
                }
                requireRefused(status, stale, "ae_crash_detector_update")
            }
            var volatility = -7.0, inCrash: Int32 = -1, crashes: Int64 = -1
            let status = call("ae_crash_detector_state") {
                ae_crash_detector_state(handle, &volatility, &inCrash, &crashes, $0, $1)
            }
            requireRefused(status, stale, "ae_crash_detector_state")
            guard status == AE_OK else { return }
            require(volatility >= 0 && (inCrash == 0 || inCrash == 1) && crashes >= 0, "detector state")
            let capacity = input.int(0...4)
            let buffer = arena.output(capacity, ae_crash())
            var written: Int64 = -1
            if call(
                "ae_crash_detector_crashes",
                {
                    ae_crash_detector_crashes(handle, Int64(input.int(-1...3)), Int64(capacity), buffer, &written, $0, $1)
                }) == AE_OK
            {
                require(written >= 0 && written <= capacity, "crashes written \(written)")
            }
        }
    }

    func hfn(_ input: inout FuzzInput) {
        switch input.int(0...7) {
        case 0:
            var options = ae_hfn_options()
            ae_hfn_options_default(&options)
            options.max_orders_per_tick = Int32(input.int(0...4))
            options.batch_interval_ticks = Int32(input.int(0...4))
            options.halt_duration_ticks = Int32(input.int(0...5))
            options.priority_by_speed = Int32(input.int(0...2))
            if input.bool() { options.latency_noise_ms = input.double() }
            if input.bool() { options.crash.price_drop_threshold = input.double() }
            let words = (0..<input.int(0...3)).map { _ in UInt32(input.int(0...65_535)) }
            var handle: OpaquePointer?
            let status = call("ae_hfn_create") {
                ae_hfn_create(&options, self.arena.array(words), Int64(words.count), Int32(input.int(0...2)), &handle, $0, $1)
            }
            guard status == AE_OK, let handle else { return }
            hfns.append(adopt(handle))
            let reserved = call("ae_hfn_reserve") {
                ae_hfn_reserve(handle, Int64(input.int(-1...6)), Int64(input.int(-1...3)), $0, $1)
            }
            _ = reserved
        case 1: destroy(&hfns, &input, "ae_hfn_destroy") { ae_hfn_destroy($0, $1, $2) }
        default:
            var stale = false
            let handle = pick(hfns, &input, &stale)
            let n = input.int(0...16)
            let agents = (0..<n).map { _ in Int32(input.int(-1...6)) }, books = (0..<n).map { _ in Int64(input.int(-1...3)) }
            let types = (0..<n).map { _ in Int32(input.byte() < 8 ? input.int(-1...4) : input.int(0...2)) }
            let quantities = (0..<n).map { _ in input.byte() < 10 ? input.double() : 0.5 + input.unit() * 4 }
            let prices = (0..<n).map { _ in input.byte() < 10 ? input.double() : 0.5 + input.unit() }
            let outcomes = arena.output(n, Int32(-7))
            var accepted: Int64 = -1
            let status = call("ae_hfn_submit_batch") {
                ae_hfn_submit_batch(
                    handle, Int64(n), self.arena.array(agents), self.arena.array(books), self.arena.array(types),
                    self.arena.array(quantities), self.arena.array(prices), nil, nil, outcomes, nil, &accepted, $0, $1)
            }
            requireRefused(status, stale, "ae_hfn_submit_batch")
            if status == AE_OK {
                require((0..<n).allSatisfy { (0...7).contains(outcomes[$0]) }, "order outcome out of range")
            }
            for _ in 0..<input.int(0...3) {
                var tick = ae_hfn_tick()
                requireRefused(call("ae_hfn_process_tick") { ae_hfn_process_tick(handle, &tick, $0, $1) }, stale, "tick")
            }
            if input.byte() < 20 {
                requireRefused(
                    call("ae_hfn_halt") { ae_hfn_halt(handle, Int64(input.int(-1...30)), $0, $1) }, stale, "halt")
            }
            var state = ae_hfn_state()
            let got = call("ae_hfn_state_get") { ae_hfn_state_get(handle, &state, $0, $1) }
            requireRefused(got, stale, "ae_hfn_state_get")
            guard got == AE_OK else { return }
            require(state.resting_bids >= 0 && state.resting_asks >= 0, "negative resting orders")
            require(state.total_bid_volume >= -1e-9 && state.total_ask_volume >= -1e-9, "negative book volume")
            require(state.market_price.isFinite && state.market_price > 0, "market price \(state.market_price)")
            let capacity = input.int(0...8)
            let tradePrices = arena.output(capacity, -7.0), tradeQuantities = arena.output(capacity, -7.0)
            var written: Int64 = -1
            if call(
                "ae_hfn_trades",
                {
                    ae_hfn_trades(
                        handle, Int64(input.int(-1...4)), Int64(capacity), nil, nil, nil, tradePrices, tradeQuantities, nil,
                        &written, $0, $1)
                }) == AE_OK
            {
                require(written >= 0 && written <= capacity, "trades written \(written)")
                for k in 0..<Int(written) {
                    let price = tradePrices[k], quantity = tradeQuantities[k]
                    require(price.isFinite && price > 0 && quantity.isFinite && quantity > 0, "trade \(price) x \(quantity)")
                }
            }
            var gini = -7.0
            if call("ae_hfn_speed_gini", { ae_hfn_speed_gini(handle, &gini, $0, $1) }) == AE_OK {
                require(gini >= 0 && gini <= 1, "speed gini \(gini)")
            }
        }
    }

    func permeabilityModel(_ input: inout FuzzInput) {
        switch input.int(0...4) {
        case 0:
            var options = ae_permeability_options()
            ae_permeability_options_default(&options)
            if input.bool() { options.base_permeability = input.double() }
            if input.bool() { options.contagion_rate = input.double() }
            options.adaptive = Int32(input.int(0...2))
            var handle: OpaquePointer?
            let words = [UInt32(input.int(0...65_535))]
            if call(
                "ae_permeability_model_create",
                {
                    ae_permeability_model_create(&options, self.arena.array(words), 1, Int32(input.int(0...1)), &handle, $0, $1)
                }) == AE_OK
            {
                models.append(adopt(handle))
            }
        case 1: destroy(&models, &input, "ae_permeability_model_destroy") { ae_permeability_model_destroy($0, $1, $2) }
        default:
            var stale = false
            let handle = pick(models, &input, &stale)
            var effective = -7.0
            let threat = input.byte() < 10 ? input.double() : input.unit(), trust = input.unit()
            let status = call("ae_permeability_model_effective") {
                ae_permeability_model_effective(handle, threat, trust, &effective, $0, $1)
            }
            requireRefused(status, stale, "ae_permeability_model_effective")
            if status == AE_OK { require(effective >= 0 && effective <= 1, "effective permeability \(effective)") }
            var allowed: Int32 = -1, degraded = -7.0
            let p = input.byte() < 10 ? input.double() : input.unit()
            let crossed = call("ae_permeability_model_should_cross") {
                ae_permeability_model_should_cross(
                    handle, input.byte() < 10 ? input.double() : input.unit(), p, &allowed, &degraded, $0, $1)
            }
            requireRefused(crossed, stale, "should_cross")
            if crossed == AE_OK { require(allowed == 0 || allowed == 1, "allowed \(allowed)") }
            let (n, ps, accepted) = spilloverInputs(&input)
            let indices = arena.output(n, Int64(-7)), harm = arena.output(n, -7.0), blocked = arena.output(n, UInt8(7))
            var count: Int64 = -1
            let spilled = call("ae_permeability_model_spillover") {
                ae_permeability_model_spillover(
                    handle, Int64(n), self.arena.array(ps), self.arena.array(accepted), Int32(input.int(0...2)),
                    input.byte() < 10 ? input.double() : input.unit(), indices, harm, blocked, &count, $0, $1)
            }
            requireRefused(spilled, stale, "model spillover")
            if spilled == AE_OK { require(count >= 0 && count <= n, "model events \(count)") }
            var state = ae_permeability_state()
            if call("ae_permeability_model_state", { ae_permeability_model_state(handle, &state, $0, $1) }) == AE_OK {
                require(state.total_spillovers >= 0 && state.total_blocked >= 0, "model totals")
                require(state.cumulative_external_harm.isFinite && state.cumulative_external_harm >= 0, "model harm")
            }
        }
    }

    func sybilLever(_ input: inout FuzzInput) {
        switch input.int(0...4) {
        case 0:
            var handle: OpaquePointer?
            let threshold = input.byte() < 10 ? input.double() : input.unit()
            if call(
                "ae_sybil_lever_create",
                {
                    ae_sybil_lever_create(
                        threshold, Int32(input.int(-1...3)), Int32(input.int(0...2)), Int32(input.int(0...3)), &handle, $0, $1)
                }) == AE_OK
            {
                levers.append(adopt(handle))
            }
        case 1: destroy(&levers, &input, "ae_sybil_lever_destroy") { ae_sybil_lever_destroy($0, $1, $2) }
        default:
            var stale = false
            let handle = pick(levers, &input, &stale)
            let n = input.int(0...30)
            let initiators = (0..<n).map { _ in Int32(input.int(-1...12)) }
            let counterparties = (0..<n).map { _ in Int32(input.int(-1...12)) }
            requireRefused(
                call("ae_sybil_lever_record") {
                    ae_sybil_lever_record(handle, Int64(n), self.arena.array(initiators), self.arena.array(counterparties), $0, $1)
                }, stale, "ae_sybil_lever_record")
            var clusters: Int64 = -1, flagged: Int64 = -1
            let detected = call("ae_sybil_lever_detect") {
                ae_sybil_lever_detect(handle, Int32(input.int(0...3)), &clusters, &flagged, $0, $1)
            }
            requireRefused(detected, stale, "ae_sybil_lever_detect")
            guard detected == AE_OK else { return }
            require(clusters >= 0 && flagged >= 2 * clusters, "lever: \(clusters) clusters, \(flagged) flagged")
            let memberCapacity = input.int(0...26), offsetCapacity = input.int(0...14)
            let members = arena.output(memberCapacity, Int32(-7)), offsets = arena.output(offsetCapacity, Int64(-7))
            var count: Int64 = -1
            let listed = call("ae_sybil_lever_clusters") {
                ae_sybil_lever_clusters(handle, members, Int64(memberCapacity), offsets, Int64(offsetCapacity), &count, $0, $1)
            }
            require(listed == AE_OK || listed == AE_ERROR_CAPACITY, "lever clusters: \(listed)")
            require(count == clusters, "lever lists \(count) clusters, detected \(clusters)")
            if listed == AE_OK {
                require(offsets[Int(count)] == flagged, "lever members \(offsets[Int(count)]) != flagged \(flagged)")
            }
        }
    }

    func identityRegistry(_ input: inout FuzzInput) {
        switch input.int(0...4) {
        case 0:
            var options = ae_identity_options()
            ae_identity_options_default(&options)
            options.max_identities_per_entity = Int32(input.int(0...3))
            options.credential_expiry_epochs = Int32(input.int(0...5))
            options.proof_of_personhood_required = Int32(input.int(0...2))
            if input.bool() { options.behavioral_similarity_threshold = input.double() }
            var handle: OpaquePointer?
            if call("ae_identity_registry_create", { ae_identity_registry_create(&options, &handle, $0, $1) }) == AE_OK {
                registries.append(adopt(handle))
            }
        case 1:
            destroy(&registries, &input, "ae_identity_registry_destroy") { ae_identity_registry_destroy($0, $1, $2) }
        default:
            var stale = false
            let handle = pick(registries, &input, &stale)
            for _ in 0..<input.int(0...6) {
                var created: Int32 = -1, trust = -7.0
                requireRefused(
                    call("ae_identity_registry_create_identity") {
                        ae_identity_registry_create_identity(
                            handle, Int32(input.int(-1...8)), Int64(input.int(-1...3)), Int32(input.int(0...1)),
                            Int64(input.int(-1...9)), &created, &trust, $0, $1)
                    }, stale, "create_identity")
                var credential: Int64 = -1
                let epoch = input.byte() < 4 ? Int64.max - Int64(input.int(0...3)) : Int64(input.int(-1...9))
                requireRefused(
                    call("ae_identity_registry_add_credential") {
                        ae_identity_registry_add_credential(handle, Int32(input.int(-1...8)), epoch, &credential, $0, $1)
                    }, stale, "add_credential")
            }
            let capacity = input.int(0...10)
            let agents = arena.output(capacity, Int32(-7)), scores = arena.output(capacity, -7.0)
            var count: Int64 = -1, rate = -7.0
            let scored = call("ae_identity_registry_trust_scores") {
                ae_identity_registry_trust_scores(
                    handle, Int64(input.int(-1...60)), Int64(capacity), agents, scores, &count, &rate, $0, $1)
            }
            requireRefused(scored, stale, "trust_scores")
            if scored == AE_OK {
                for k in 0..<min(Int(count), capacity) { require(scores[k] >= 0.3 && scores[k] <= 1, "trust \(scores[k])") }
                require(rate >= 0 && rate <= 1, "proof-of-personhood rate \(rate)")
            }
        }
    }

    func missionEconomy(_ input: inout FuzzInput) {
        switch input.int(0...4) {
        case 0:
            var options = ae_mission_options()
            ae_mission_options_default(&options)
            options.min_participants = Int32(input.int(0...3))
            options.max_active_missions = Int32(input.int(0...3))
            options.reward_distribution = Int32(input.int(-1...3))
            var handle: OpaquePointer?
            if call("ae_mission_economy_create", { ae_mission_economy_create(&options, &handle, $0, $1) }) == AE_OK {
                economies.append(adopt(handle))
            }
        case 1: destroy(&economies, &input, "ae_mission_economy_destroy") { ae_mission_economy_destroy($0, $1, $2) }
        default:
            var stale = false
            let handle = pick(economies, &input, &stale)
            let objectives = input.int(0...2)
            let metrics = (0..<objectives).map { _ in Int32(input.int(-1...6)) }
            let targets = (0..<objectives).map { _ in input.byte() < 8 ? input.double() : input.unit() }
            let weights = (0..<objectives).map { _ in input.amount() }
            var mission: Int64 = -1
            let pool = input.byte() < 8 ? input.double() : input.amount()
            let proposed = call("ae_mission_economy_propose") {
                ae_mission_economy_propose(
                    handle, Int32(input.int(-1...5)), Int64(objectives), self.arena.array(metrics),
                    self.arena.array(targets), self.arena.array(weights), pool, Int64(input.int(-1...9)), &mission, $0, $1)
            }
            requireRefused(proposed, stale, "propose")
            let target = input.byte() < 30 ? Int64(input.int(-2...6)) : mission
            for agent in 0..<input.int(0...4) {
                var joined: Int32 = -1, recorded: Int32 = -1
                call("ae_mission_economy_join") { ae_mission_economy_join(handle, Int32(agent), target, &joined, $0, $1) }
                call("ae_mission_economy_record") {
                    ae_mission_economy_record(handle, Int32(agent), target, Int64(input.int(-1...6)), &recorded, $0, $1)
                }
            }
            let n = input.int(0...6)
            let ids = (0..<n).map { _ in Int64(input.int(-1...6)) }, ps = (0..<n).map { _ in input.unit() }
            let accepted = (0..<n).map { _ in UInt8(input.int(0...1)) }
            var evaluation = ae_mission_evaluation()
            let actualsRoom = input.int(0...4)
            let actuals = input.int(0...1) == 0 ? nil : arena.output(actualsRoom, -7.0)
            call("ae_mission_economy_evaluate") {
                ae_mission_economy_evaluate(
                    handle, target, Int64(n), self.arena.array(ids), self.arena.array(ps), self.arena.array(accepted),
                    Int64(input.int(-1...12)), &evaluation, Int64(actualsRoom), actuals, $0, $1)
            }
            let capacity = input.int(0...5)
            let agents = arena.output(capacity, Int32(-7)), amounts = arena.output(capacity, -7.0)
            var count: Int64 = -1
            if call(
                "ae_mission_economy_distribute",
                {
                    ae_mission_economy_distribute(
                        handle, target, Int64(n), self.arena.array(ids), self.arena.array(ps), self.arena.array(accepted),
                        Int64(capacity), agents, amounts, &count, $0, $1)
                }) == AE_OK
            {
                var info = ae_mission_info()
                require(call("ae_mission_economy_info", { ae_mission_economy_info(handle, target, &info, $0, $1) }) == AE_OK, "info")
                let total = (0..<min(Int(count), capacity)).reduce(0.0) { $0 + amounts[$1] }
                require(count <= capacity, "paid \(count) agents into \(capacity) places")
                require(total <= info.reward_pool * (1 + 1e-9) + 1e-9, "rewards \(total) exceed \(info.reward_pool)")
                require(info.free_rider_index >= 0 && info.free_rider_index <= 1, "free-rider index")
            }
        }
    }

    /// Handles that were never created (addresses the library never returned), destroyed
    /// ones, and NULL: every kind of call refuses them.
    func foreignHandles(_ input: inout FuzzInput) {
        let address = UInt(input.int(1...65_535)) << 4
        let handles: [OpaquePointer?] = [OpaquePointer(bitPattern: address), nil] + destroyed.prefix(2).map { $0 }
        for handle in handles {
            var state = ae_hfn_state(), volatility = 0.0, count: Int64 = 0, info = ae_mission_info()
            var permeability = ae_permeability_state(), flagged: Int32 = 0
            let results = [
                call("hfn") { ae_hfn_state_get(handle, &state, $0, $1) },
                call("detector") { ae_crash_detector_state(handle, &volatility, nil, nil, $0, $1) },
                call("model") { ae_permeability_model_state(handle, &permeability, $0, $1) },
                call("lever") { ae_sybil_lever_is_flagged(handle, 0, &flagged, &count, $0, $1) },
                call("registry") { ae_identity_registry_trust_scores(handle, 0, 0, nil, nil, &count, nil, $0, $1) },
                call("economy") { ae_mission_economy_info(handle, 0, &info, $0, $1) },
            ]
            require(
                results.allSatisfy { $0 == AE_ERROR_UNKNOWN_ID || $0 == AE_ERROR_NULL_POINTER }, "foreign handle accepted: \(results)")
        }
        // A live handle of one kind is not a handle of another.
        if let hfn = hfns.first {
            var info = ae_mission_info()
            let status = call("economy with an hfn handle") { ae_mission_economy_info(hfn, 0, &info, $0, $1) }
            require(status == AE_ERROR_UNKNOWN_ID, "an hfn handle passed as a mission economy: \(status)")
        }
    }

    /// Destroys every live handle (LeakSanitizer would report the rest).
    func destroyAll() {
        for handle in hfns { _ = ae_hfn_destroy(handle, nil, 0) }
        for handle in detectors { _ = ae_crash_detector_destroy(handle, nil, 0) }
        for handle in models { _ = ae_permeability_model_destroy(handle, nil, 0) }
        for handle in levers { _ = ae_sybil_lever_destroy(handle, nil, 0) }
        for handle in registries { _ = ae_identity_registry_destroy(handle, nil, 0) }
        for handle in economies { _ = ae_mission_economy_destroy(handle, nil, 0) }
    }
}
