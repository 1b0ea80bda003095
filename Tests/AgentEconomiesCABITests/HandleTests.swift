import AgentEconomiesCHeader
import Foundation
import Testing

/// Opaque handles of every kind (HFN engine, crash detector, Sybil lever, identity registry,
/// mission economy, permeability model, simulation, sweep): created, used and destroyed;
/// destroy(NULL) a no-op; a destroyed, never-created or NULL handle refused with a status
/// naming the parameter instead of a crash; a handle of one kind refused by every other
/// kind's calls; a refused create writing no handle; one handle shared by several threads.
@Suite struct HandleTests {
    /// Runs `body` with a fresh temporary directory, removed afterwards.
    func inDirectory(_ body: (String) throws -> Void) rethrows {
        let directory = Fixture.temporaryPath("ae-cabi-handles")
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try body(directory)
    }

    @Test("create, use, destroy; then the handle is refused as destroyed, and NULL as NULL", arguments: HandleKind.all)
    func lifecycle(_ kind: HandleKind) {
        inDirectory { directory in
            var handle: OpaquePointer? = nil
            #expect(kind.create(directory, &handle).status == AE_OK)
            #expect(handle != nil)
            #expect(kind.use(handle).status == AE_OK)
            #expect(kind.destroy(handle).status == AE_OK)
            let stale = kind.use(handle)
            #expect(stale.is(AE_ERROR_UNKNOWN_ID, naming: kind.field, "destroyed"), "\(stale)")
            #expect(kind.destroy(handle).is(AE_ERROR_UNKNOWN_ID, naming: kind.field))
            #expect(kind.destroy(nil).status == AE_OK)
            #expect(kind.use(nil).is(AE_ERROR_NULL_POINTER, naming: kind.field))
            #expect(kind.use(neverCreated).is(AE_ERROR_UNKNOWN_ID, naming: kind.field))
            #expect(kind.destroy(neverCreated).is(AE_ERROR_UNKNOWN_ID, naming: kind.field))
        }
    }

    @Test("a handle of one kind is refused by another kind's calls and stays live", arguments: HandleKind.all, HandleKind.all)
    func foreign(_ owner: HandleKind, _ caller: HandleKind) {
        guard owner.name != caller.name else { return }
        inDirectory { directory in
            var handle: OpaquePointer? = nil
            #expect(owner.create(directory, &handle).status == AE_OK)
            let used = caller.use(handle)
            #expect(used.is(AE_ERROR_UNKNOWN_ID, naming: caller.field, "not a live handle of this kind"), "\(used)")
            #expect(caller.destroy(handle).is(AE_ERROR_UNKNOWN_ID, naming: caller.field))
            #expect(owner.use(handle).status == AE_OK)
            #expect(owner.destroy(handle).status == AE_OK)
        }
    }

    @Test("two handles of one kind are independent: destroying one leaves the other live", arguments: HandleKind.all)
    func independent(_ kind: HandleKind) {
        inDirectory { directory in
            var first: OpaquePointer? = nil, second: OpaquePointer? = nil
            #expect(kind.create(directory + "/a", &first).status == AE_OK)
            #expect(kind.create(directory + "/b", &second).status == AE_OK)
            #expect(first != second)
            #expect(kind.destroy(first).status == AE_OK)
            #expect(kind.use(second).status == AE_OK)
            #expect(kind.use(first).status == AE_ERROR_UNKNOWN_ID)
            #expect(kind.destroy(second).status == AE_OK)
        }
    }

    @Test("a refused create returns its status, names the field and writes no handle", arguments: HandleKind.all)
    func refusedCreate(_ kind: HandleKind) {
        inDirectory { directory in
            var handle: OpaquePointer? = neverCreated
            let outcome = kind.refused(directory, &handle)
            #expect(outcome.is(kind.refusal.status, naming: kind.refusal.field), "\(outcome)")
            #expect(handle == neverCreated)
        }
    }

    @Test("one mission economy shared by eight threads: every proposal gets its own handle")
    func sharedAcrossThreads() {
        var options = ae_mission_options()
        ae_mission_options_default(&options)
        options.max_active_missions = 1_000
        var economy: OpaquePointer? = nil
        #expect(capture { ae_mission_economy_create(&options, &economy, $0, $1) }.status == AE_OK)
        let shared = UInt(bitPattern: economy)
        let threads = 8, each = 25
        let handles = UnsafeMutableBufferPointer<Int64>.allocate(capacity: threads * each)
        handles.initialize(repeating: -2)
        defer { handles.deallocate() }
        let base = UInt(bitPattern: handles.baseAddress)
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            let economy = OpaquePointer(bitPattern: shared)
            let out = UnsafeMutablePointer<Int64>(bitPattern: base)!
            for k in 0..<each {
                let metric = AE_MISSION_METRIC_AVG_P
                let target = 0.5, weight = 1.0
                _ = ae_mission_economy_propose(
                    economy, Int32(thread), 1, [metric], [target], [weight], 10, 100, out + thread * each + k, nil, 0)
            }
        }
        #expect(Set(handles) == Set((0..<Int64(threads * each))))
        var info = ae_mission_info()
        #expect(capture { ae_mission_economy_info(economy, Int64(threads * each - 1), &info, $0, $1) }.status == AE_OK)
        #expect(
            capture { ae_mission_economy_info(economy, Int64(threads * each), &info, $0, $1) }.is(
                AE_ERROR_UNKNOWN_ID, naming: "mission"))
        #expect(capture { ae_mission_economy_destroy(economy, $0, $1) }.status == AE_OK)
    }
}
