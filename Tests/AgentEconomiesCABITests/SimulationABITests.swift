import AgentEconomiesCHeader
import Foundation
import Testing

/// Creates a simulation of `yaml` (or the file at `path`) with `overrides`.
func createSimulation(
    yaml: String? = Fixture.scenario, path: String? = nil, overrides: [(String, String)] = [], threads: Int32 = 1,
    _ simulation: inout OpaquePointer?
) -> Outcome {
    withCStrings(overrides.map(\.0)) { keys in
        withCStrings(overrides.map(\.1)) { values in
            capture { ae_simulation_create(yaml, path, Int64(overrides.count), keys, values, threads, &simulation, $0, $1) }
        }
    }
}

/// Population simulations through the C ABI: the record's columns, a scenario's info and
/// epochs with their records (the same for any thread count), per-agent columns consistent
/// with the record, type names, the records, agents, record and name capacity protocols,
/// scenario files, and refusals: a bad key or value (AE_ERROR_SCENARIO naming the key), a
/// scenario too large for memory, yaml and path both or neither, a missing file.
@Suite struct SimulationABITests {
    static let columns = Int(ae_simulation_column_count())

    func column(_ name: String) -> Int? {
        (0..<Self.columns).first { String(cString: ae_simulation_column_name(Int64($0))) == name }
    }

    /// Every record of a fresh run of the fixture's scenario.
    func records(threads: Int32) -> [Double] {
        var simulation: OpaquePointer? = nil
        #expect(createSimulation(threads: threads, &simulation).status == AE_OK)
        defer { ae_simulation_destroy(simulation, nil, 0) }
        var ran: Int32 = 1
        while ran == 1 { _ = capture { ae_simulation_run_epoch(simulation, 0, nil, &ran, $0, $1) } }
        var values = [Double](repeating: -1, count: 3 * Self.columns), rows: Int64 = -1
        #expect(capture { ae_simulation_records(simulation, Int64(values.count), &values, &rows, $0, $1) }.status == AE_OK)
        #expect(rows == 3)
        return values
    }

    @Test("the columns: epoch first, static names, NULL out of range")
    func columnNames() {
        #expect(Self.columns > 40)
        #expect(String(cString: ae_simulation_column_name(0)) == "epoch")
        #expect(ae_simulation_column_name(Int64(Self.columns)) == nil && ae_simulation_column_name(-1) == nil)
        #expect(ae_simulation_column_name(1) == ae_simulation_column_name(1))
        let names = (0..<Self.columns).map { String(cString: ae_simulation_column_name(Int64($0))) }
        #expect(Set(names).count == names.count && names.contains("tokens_total"))
    }

    @Test("info, epochs with their records, per-agent columns and type names")
    func run() {
        var simulation: OpaquePointer? = nil
        #expect(createSimulation(overrides: [("missions.reward_distribution", "equal")], &simulation).status == AE_OK)
        defer { ae_simulation_destroy(simulation, nil, 0) }
        var info = ae_simulation_info()
        #expect(capture { ae_simulation_get_info(simulation, &info, $0, $1) }.status == AE_OK)
        #expect(info.agents == 120 && info.epochs == 3 && info.epochs_run == 0 && info.seed == 9 && info.types == 4)

        var record = [Double](repeating: -1, count: Self.columns), ran: Int32 = -1, epochs = 0
        while capture({ ae_simulation_run_epoch(simulation, Int64(Self.columns), &record, &ran, $0, $1) }).status == AE_OK, ran == 1 {
            epochs += 1
            #expect(record[0] == Double(epochs))
        }
        #expect(epochs == 3 && ran == 0)
        _ = capture { ae_simulation_get_info(simulation, &info, $0, $1) }
        #expect(info.epochs_run == 3)

        var type = [Int32](repeating: -1, count: 120), wallet = [Double](repeating: -1, count: 120)
        var ring = [Int32](repeating: -9, count: 120), active = [UInt8](repeating: 9, count: 120)
        #expect(capture { ae_simulation_agents(simulation, 120, &type, &wallet, nil, nil, &ring, &active, $0, $1) }.status == AE_OK)
        let tokens = column("tokens_total")!
        #expect(abs(wallet.reduce(0, +) - record[tokens]) <= 1e-9 * abs(record[tokens]))
        #expect(ring.filter { $0 >= 0 }.count == 6 && Set(ring.filter { $0 >= 0 }) == [0, 1])
        #expect(type.allSatisfy { (0..<4).contains($0) } && active.allSatisfy { $0 <= 1 })
        var name = [CChar](repeating: 0, count: 16)
        #expect(capture { ae_simulation_type_name(simulation, 3, &name, 16, $0, $1) }.status == AE_OK)
        #expect(text(name) == "adversarial")
        #expect(
            capture { ae_simulation_type_name(simulation, 4, &name, 16, $0, $1) }.is(AE_ERROR_OUT_OF_RANGE, naming: "index", "0..<4"))
    }

    @Test("records never depend on threads, apart from the timing columns")
    func threads() {
        let one = records(threads: 1), two = records(threads: 2)
        let timings = (0..<Self.columns).filter { String(cString: ae_simulation_column_name(Int64($0))).contains("seconds") }
        for row in 0..<3 {
            for column in 0..<Self.columns where !timings.contains(column) {
                #expect(one[row * Self.columns + column] == two[row * Self.columns + column], "row \(row), column \(column)")
            }
        }
    }

    @Test("capacities: record (before running), records (nothing written, rows set), agents, type name")
    func capacities() {
        var simulation: OpaquePointer? = nil
        #expect(createSimulation(&simulation).status == AE_OK)
        defer { ae_simulation_destroy(simulation, nil, 0) }
        var record = [Double](repeating: -1, count: Self.columns), ran: Int32 = -1
        let short = Int64(Self.columns - 1)
        #expect(
            capture { ae_simulation_run_epoch(simulation, short, &record, &ran, $0, $1) }.is(
                AE_ERROR_CAPACITY, naming: "record_capacity", "\(Self.columns)"))
        var info = ae_simulation_info()
        _ = capture { ae_simulation_get_info(simulation, &info, $0, $1) }
        #expect(info.epochs_run == 0 && record.allSatisfy { $0 == -1 })
        for _ in 0..<2 { _ = capture { ae_simulation_run_epoch(simulation, 0, nil, &ran, $0, $1) } }

        var values = [Double](repeating: -1, count: 2 * Self.columns), rows: Int64 = -1
        let needed = 2 * Self.columns
        #expect(
            capture { ae_simulation_records(simulation, Int64(needed - 1), &values, &rows, $0, $1) }.is(
                AE_ERROR_CAPACITY, naming: "capacity", "\(needed)"))
        #expect(rows == 2 && values.allSatisfy { $0 == -1 })
        #expect(capture { ae_simulation_records(simulation, 0, nil, &rows, $0, $1) }.status == AE_ERROR_CAPACITY && rows == 2)
        #expect(capture { ae_simulation_records(simulation, Int64(needed), &values, &rows, $0, $1) }.status == AE_OK)
        #expect(values[0] == 1 && values[Self.columns] == 2)

        var wallet = [Double](repeating: -1, count: 120)
        #expect(
            capture { ae_simulation_agents(simulation, 119, nil, &wallet, nil, nil, nil, nil, $0, $1) }.is(
                AE_ERROR_CAPACITY, naming: "capacity", "120"))
        #expect(wallet.allSatisfy { $0 == -1 })
        var name = [CChar](repeating: 0x7f, count: 8)
        #expect(capture { ae_simulation_type_name(simulation, 3, &name, 4, $0, $1) }.is(AE_ERROR_CAPACITY, naming: "name", "12"))
        #expect(capture { ae_simulation_type_name(simulation, 0, &name, 7, $0, $1) }.status == AE_OK && text(name) == "honest")
        #expect(capture { ae_simulation_type_name(simulation, 0, &name, 6, $0, $1) }.status == AE_ERROR_CAPACITY)
    }

    @Test("refusals: the key named, memory, yaml and path, a missing file; a scenario file works")
    func refusals() {
        var simulation: OpaquePointer? = nil
        let key = createSimulation(overrides: [("identity.similarity_treshold", "0.5")], &simulation)
        #expect(key.is(AE_ERROR_SCENARIO, naming: "identity.similarity_treshold"), "\(key)")
        let value = createSimulation(overrides: [("identity.similarity_threshold", "1.5")], &simulation)
        #expect(value.is(AE_ERROR_SCENARIO, naming: "identity.similarity_threshold"), "\(value)")
        let inText = createSimulation(yaml: Fixture.scenario + "\nmissions: {reward_distribution: lottery}", &simulation)
        #expect(inText.is(AE_ERROR_SCENARIO, naming: "missions.reward_distribution"), "\(inText)")
        let huge = createSimulation(overrides: [("agents", "1000000000000")], &simulation)
        #expect(huge.is(AE_ERROR_OUT_OF_MEMORY, naming: "GiB"), "\(huge)")
        #expect(createSimulation(path: "also.yaml", &simulation).is(AE_ERROR_OUT_OF_RANGE, naming: "yaml and path"))
        let missing = createSimulation(yaml: nil, path: "/nonexistent/scenario.yaml", &simulation)
        #expect(missing.is(AE_ERROR_IO, naming: "/nonexistent/scenario.yaml"))
        #expect(simulation == nil)

        let file = Fixture.temporaryPath("ae-cabi-scenario") + ".yaml"
        #expect(FileManager.default.createFile(atPath: file, contents: Data(Fixture.scenario.utf8)))
        defer { try? FileManager.default.removeItem(atPath: file) }
        #expect(createSimulation(yaml: nil, path: file, overrides: [("seed", "11")], &simulation).status == AE_OK)
        var info = ae_simulation_info()
        _ = capture { ae_simulation_get_info(simulation, &info, $0, $1) }
        #expect(info.agents == 120 && info.seed == 11)
        #expect(capture { ae_simulation_destroy(simulation, $0, $1) }.status == AE_OK)
    }
}
