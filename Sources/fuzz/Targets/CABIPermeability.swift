import AgentEconomiesCABI
import AgentEconomiesCHeader

/// Spillover, the optimal permeability, and the permeability model handle.
extension CABISession {
    func spilloverInputs(_ input: inout FuzzInput) -> (n: Int, p: [Double], accepted: [UInt8]) {
        let n = input.int(0...60)
        let p = (0..<n).map { _ in input.byte() < 6 ? input.double() : input.unit() }
        let accepted = (0..<n).map { _ in UInt8(input.byte() < 3 ? input.int(0...3) : input.int(0...1)) }
        return (n, p, accepted)
    }

    func spillover(_ input: inout FuzzInput) {
        let (n, p, accepted) = spilloverInputs(&input)
        let permeability = input.byte() < 8 ? input.double() : input.unit()
        let rate = input.byte() < 8 ? input.double() : input.unit()
        let amplification = input.byte() < 8 ? input.double() : input.amount()
        let seed = UInt64(input.int(0...65_535))
        var runs: [[Int64]] = []
        for threads in [Int32(1), Int32(input.int(0...4))] {
            let indices = arena.output(n, Int64(-7)), harm = arena.output(n, -7.0), blocked = arena.output(n, UInt8(7))
            var count: Int64 = -1
            let status = call("ae_permeability_spillover") { error, size in
                ae_permeability_spillover(
                    Int64(n), arena.array(p), arena.array(accepted), permeability, rate, amplification, seed,
                    threads, indices, harm, blocked, &count, error, size)
            }
            guard status == AE_OK else { return }
            let events = Int(count)
            require(events >= 0 && events <= accepted.filter { $0 == 1 }.count, "\(events) events")
            for k in 0..<events {
                let source = Int(indices[k])
                require(source >= 0 && source < n && accepted[source] == 1, "event source \(source)")
                require(k == 0 || indices[k - 1] < indices[k], "events not ascending")
                require(harm[k] == (1 - p[source]) * amplification, "harm \(harm[k])")
                require(blocked[k] <= 1, "blocked \(blocked[k])")
            }
            runs.append((0..<events).map { indices[$0] * 2 + Int64(blocked[$0]) })
        }
        require(runs.count < 2 || runs[0] == runs[1], "spillover depends on threads")
    }

    func optimal(_ input: inout FuzzInput) {
        let (n, p, accepted) = spilloverInputs(&input)
        var best = -7.0
        let status = call("ae_permeability_optimal") { error, size in
            ae_permeability_optimal(
                Int64(n), arena.array(p), arena.array(accepted), input.byte() < 8 ? input.double() : input.unit(),
                input.amount(), input.byte() < 8 ? input.double() : input.amount(), Int64(input.int(-2...200)),
                Int32(input.int(0...3)), &best, error, size)
        }
        if status == AE_OK { require(best >= 0 && best <= 1, "optimal permeability \(best)") }
    }

    func permeabilityModel(_ input: inout FuzzInput) {
        switch input.int(0...4) {
        case 0:
            var options = ae_permeability_options()
            ae_permeability_options_default(&options)
            if input.bool() { options.base_permeability = input.double() }
            if input.bool() { options.contagion_rate = input.double() }
            options.adaptive = Int32(input.int(0...2))
            var handle: OpaquePointer?
            let words = [UInt32(input.int(0...65_535))]
            if call(
                "ae_permeability_model_create",
                {
                    ae_permeability_model_create(&options, self.arena.array(words), 1, Int32(input.int(0...1)), &handle, $0, $1)
                }) == AE_OK
            {
                models.append(adopt(handle))
            }
        case 1: destroy(&models, &input, "ae_permeability_model_destroy") { ae_permeability_model_destroy($0, $1, $2) }
        default:
            var stale = false
            let handle = pick(models, &input, &stale)
            var effective = -7.0
            let threat = input.byte() < 10 ? input.double() : input.unit(), trust = input.unit()
            let status = call("ae_permeability_model_effective") {
                ae_permeability_model_effective(handle, threat, trust, &effective, $0, $1)
            }
            requireRefused(status, stale, "ae_permeability_model_effective")
            if status == AE_OK { require(effective >= 0 && effective <= 1, "effective permeability \(effective)") }
            var allowed: Int32 = -1, degraded = -7.0
            let p = input.byte() < 10 ? input.double() : input.unit()
            let crossed = call("ae_permeability_model_should_cross") {
                ae_permeability_model_should_cross(
                    handle, input.byte() < 10 ? input.double() : input.unit(), p, &allowed, &degraded, $0, $1)
            }
            requireRefused(crossed, stale, "should_cross")
            if crossed == AE_OK { require(allowed == 0 || allowed == 1, "allowed \(allowed)") }
            let (n, ps, accepted) = spilloverInputs(&input)
            let indices = arena.output(n, Int64(-7)), harm = arena.output(n, -7.0), blocked = arena.output(n, UInt8(7))
            var count: Int64 = -1
            let spilled = call("ae_permeability_model_spillover") {
                ae_permeability_model_spillover(
                    handle, Int64(n), self.arena.array(ps), self.arena.array(accepted), Int32(input.int(0...2)),
                    input.byte() < 10 ? input.double() : input.unit(), indices, harm, blocked, &count, $0, $1)
            }
            requireRefused(spilled, stale, "model spillover")
            if spilled == AE_OK { require(count >= 0 && count <= n, "model events \(count)") }
            var state = ae_permeability_state()
            if call("ae_permeability_model_state", { ae_permeability_model_state(handle, &state, $0, $1) }) == AE_OK {
                require(state.total_spillovers >= 0 && state.total_blocked >= 0, "model totals")
                require(state.cumulative_external_harm.isFinite && state.cumulative_external_harm >= 0, "model harm")
            }
        }
    }
}
