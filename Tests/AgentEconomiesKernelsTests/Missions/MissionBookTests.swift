import AgentEconomiesKernels
import Foundation
import Testing

/// The one mission lifecycle: proposals refused at the open limit and for a bad pool, joins
/// once each, activation at `minParticipants`, contributions only from participants of active
/// missions, settlement and expiry, the free-rider index, archiving, and a checkpoint round trip.
@Suite("Mission book")
struct MissionBookTests {
    let objectives = try! MissionObjectiveColumns(metrics: [.avgP], targets: [0.5], weights: [1])

    @Test("the reference's lifecycle on handles")
    func lifecycle() throws {
        var book = try MissionBook(minParticipants: 3, maxActiveMissions: 2)
        let firstHandle = book.propose(coordinator: 7, objectives: objectives, pool: 10, deadline: 5)
        let first = try #require(firstHandle)
        #expect(book.missions[first].status == .proposed && book.missions[first].participants == [7])
        let zeroPool = book.propose(coordinator: 1, objectives: objectives, pool: 0, deadline: 5)
        let nanPool = book.propose(coordinator: 1, objectives: objectives, pool: .nan, deadline: 5)
        #expect(zeroPool == nil && nanPool == nil)
        let secondHandle = book.propose(coordinator: 8, objectives: objectives, pool: 10, deadline: 2)
        let second = try #require(secondHandle)
        let third = book.propose(coordinator: 9, objectives: objectives, pool: 10, deadline: 5)
        #expect(third == nil)  // two open
        let recorded1 = try book.record(agent: 7, mission: first, interaction: 1)
        #expect(!recorded1)  // not active yet
        let joined = try book.join(agent: 3, mission: first)
        let again = try book.join(agent: 3, mission: first)
        #expect(joined && again)
        #expect(book.missions[first].participants == [7, 3])  // once each
        let fourth = try book.join(agent: 4, mission: first)
        #expect(fourth)
        #expect(book.missions[first].status == .active)
        let recorded2 = try book.record(agent: 3, mission: first, interaction: 10)
        #expect(recorded2)
        let recorded3 = try book.record(agent: 3, mission: first, interaction: 10)
        #expect(recorded3)  // duplicates kept
        let recorded4 = try book.record(agent: 7, mission: first, interaction: 11)
        #expect(recorded4)
        let recorded5 = try book.record(agent: 99, mission: first, interaction: 12)
        #expect(!recorded5)  // not a participant
        #expect(book.missions[first].contributors == [3, 7] && book.missions[first].recorded == [[10, 10], [11]])
        // Counts 2, 1 and 0 (agent 4 silent): Gini of [2, 1, 0].
        #expect(abs(book.missions[first].freeRiderIndex - giniCoefficient([2, 1, 0])) < 1e-15)
        #expect(book.due(epoch: 2) == [second])
        let expired = book.expire(epoch: 2)
        #expect(expired == [second] && book.missions[second].status == .expired)
        let roomAgain = book.propose(coordinator: 9, objectives: objectives, pool: 10, deadline: 5)
        #expect(roomAgain != nil)
        let early = try book.settle(mission: first, met: [false], epoch: 4)
        let late = try book.settle(mission: first, met: [false], epoch: 5)
        #expect(early == .active && late == .failed)
        #expect(throws: AgentEconomiesError.self) { try book.join(agent: 1, mission: 42) }
        let ledger = try book.missions[first].ledger(ids: [11, 10, 5], p: [0.9, 0.4, 0.1], accepted: [true, false, true])
        #expect(ledger.interactionItems == [1, 0, -1])
    }

    @Test("archived missions keep their counts; a book round-trips through JSON")
    func archiveAndCodable() throws {
        var book = try MissionBook(minParticipants: 1, maxActiveMissions: 10)
        let handleHandle = book.propose(coordinator: 1, objectives: objectives, pool: 5, deadline: 1, epoch: 1)
        let handle = try #require(handleHandle)
        _ = try book.join(agent: 2, mission: handle)
        for id in 0..<5 { _ = try book.record(agent: Int32(1 + id % 2), mission: handle, interaction: Int64(id)) }
        #expect(throws: AgentEconomiesError.self) { try book.archive(mission: handle) }  // still open
        let copy = try JSONDecoder().decode(MissionBook.self, from: try JSONEncoder().encode(book))
        #expect(copy == book)
        let index = book.missions[handle].freeRiderIndex
        try book.settle(mission: handle, met: [true], epoch: 1)
        try book.archive(mission: handle)
        #expect(book.missions[handle].recorded.isEmpty && book.missions[handle].freeRiderIndex == index)
        let damaged = try JSONEncoder().encode(book).replacing(
            Data("\"contributors\":[1,2]".utf8), with: Data("\"contributors\":[1,9]".utf8))
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(MissionBook.self, from: damaged) }
    }
}
