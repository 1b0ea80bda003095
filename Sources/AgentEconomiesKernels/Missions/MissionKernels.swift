/// The reward rules of a mission over a ``MissionLedger``: the reference's three strategies
/// (equal, proportional, its leave-one-out "shapley") and payment by true Shapley values.
///
/// Every reference strategy is linear in the recorded contributions: per-contributor sums
/// are built once, and the leave-one-out rule removes each contributor's own items from
/// compensated totals instead of recomputing the mean without it.
public enum MissionKernels {
    /// Rows with at least one recorded item (the reference's contributors).
    static func contributors(_ ledger: MissionLedger) -> [Int] {
        (0..<ledger.contributorCount).filter { ledger.contributionOffsets[$0 + 1] > ledger.contributionOffsets[$0] }
    }

    /// The reference's equal split of `pool` among rows with a recorded item.
    ///
    /// - Complexity: O(contributors).
    public static func equal(_ ledger: MissionLedger, pool: Double) -> MissionPayout {
        equal(recordedCounts: (0..<ledger.contributorCount).map { ledger.items(of: $0).count }, pool: pool)
    }

    /// The equal split from each row's number of recorded items alone (no ledger needed).
    ///
    /// - Complexity: O(rows).
    public static func equal(recordedCounts: [Int], pool: Double) -> MissionPayout {
        let rows = recordedCounts.indices.filter { recordedCounts[$0] > 0 }
        if rows.isEmpty { return MissionPayout() }
        return MissionPayout(rows: rows, amounts: [Double](repeating: pool / Double(rows.count), count: rows.count))
    }

    /// The reference's proportional split: a row's score is the number of its recorded
    /// items found among the interactions times their mean p (duplicates kept); rows with a
    /// positive score share `pool` by score.
    ///
    /// - Complexity: O(recorded items).
    public static func proportional(_ ledger: MissionLedger, pool: Double) -> MissionPayout {
        var scores = [Double](repeating: 0, count: ledger.contributorCount)
        for row in 0..<ledger.contributorCount {
            var sum = 0.0
            var found = 0
            for item in ledger.items(of: row) {
                let index = ledger.lastOccurrence[Int(item)]
                if index >= 0 {
                    sum += ledger.p[index]
                    found += 1
                }
            }
            scores[row] = found > 0 ? Double(found) * (sum / Double(found)) : 0
        }
        var total = 0.0
        for score in scores { total += score }
        if total == 0 { return MissionPayout() }
        var payout = MissionPayout()
        for (row, score) in scores.enumerated() where score > 0 {
            payout.rows.append(row)
            payout.amounts.append(score / total * pool)
        }
        return payout
    }

    /// The reference's leave-one-out rule (its "shapley" strategy): a contributor's marginal
    /// is `max(0, mean p of all found distinct items - mean p without its own distinct
    /// items)` plus its recorded count over the number of distinct items; `pool` is split by
    /// marginal, equally when every marginal is 0.
    ///
    /// - Complexity: O(recorded items).
    public static func leaveOneOut(_ ledger: MissionLedger, pool: Double) -> MissionPayout {
        let rows = contributors(ledger)
        if rows.isEmpty { return MissionPayout() }
        var total = CompensatedSum()
        var foundCount = 0
        for item in 0..<ledger.itemCount {
            let index = ledger.lastOccurrence[item]
            if index >= 0 {
                total.add(ledger.p[index])
                foundCount += 1
            }
        }
        let distinct = ledger.itemCount
        let fullMean = foundCount > 0 ? total.sum / Double(foundCount) : 0
        var seen = [Int](repeating: -1, count: distinct)
        var marginals: [Double] = []
        for row in rows {
            var ownSum = CompensatedSum()
            var ownFound = 0
            for item in ledger.items(of: row) where seen[Int(item)] != row {
                seen[Int(item)] = row
                let index = ledger.lastOccurrence[Int(item)]
                if index >= 0 {
                    ownSum.add(ledger.p[index])
                    ownFound += 1
                }
            }
            let withoutCount = foundCount - ownFound
            var without = 0.0
            if withoutCount > 0 {
                var rest = total
                rest.add(-ownSum.value)
                rest.add(-ownSum.compensation)
                without = rest.sum / Double(withoutCount)
            }
            let qualityDelta = max(0, fullMean - without)
            let volumeShare = Double(ledger.items(of: row).count) / Double(max(distinct, 1))
            marginals.append(qualityDelta + volumeShare)
        }
        var totalMarginal = 0.0
        for marginal in marginals { totalMarginal += marginal }
        if totalMarginal == 0 { return equal(ledger, pool: pool) }
        return MissionPayout(rows: rows, amounts: marginals.map { $0 / totalMarginal * pool })
    }

    /// Pays `pool * max(v, 0) / sum max(v, 0)` to the rows `rows` with values `values`; the
    /// equal split when no value is positive.
    ///
    /// - Complexity: O(rows), or ``equal(_:pool:)``'s O(contributors) when no value is positive.
    public static func payByValues(
        _ ledger: MissionLedger, rows: [Int], values: [Double],
        pool: Double
    ) -> MissionPayout {
        var positive = 0.0
        for value in values where value > 0 { positive += value }
        if !(positive > 0) { return equal(ledger, pool: pool) }
        return MissionPayout(rows: rows, amounts: values.map { max($0, 0) / positive * pool })
    }

    /// Shapley values of the contributors (rows with a recorded item, in row order) for the
    /// game `v(S) = objectives' score over the interactions recorded by S`.
    ///
    /// When every recorded interaction was recorded by one contributor, the game is additive
    /// in per-contributor aggregates (``AdditiveGame``, GEMM-friendly); otherwise
    /// interactions are grouped by the set of contributors that recorded them and a
    /// coalition counts a group when it holds any of them (``CoalitionFunctionGame``).
    ///
    /// - Returns: the contributor rows and the estimate (values in that order).
    /// - Throws: ``AgentEconomiesError`` when the method's limits are exceeded.
    /// - Complexity: O(recorded items x r + interactions x r log r) to group the interactions by
    ///   the set of their r recorders, then the estimate by `method` over the contributors: an
    ///   additive game when every interaction has one recorder, else a coalition function whose
    ///   every value costs O(groups x r + objectives).
    public static func shapleyValues(
        _ ledger: MissionLedger, objectives: MissionObjectiveColumns,
        method: ShapleyMethod
    ) throws -> (rows: [Int], estimate: ShapleyKernels.Estimate) {
        let rows = contributors(ledger)
        var player = [Int](repeating: -1, count: ledger.contributorCount)
        for (index, row) in rows.enumerated() { player[row] = index }
        // The players that recorded each item, in order of recording.
        var recorders = [[Int]](repeating: [], count: ledger.itemCount)
        for row in rows {
            for item in ledger.items(of: row) where !recorders[Int(item)].contains(player[row]) {
                recorders[Int(item)].append(player[row])
            }
        }
        // Aggregates per distinct recorder set, over every recorded occurrence, in order of
        // first appearance.
        var groupIndex: [[Int]: Int] = [:]
        var groups: [(owners: [Int], aggregate: MissionAggregate)] = []
        for index in ledger.p.indices {
            let item = ledger.interactionItems[index]
            if item < 0 || recorders[Int(item)].isEmpty { continue }
            let owners = recorders[Int(item)].sorted()
            let slot =
                groupIndex[owners]
                ?? {
                    groups.append((owners, MissionAggregate()))
                    groupIndex[owners] = groups.count - 1
                    return groups.count - 1
                }()
            groups[slot].aggregate.add(p: ledger.p[index], accepted: ledger.accepted[index])
        }
        let estimate: ShapleyKernels.Estimate
        if groups.allSatisfy({ $0.owners.count == 1 }) {
            var aggregates = [Double](repeating: 0, count: rows.count * 4)
            var minima = [Double](repeating: .infinity, count: rows.count)
            for (owners, aggregate) in groups {
                let player = owners[0]
                aggregates[player * 4] = aggregate.count
                aggregates[player * 4 + 1] = aggregate.sumP
                aggregates[player * 4 + 2] = aggregate.accepted
                aggregates[player * 4 + 3] = aggregate.welfare
                minima[player] = aggregate.minP
            }
            let game = try AdditiveGame(
                aggregates: Matrix(rows: rows.count, columns: 4, storage: aggregates),
                minima: minima
            ) { sums, minimum in
                var aggregate = MissionAggregate()
                (aggregate.count, aggregate.sumP, aggregate.accepted, aggregate.welfare) = (
                    sums[0], sums[1], sums[2],
                    sums[3]
                )
                aggregate.minP = minimum
                return objectives.score(aggregate)
            }
            estimate = try ShapleyKernels.estimate(game, method: method)
        } else {
            let groupList = groups
            let game = try CoalitionFunctionGame(players: rows.count) { members in
                var total = MissionAggregate()
                for (owners, aggregate) in groupList where owners.contains(where: { members[$0] }) {
                    total.add(aggregate)
                }
                return objectives.score(total)
            }
            estimate = try ShapleyKernels.estimate(game, method: method)
        }
        return (rows, estimate)
    }
}
