import AgentEconomiesCABI
import AgentEconomiesCHeader

/// Mission rewards and Shapley values on fuzzed ledgers, and the mission economy handle.
extension CABISession {
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
}
