import AgentEconomiesCABI
import AgentEconomiesCHeader

/// The crash detector and HFN engine handles.
extension CABISession {
    func crashDetector(_ input: inout FuzzInput) {
        switch input.int(0...5) {
        case 0:
            var options = ae_crash_options()
            ae_crash_options_default(&options)
            if input.bool() { options.price_drop_threshold = input.double() }
            options.window_ticks = Int32(input.int(-1...12))
            options.require_volume_spike = Int32(input.int(0...2))
            var handle: OpaquePointer?
            if call("ae_crash_detector_create", { ae_crash_detector_create(&options, &handle, $0, $1) }) == AE_OK {
                detectors.append(adopt(handle))
            }
        case 1: destroy(&detectors, &input, "ae_crash_detector_destroy") { ae_crash_detector_destroy($0, $1, $2) }
        default:
            var stale = false
            let handle = pick(detectors, &input, &stale)
            for _ in 0..<input.int(1...20) {
                var started: Int32 = -1
                let price = input.byte() < 6 ? input.double() : 0.5 + input.unit()
                let status = call("ae_crash_detector_update") {
                    ae_crash_detector_update(handle, price, Int64(input.int(-1...50)), Int64(input.int(0...100)), &started, $0, $1)
                }
                requireRefused(status, stale, "ae_crash_detector_update")
            }
            var volatility = -7.0, inCrash: Int32 = -1, crashes: Int64 = -1
            let status = call("ae_crash_detector_state") {
                ae_crash_detector_state(handle, &volatility, &inCrash, &crashes, $0, $1)
            }
            requireRefused(status, stale, "ae_crash_detector_state")
            guard status == AE_OK else { return }
            require(volatility >= 0 && (inCrash == 0 || inCrash == 1) && crashes >= 0, "detector state")
            let capacity = input.int(0...4)
            let buffer = arena.output(capacity, ae_crash())
            var written: Int64 = -1
            if call(
                "ae_crash_detector_crashes",
                {
                    ae_crash_detector_crashes(handle, Int64(input.int(-1...3)), Int64(capacity), buffer, &written, $0, $1)
                }) == AE_OK
            {
                require(written >= 0 && written <= capacity, "crashes written \(written)")
            }
        }
    }

    func hfn(_ input: inout FuzzInput) {
        switch input.int(0...7) {
        case 0:
            var options = ae_hfn_options()
            ae_hfn_options_default(&options)
            options.max_orders_per_tick = Int32(input.int(0...4))
            options.batch_interval_ticks = Int32(input.int(0...4))
            options.halt_duration_ticks = Int32(input.int(0...5))
            options.priority_by_speed = Int32(input.int(0...2))
            if input.bool() { options.latency_noise_ms = input.double() }
            if input.bool() { options.crash.price_drop_threshold = input.double() }
            let words = (0..<input.int(0...3)).map { _ in UInt32(input.int(0...65_535)) }
            var handle: OpaquePointer?
            let status = call("ae_hfn_create") {
                ae_hfn_create(&options, self.arena.array(words), Int64(words.count), Int32(input.int(0...2)), &handle, $0, $1)
            }
            guard status == AE_OK, let handle else { return }
            hfns.append(adopt(handle))
            let reserved = call("ae_hfn_reserve") {
                ae_hfn_reserve(handle, Int64(input.int(-1...6)), Int64(input.int(-1...3)), $0, $1)
            }
            _ = reserved
        case 1: destroy(&hfns, &input, "ae_hfn_destroy") { ae_hfn_destroy($0, $1, $2) }
        default:
            var stale = false
            let handle = pick(hfns, &input, &stale)
            let n = input.int(0...16)
            let agents = (0..<n).map { _ in Int32(input.int(-1...6)) }, books = (0..<n).map { _ in Int64(input.int(-1...3)) }
            let types = (0..<n).map { _ in Int32(input.byte() < 8 ? input.int(-1...4) : input.int(0...2)) }
            let quantities = (0..<n).map { _ in input.byte() < 10 ? input.double() : 0.5 + input.unit() * 4 }
            let prices = (0..<n).map { _ in input.byte() < 10 ? input.double() : 0.5 + input.unit() }
            let outcomes = arena.output(n, Int32(-7))
            var accepted: Int64 = -1
            let status = call("ae_hfn_submit_batch") {
                ae_hfn_submit_batch(
                    handle, Int64(n), self.arena.array(agents), self.arena.array(books), self.arena.array(types),
                    self.arena.array(quantities), self.arena.array(prices), nil, nil, outcomes, nil, &accepted, $0, $1)
            }
            requireRefused(status, stale, "ae_hfn_submit_batch")
            if status == AE_OK {
                require((0..<n).allSatisfy { (0...7).contains(outcomes[$0]) }, "order outcome out of range")
            }
            for _ in 0..<input.int(0...3) {
                var tick = ae_hfn_tick()
                requireRefused(call("ae_hfn_process_tick") { ae_hfn_process_tick(handle, &tick, $0, $1) }, stale, "tick")
            }
            if input.byte() < 20 {
                requireRefused(
                    call("ae_hfn_halt") { ae_hfn_halt(handle, Int64(input.int(-1...30)), $0, $1) }, stale, "halt")
            }
            var state = ae_hfn_state()
            let got = call("ae_hfn_state_get") { ae_hfn_state_get(handle, &state, $0, $1) }
            requireRefused(got, stale, "ae_hfn_state_get")
            guard got == AE_OK else { return }
            require(state.resting_bids >= 0 && state.resting_asks >= 0, "negative resting orders")
            require(state.total_bid_volume >= -1e-9 && state.total_ask_volume >= -1e-9, "negative book volume")
            require(state.market_price.isFinite && state.market_price > 0, "market price \(state.market_price)")
            let capacity = input.int(0...8)
            let tradePrices = arena.output(capacity, -7.0), tradeQuantities = arena.output(capacity, -7.0)
            var written: Int64 = -1
            if call(
                "ae_hfn_trades",
                {
                    ae_hfn_trades(
                        handle, Int64(input.int(-1...4)), Int64(capacity), nil, nil, nil, tradePrices, tradeQuantities, nil,
                        &written, $0, $1)
                }) == AE_OK
            {
                require(written >= 0 && written <= capacity, "trades written \(written)")
                for k in 0..<Int(written) {
                    let price = tradePrices[k], quantity = tradeQuantities[k]
                    require(price.isFinite && price > 0 && quantity.isFinite && quantity > 0, "trade \(price) x \(quantity)")
                }
            }
            var gini = -7.0
            if call("ae_hfn_speed_gini", { ae_hfn_speed_gini(handle, &gini, $0, $1) }) == AE_OK {
                require(gini >= 0 && gini <= 1, "speed gini \(gini)")
            }
        }
    }
}
