import AgentEconomiesKernels

/// A population of interaction patterns with planted Sybil groups.
package struct PlantedPopulation: Sendable {
    /// The patterns, one row per agent.
    package var patterns: PatternMatrix
    /// The planted groups: each group's rows, ascending.
    package var groups: [[Int]]
    /// The first rows as generated, (counterparty, count) pairs in generation order: what a
    /// baseline that keeps its own copy of the input (dictionaries keyed by name) is built
    /// from. Only as many rows as were asked for are kept.
    package var leadingRows: [[(Int32, Int)]]
}

/// Seeded interaction patterns with planted groups of near-identical agents: the Sybil
/// benchmarks' sparse (``sparse(agents:counterparties:seed:keepingRows:)``) and dense
/// (``dense(agents:features:seed:keepingRows:)``) populations, and the tests' patterns with
/// caller-chosen planted rows (``keyed(rows:columns:seed:keyCounts:planted:)``).
package enum PlantedPatterns {
    /// Sparse interaction patterns: `agents` agents with 20 distinct counterparties each
    /// drawn by ``ZipfPopularity`` over `counterparties`, counts 1 to 5; then one planted
    /// group per 500 agents (at least one), planted by
    /// ``plant(into:groupOf:groups:dominantBase:template:random:)`` with a dominant count
    /// of 200 to 299 and templates of 20 Zipf draws. `sybil.sparse_clusters`, `mpi-bench`
    /// and `mpi-check` run it.
    ///
    /// - Precondition: `counterparties >= 20` and `agents >= 10 x (agents / 500)` (room
    ///   for the largest groups).
    /// - Throws: Never in practice: the rows satisfy ``PatternMatrix``'s checks by construction.
    /// - Complexity: O(agents x 20 x (log counterparties + 20)).
    package static func sparse(
        agents: Int, counterparties: Int, seed: UInt64, keepingRows: Int = 0
    ) throws -> PlantedPopulation {
        var random = FastRandom(seed: seed)
        let popularity = ZipfPopularity(count: counterparties)
        var rows = (0..<agents).map { _ in
            popularity.distinctDraws(20, random: &random).map { ($0, 1 + Int(random.next() % 5)) }
        }
        var groupOf = [Int](repeating: -1, count: agents)
        let groups = max(1, agents / 500)
        plant(
            into: &rows, groupOf: &groupOf, groups: groups, dominantBase: 200,
            template: { popularity.distinctDraws(20, random: &$0) }, random: &random)
        return try population(
            rows: rows, columns: counterparties, groupOf: groupOf, groups: groups, keepingRows: keepingRows)
    }

    /// Dense behaviour profiles: every one of `features` features present with probability
    /// 0.3 (in a shuffled order, then sorted), counts 1 to 9; then one planted group per 200
    /// agents (at least one), planted by ``plant(into:groupOf:groups:dominantBase:template:random:)``
    /// with a dominant count of 4,000 to 5,999 and fresh profiles as templates.
    /// `sybil.dense_similarity` runs it.
    ///
    /// - Precondition: room for the groups, as in ``sparse(agents:counterparties:seed:keepingRows:)``,
    ///   and templates that are not empty (many features).
    /// - Throws: Never in practice: the rows satisfy ``PatternMatrix``'s checks by construction.
    /// - Complexity: O(agents x features).
    package static func dense(
        agents: Int, features: Int, seed: UInt64, keepingRows: Int = 0
    ) throws -> PlantedPopulation {
        var random = FastRandom(seed: seed)
        func profile(_ random: inout FastRandom) -> [Int32] {
            (0..<Int32(features)).filter { _ in random.random() < 0.3 }.shuffled(using: &random)
        }
        var rows = (0..<agents).map { _ in profile(&random).sorted().map { ($0, 1 + Int(random.next() % 9)) } }
        var groupOf = [Int](repeating: -1, count: agents)
        let groups = max(1, agents / 200)
        plant(
            into: &rows, groupOf: &groupOf, groups: groups, dominantBase: 4_000, template: { profile(&$0) },
            random: &random)
        return try population(
            rows: rows, columns: features, groupOf: groupOf, groups: groups, keepingRows: keepingRows)
    }

    /// Plants `groups` Sybil groups of 3 to 10 agents at random rows: every member gets the
    /// group's counterparties (`template`, drawn once per group), with the counts perturbed
    /// (1 to 3), and most of its interactions go to the first of them, one shared target
    /// (`dominant` plus -5 to 5, `dominant` drawn in `dominantBase ..< 1.5 x dominantBase`):
    /// the collusion the Sybil lever is meant to catch. Sets `groupOf[row]` to the group of
    /// each planted row.
    ///
    /// - Precondition: `rows` has room for every group (at most 10 rows each) and
    ///   `dominantBase >= 2`.
    /// - Complexity: O(rows + planted rows x template length).
    package static func plant(
        into rows: inout [[(Int32, Int)]], groupOf: inout [Int], groups: Int, dominantBase: Int,
        template: (inout FastRandom) -> [Int32], random: inout FastRandom
    ) {
        var free = Array(0..<rows.count).shuffled(using: &random)
        for group in 0..<groups {
            let keys = template(&random)
            let dominant = dominantBase + Int(random.next() % UInt64(dominantBase / 2))
            let size = 3 + Int(random.next() % 8)
            for _ in 0..<size {
                let row = free.removeLast()
                groupOf[row] = group
                rows[row] = keys.enumerated().map { index, key in
                    (key, index == 0 ? dominant + Int(random.next() % 11) - 5 : 1 + Int(random.next() % 3))
                }
            }
        }
    }

    /// Rows of (counterparty, count) pairs as a population; `groupOf[row]` is the planted
    /// group of a row (-1: none) and `keepingRows` how many leading rows to keep as they are.
    ///
    /// - Throws: ``AgentEconomiesError`` when a row repeats a counterparty or names one
    ///   outside `0..<columns` (see ``PatternMatrix``).
    /// - Complexity: O(rows + entries log(longest row)).
    package static func population(
        rows: [[(Int32, Int)]], columns: Int, groupOf: [Int], groups: Int, keepingRows: Int
    ) throws -> PlantedPopulation {
        var offsets = [0], keys = [Int32](), values = [Double]()
        offsets.reserveCapacity(rows.count + 1)
        for row in rows {
            for (key, count) in row {
                keys.append(key)
                values.append(Double(count))
            }
            offsets.append(keys.count)
        }
        var members = [[Int]](repeating: [], count: groups)
        for (row, group) in groupOf.enumerated() where group >= 0 { members[group].append(row) }
        return PlantedPopulation(
            patterns: try PatternMatrix(columnCount: columns, rowOffsets: offsets, columns: keys, values: values),
            groups: members, leadingRows: Array(rows.prefix(keepingRows)))
    }

    /// Patterns of `rows` rows over `columns` counterparties in which `planted(row)` gives a
    /// planted row's keys and `nil` asks for random ones: `keyCounts` draws (fewer keys
    /// where draws repeat) uniform over the columns. Every key's count is 1 to 3. The
    /// similarity-join tests plant their groups with it.
    ///
    /// - Precondition: `columns > 0`.
    /// - Throws: ``AgentEconomiesError`` when a planted key lies outside `0..<columns`.
    /// - Complexity: O(entries log(longest row)).
    package static func keyed(
        rows: Int, columns: Int, seed: UInt64, keyCounts: ClosedRange<Int>, planted: (Int) -> Set<Int32>?
    ) throws -> PatternMatrix {
        var random = FastRandom(seed: seed)
        var offsets = [0], keys: [Int32] = [], values: [Double] = []
        for row in 0..<rows {
            let rowKeys =
                planted(row)
                ?? Set(
                    (0..<(keyCounts.lowerBound + Int(random.next() % UInt64(keyCounts.count)))).map { _ in
                        Int32(random.next() % UInt64(columns))
                    })
            for key in rowKeys.sorted() {
                keys.append(key)
                values.append(Double(1 + random.next() % 3))
            }
            offsets.append(keys.count)
        }
        return try PatternMatrix(columnCount: columns, rowOffsets: offsets, columns: keys, values: values)
    }
}
