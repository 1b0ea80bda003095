import AgentEconomies
import AgentEconomiesKernels
import Foundation
import OrderedCollections

/// The dictionary auction (`DworkinAuction.runAuction(bids:resources:)`): a bad value is
/// refused with `AgentEconomiesError`; otherwise no solver exceeds supply by more than its
/// certificate reports, budgets are respected, quantities are finite and non-negative, and the envy report agrees with its
/// list.
enum AuctionDictionaryTarget {
    static let target = FuzzTarget(
        name: "auction-dictionary",
        summary: "DworkinAuction on dictionaries: supply, budgets, envy list vs count"
    ) { bytes in
        var input = FuzzInput(bytes)
        let resourceCount = input.int(0...6), agentCount = input.int(0...10)
        var resources = OrderedDictionary<String, Double>()
        for _ in 0..<resourceCount { resources[input.name("r", count: 8)] = input.bool() ? input.amount() : input.double() }
        var bids: [AuctionBid] = []
        for _ in 0..<agentCount {
            var valuations: [String: Double] = [:]
            for _ in 0..<input.int(0...4) { valuations[input.name("r", count: 8)] = input.bool() ? input.amount() : input.double() }
            let budget: Double? = input.bool() ? nil : (input.bool() ? input.amount() : input.double())
            bids.append(AuctionBid(agentID: input.name("a", count: 12), valuations: valuations, budget: budget))
        }
        let solver: AuctionSolver = input.bool() ? .tatonnement : .competitiveEquilibrium(.init())
        let config = AuctionConfig(
            initialEndowment: input.bool() ? 100 : input.double(), maxRounds: input.int(0...60),
            priceAdjustmentRate: input.bool() ? 0.1 : input.double(), convergenceTolerance: input.bool() ? 0.01 : input.double(),
            envyTolerance: input.bool() ? 0.05 : input.double(), solver: solver)
        let auction: DworkinAuction
        do { auction = try DworkinAuction(config: config, threads: 1 + input.int(0...2)) } catch is AgentEconomiesError {
            return
        } catch {
            require(false, "unexpected error type \(error)")
            return
        }
        if ProcessInfo.processInfo.environment["AE_FUZZ_VERBOSE"] != nil {
            FileHandle.standardError.write(Data("config \(config)\nresources \(resources)\nbids \(bids)\n".utf8))
        }
        let result: AuctionResult
        do { result = try auction.runAuction(bids: bids, resources: resources) } catch is AgentEconomiesError { return } catch {
            require(false, "unexpected error type \(error)")
            return
        }
        var used = [String: Double]()
        for (agent, allocation) in result.allocations {
            guard let bid = bids.first(where: { $0.agentID == agent }) else {
                require(false, "allocation for unknown agent \(agent)")
                return
            }
            var cost = 0.0
            for (resource, quantity) in allocation.resources {
                require(quantity.isFinite && quantity >= 0, "quantity \(quantity) of \(resource) for \(agent)")
                used[resource, default: 0] += quantity
                cost += quantity * (result.clearingPrices[resource] ?? .nan)
            }
            let budget = bid.budget ?? config.initialEndowment
            require(allocation.pricePaid <= budget * (1 + 1e-9) + 1e-9, "\(agent) paid \(allocation.pricePaid) > budget \(budget)")
            require(close(cost, allocation.pricePaid, relative: 1e-6), "\(agent) cost \(cost) != paid \(allocation.pricePaid)")
        }
        // A solver that has not converged (the reference's tatonnement always allocates
        // demand at its last prices) may exceed supply; the certificate reports by how much.
        for (resource, quantity) in used {
            let supply = resources[resource] ?? 0, excess = quantity - supply
            if supply > 0 {
                require(
                    excess / supply <= result.certificate.maxExcess + 1e-9,
                    "\(resource): relative excess \(excess / supply) > certificate \(result.certificate.maxExcess)")
            }
        }
        require(result.isEnvyFree == (result.envyViolations.count == 0), "isEnvyFree disagrees with the list")
        var listed = 0
        for violation in result.envyViolations {
            require(violation.utilityGap > config.envyTolerance, "listed violation below tolerance: \(violation)")
            listed += 1
        }
        require(listed == result.envyViolations.count, "list length \(listed) != count \(result.envyViolations.count)")
    }
}
