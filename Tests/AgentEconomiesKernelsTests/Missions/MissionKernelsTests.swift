import AgentEconomiesKernels
import Testing

/// The mission kernels on hand-built ledgers: the reference's three strategies, payment by
/// Shapley values, evaluation over columns, and ledger validation.
@Suite struct MissionKernelsTests {
    /// Rows 0..2 record items; row 3 records nothing. Items: 0 "x", 1 "y", 2 "z" (not in the
    /// interactions). Interactions: x (p 0.9), y (p 0.4, rejected), an unrecorded one, x
    /// again (p 0.7; the last occurrence is the one an ID lookup finds).
    func ledger() throws -> MissionLedger {
        try MissionLedger(
            contributionOffsets: [0, 2, 4, 5, 5], recordedItems: [0, 0, 1, 2, 1], itemCount: 3,
            p: [0.9, 0.4, 0.5, 0.7], accepted: [true, false, true, true],
            interactionItems: [0, 1, -1, 0])
    }

    @Test func lastOccurrenceIsTheLookedUpInteraction() throws {
        let ledger = try ledger()
        #expect(ledger.lastOccurrence == [3, 1, -1])
        #expect(ledger.recordedInteractionCount == 3)
        #expect(Array(ledger.items(of: 1)) == [1, 2])
    }

    @Test func equalSplitsAmongRowsThatRecorded() throws {
        let payout = MissionKernels.equal(try ledger(), pool: 90)
        #expect(payout.rows == [0, 1, 2])
        #expect(payout.amounts == [30, 30, 30])
    }

    @Test func proportionalPaysFoundCountTimesMeanP() throws {
        // Row 0: x twice -> 2 x 0.7 = 1.4; row 1: y found (0.4), z not -> 0.4; row 2: y -> 0.4.
        let payout = MissionKernels.proportional(try ledger(), pool: 110)
        #expect(payout.rows == [0, 1, 2])
        let total = 1.4 + 0.4 + 0.4
        #expect(zip(payout.amounts, [1.4, 0.4, 0.4]).allSatisfy { close($0, $1 / total * 110) })
    }

    @Test func leaveOneOutFollowsTheReferenceFormula() throws {
        // Found distinct items: x (0.7), y (0.4): full mean 0.55; three distinct items.
        // Row 0 without x: 0.4 -> 0.15 + 2/3; row 1 without y: 0.7 -> 0 + 2/3; row 2 without y -> 0 + 1/3.
        let payout = MissionKernels.leaveOneOut(try ledger(), pool: 10)
        let marginals = [0.55 - 0.4 + 2.0 / 3, 2.0 / 3, 1.0 / 3]
        let total = marginals.reduce(0, +)
        #expect(payout.rows == [0, 1, 2])
        #expect(zip(payout.amounts, marginals).allSatisfy { close($0, $1 / total * 10, relative: 1e-12) })
    }

    @Test func shapleyValuesAreEfficientAndPayOnlyPositiveValues() throws {
        let ledger = try ledger()
        let objectives = try MissionObjectiveColumns(
            metrics: [.totalCount, .avgP], targets: [4, 0.8], weights: [1, 1])
        let (rows, estimate) = try MissionKernels.shapleyValues(ledger, objectives: objectives, method: .exact)
        #expect(rows == [0, 1, 2])
        let grand = objectives.score(ledger.recordedAggregate)
        #expect(close(estimate.values.reduce(0, +), grand, relative: 1e-12))
        #expect(close(estimate.grandValue, grand, relative: 1e-12))
        // Rows 1 and 2 recorded the same interaction (y): they are symmetric players.
        #expect(close(estimate.values[1], estimate.values[2], relative: 1e-12))
        let payout = MissionKernels.payByValues(ledger, rows: rows, values: [-1, 1, 3], pool: 8)
        #expect(payout.amounts == [0, 2, 6])
        #expect(MissionKernels.payByValues(ledger, rows: rows, values: [0, 0, -1], pool: 9).amounts == [3, 3, 3])
    }

    @Test func evaluationOverColumns() throws {
        let aggregate = try ledger().recordedAggregate
        #expect(aggregate.count == 3 && aggregate.accepted == 2 && aggregate.minP == 0.4)
        let objectives = try MissionObjectiveColumns(
            metrics: [.avgP, .acceptanceRate, MissionMetric(rawValue: "other")],
            targets: [0.6, 0.5, 1], weights: [2, 1, 1])
        let (actuals, met, score) = objectives.evaluate(aggregate)
        #expect(close(actuals[0], (0.9 + 0.4 + 0.7) / 3) && close(actuals[1], 2.0 / 3) && actuals[2] == 0)
        #expect(met == [true, true, false])
        #expect(close(score, (2 + 1 + 0) / 4.0))
    }

    @Test func badLedgersAreRejected() {
        #expect(throws: AgentEconomiesError.self) {
            try MissionLedger(
                contributionOffsets: [0, 2], recordedItems: [0], itemCount: 1, p: [], accepted: [],
                interactionItems: [])
        }
        #expect(throws: AgentEconomiesError.self) {
            try MissionLedger(
                contributionOffsets: [0, 1], recordedItems: [4], itemCount: 1, p: [], accepted: [],
                interactionItems: [])
        }
        #expect(throws: AgentEconomiesError.self) {
            try MissionLedger(
                contributionOffsets: [0, 1], recordedItems: [0], itemCount: 1, p: [1.5], accepted: [true],
                interactionItems: [0])
        }
        #expect(throws: AgentEconomiesError.self) {
            try MissionObjectiveColumns(metrics: [.avgP], targets: [], weights: [1])
        }
    }
}
