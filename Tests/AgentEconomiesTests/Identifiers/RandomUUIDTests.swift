import AgentEconomies
import Foundation
import Testing

/// The in-process UUID generator: canonical version-4 strings that Foundation parses, no
/// repeats, safe from several threads, and used by every default ID.
@Suite struct RandomUUIDTests {
    @Test func stringsAreCanonicalVersion4() throws {
        for _ in 0..<1_000 {
            let text = RandomUUID.string()
            #expect(text.count == 36)
            let parsed = try #require(UUID(uuidString: text), "\(text) should parse")
            #expect(parsed.uuidString == text, "upper case, as Foundation writes it")
            let bytes = parsed.uuid
            #expect(bytes.6 >> 4 == 4, "version 4")
            #expect(bytes.8 >> 6 == 0b10, "RFC 4122 variant")
        }
    }

    @Test func knownBitsFormatAsExpected() {
        #expect(RandomUUID.format(high: 0, low: 0) == "00000000-0000-4000-8000-000000000000")
        #expect(RandomUUID.format(high: .max, low: .max) == "FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF")
        #expect(
            RandomUUID.format(high: 0x0123_4567_89AB_CDEF, low: 0xFEDC_BA98_7654_3210)
                == "01234567-89AB-4DEF-BEDC-BA9876543210")
    }

    @Test func noRepeatsAcrossThreads() async {
        let perTask = 25_000
        let all = await withTaskGroup(of: [String].self) { group in
            for _ in 0..<4 { group.addTask { (0..<perTask).map { _ in RandomUUID.string() } } }
            var collected: [String] = []
            for await part in group { collected += part }
            return collected
        }
        #expect(all.count == 4 * perTask)
        #expect(Set(all).count == all.count)
    }

    @Test func defaultIDsComeFromTheGenerator() throws {
        let order = HFNOrder(agentID: "a", orderType: .bid, resourceType: "compute", quantity: 1, price: 1)
        let interaction = try SoftInteraction(p: 0.5)
        for id in [order.orderID, interaction.id] {
            #expect(UUID(uuidString: id) != nil)
        }
        #expect(order.orderID != interaction.id)
    }
}
