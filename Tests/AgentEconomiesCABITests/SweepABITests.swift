import AgentEconomiesCHeader
import Foundation
import Testing

/// Sweeps through the C ABI in a temporary directory: a 2-setting x 2-seed grid (runs
/// counted, named and described setting-major), finish refused naming the first incomplete
/// run, the runs on two threads at once, the tables written, the directory refused unless
/// resumed (then every run skipped), and bad keys, values and indices refused.
@Suite struct SweepABITests {
    /// Creates a sweep of the fixture's scenario over `identity.similarity_threshold` (0.6,
    /// 0.9) at seeds 40 and 41 in `directory`.
    func create(
        _ directory: String, resume: Int32 = 0, key: String = "identity.similarity_threshold", values: [String] = ["0.6", "0.9"],
        _ sweep: inout OpaquePointer?
    ) -> Outcome {
        withCStrings([key]) { keys in
            withCStrings(values) { list in
                capture {
                    ae_sweep_create(
                        Fixture.scenario, nil, 0, nil, nil, 1, keys, [Int64(values.count)], list, 2, 1, 40, directory, resume,
                        &sweep, $0, $1)
                }
            }
        }
    }

    @Test("a sweep: run count, names, finish refused until complete, runs on two threads, tables, resume")
    func sweep() throws {
        let base = Fixture.temporaryPath("ae-cabi-sweep")
        defer { try? FileManager.default.removeItem(atPath: base) }
        let directory = base + "/out"
        var sweep: OpaquePointer? = nil
        #expect(create(directory, &sweep).status == AE_OK)
        var runs: Int64 = -1, complete: Int64 = -1
        #expect(capture { ae_sweep_run_count(sweep, &runs, &complete, $0, $1) }.status == AE_OK)
        #expect(runs == 4 && complete == 0)

        var name = [CChar](repeating: 0, count: 32), settings = [CChar](repeating: 0, count: 256)
        #expect(capture { ae_sweep_run_describe(sweep, 3, &name, 32, &settings, 256, $0, $1) }.status == AE_OK)
        #expect(text(name) == "s0001-seed41")
        #expect(text(settings).contains("identity.similarity_threshold=0.9") && text(settings).contains("seed=41"))
        #expect(capture { ae_sweep_run_describe(sweep, 3, &name, 4, nil, 0, $0, $1) }.is(AE_ERROR_CAPACITY, naming: "name", "13"))
        #expect(capture { ae_sweep_run_describe(sweep, 3, nil, 0, &settings, 8, $0, $1) }.is(AE_ERROR_CAPACITY, naming: "text"))
        #expect(capture { ae_sweep_run_describe(sweep, 0, nil, 0, nil, 0, $0, $1) }.status == AE_OK)

        let early = capture { ae_sweep_finish(sweep, $0, $1) }
        #expect(early.is(AE_ERROR_IO, naming: "s0000-seed40"), "\(early)")

        let shared = UInt(bitPattern: sweep)
        let statuses = UnsafeMutableBufferPointer<ae_status>.allocate(capacity: 4)
        statuses.initialize(repeating: -1)
        defer { statuses.deallocate() }
        let base0 = UInt(bitPattern: statuses.baseAddress)
        DispatchQueue.concurrentPerform(iterations: 2) { half in
            let handle = OpaquePointer(bitPattern: shared), out = UnsafeMutablePointer<ae_status>(bitPattern: base0)!
            for index in stride(from: half, to: 4, by: 2) {
                var skipped: Int32 = -1, seconds = -1.0
                out[index] = ae_sweep_run(handle, Int64(index), 1, &skipped, &seconds, nil, 0)
                if skipped != 0 || seconds < 0 { out[index] = -2 }
            }
        }
        #expect(Array(statuses) == [AE_OK, AE_OK, AE_OK, AE_OK])
        #expect(capture { ae_sweep_run(sweep, 4, 1, nil, nil, $0, $1) }.is(AE_ERROR_OUT_OF_RANGE, naming: "index", "0..<4"))
        #expect(capture { ae_sweep_finish(sweep, $0, $1) }.status == AE_OK)
        #expect(capture { ae_sweep_destroy(sweep, $0, $1) }.status == AE_OK)
        for file in ["sweep.json", "runs.csv", "summary.csv", "runs/s0001-seed41"] {
            #expect(FileManager.default.fileExists(atPath: directory + "/" + file), "\(file)")
        }
        let summary = try String(contentsOfFile: directory + "/summary.csv", encoding: .utf8)
        #expect(summary.split(separator: "\n").count == 3)  // a header and two settings

        var again: OpaquePointer? = nil
        #expect(create(directory, &again).is(AE_ERROR_IO), "a directory holding a sweep")
        #expect(again == nil)
        #expect(create(directory, resume: 1, &again).status == AE_OK)
        defer { ae_sweep_destroy(again, nil, 0) }
        #expect(capture { ae_sweep_run_count(again, &runs, &complete, $0, $1) }.status == AE_OK && complete == 4)
        var skipped: Int32 = -1
        #expect(capture { ae_sweep_run(again, 2, 1, &skipped, nil, $0, $1) }.status == AE_OK && skipped == 1)
        var other: OpaquePointer? = nil
        let changed = create(directory, resume: 1, values: ["0.6", "0.8"], &other)
        #expect(changed.status == AE_ERROR_IO && other == nil, "\(changed)")
    }

    @Test("every setting is validated first: a bad axis key or value is AE_ERROR_SCENARIO naming the key")
    func refusals() {
        let directory = Fixture.temporaryPath("ae-cabi-sweep")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var sweep: OpaquePointer? = nil
        let key = create(directory, key: "identity.similarity_treshold", &sweep)
        #expect(key.is(AE_ERROR_SCENARIO, naming: "identity.similarity_treshold"), "\(key)")
        let value = create(directory, values: ["0.6", "1.5"], &sweep)
        #expect(value.is(AE_ERROR_SCENARIO, naming: "identity.similarity_threshold"), "\(value)")
        let huge = create(directory, key: "agents", values: ["100", "1000000000000"], &sweep)
        #expect(huge.is(AE_ERROR_OUT_OF_MEMORY, naming: "setting 1", "GiB"), "\(huge)")
        #expect(sweep == nil)
        #expect(!FileManager.default.fileExists(atPath: directory + "/sweep.json"))
    }
}
