import AgentEconomiesKernels
import Testing

/// `PatternMatrix(interactionsOf:offsets:counterparties:threads:)`: the symmetric patterns
/// built over the workers equal those recorded one interaction at a time, at any thread
/// count, and bad lists are refused naming the field.
@Suite("Interaction patterns")
struct InteractionPatternsTests {
    /// A Zipf-like interaction list (a few popular counterparties, some repeats and
    /// self-interactions) in initiator order.
    static func interactions(agents: Int, seed: UInt64) -> (offsets: [Int], counterparties: [Int32]) {
        var random = FastRandom(seed: seed, stream: 1)
        var offsets = [0], counterparties: [Int32] = []
        for _ in 0..<agents {
            let count = Int(random.random() * 12)
            for _ in 0..<count {
                let u = random.random()
                counterparties.append(Int32(Double(agents) * u * u * u))
            }
            offsets.append(counterparties.count)
        }
        return (offsets, counterparties)
    }

    /// The same patterns counted in dictionaries, row by row.
    static func reference(agents: Int, offsets: [Int], counterparties: [Int32]) throws -> PatternMatrix {
        var rows = [[Int32: Double]](repeating: [:], count: agents)
        for initiator in 0..<agents {
            for index in offsets[initiator]..<offsets[initiator + 1] {
                let other = Int(counterparties[index])
                rows[initiator][Int32(other), default: 0] += 1
                rows[other][Int32(initiator), default: 0] += 1
            }
        }
        var rowOffsets = [0], columns: [Int32] = [], values: [Double] = []
        for row in rows {
            for (column, count) in row.sorted(by: { $0.key < $1.key }) {
                columns.append(column)
                values.append(count)
            }
            rowOffsets.append(columns.count)
        }
        return try PatternMatrix(columnCount: agents, rowOffsets: rowOffsets, columns: columns, values: values)
    }

    @Test("equal to the dictionary count at 1, 2, 3 and 8 threads", arguments: [0, 1, 7, 2_049, 20_000])
    func matchesReference(agents: Int) throws {
        let (offsets, counterparties) = Self.interactions(agents: agents, seed: UInt64(agents) + 3)
        let expected = try Self.reference(agents: agents, offsets: offsets, counterparties: counterparties)
        for threads in [1, 2, 3, 8] {
            let built = try PatternMatrix(
                interactionsOf: agents, offsets: offsets, counterparties: counterparties, threads: threads)
            #expect(built == expected, "threads \(threads)")
        }
    }

    @Test("bad lists are refused naming the field")
    func refusals() {
        func message(_ agents: Int, _ offsets: [Int], _ counterparties: [Int32]) -> String {
            do {
                _ = try PatternMatrix(interactionsOf: agents, offsets: offsets, counterparties: counterparties, threads: 2)
                return "accepted"
            } catch { return "\(error)" }
        }
        #expect(message(2, [0, 1], [1]).contains("offsets"))
        #expect(message(2, [0, 1, 2], [1]).contains("offsets"))
        #expect(message(3, [0, 2, 1, 2], [1, 0]).contains("offsets[2]"))
        #expect(message(2, [0, 1, 2], [1, 2]).contains("counterparties[1]"))
        #expect(message(2, [0, 1, 2], [1, -1]).contains("counterparties[1]"))
        #expect(message(-1, [0], []).contains("agents"))
    }
}
