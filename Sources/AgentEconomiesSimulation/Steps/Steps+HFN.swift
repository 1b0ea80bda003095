import AgentEconomiesKernels

extension Steps {
    /// The HFN market on resource 0: each tick a share of the active agents is drawn; a
    /// distressed holder (the price has fallen `distress_threshold` below the epoch's opening
    /// price, a stop-loss, or its wallet is negative and it must raise tokens) sells its whole
    /// holding at `distress_discount` below the price, which can push the price further down; another holder offers part of its holding; an agent that wants the
    /// resource and can pay bids; the others place nothing; prices within 3% of the market
    /// price. In the panic epoch's first batch interval every drawn agent sells and buys at half
    /// the price. Each trade moves `price x quantity` tokens from buyer to seller and the units
    /// to the buyer, and counts as an interaction of p = `1 - |price - opening| / opening`
    /// (`trade_mean_p`). Batch clearing, the flash-crash detector and halts as in the engine;
    /// orders live for the epoch (the books are emptied at its end).
    @Sendable static func hfn(_ state: inout SimulationState, _ context: inout EpochContext) throws {
        let spec = state.scenario.hfn, n = state.population.count
        let activeAgents = (0..<n).filter { state.active[$0] }
        if activeAgents.isEmpty { return }
        var random = FastRandom(seed: state.scenario.seed &+ 0xF1A5, stream: UInt64(context.epoch))
        let traders = max(1, Int(Double(activeAgents.count) * spec.traderShare))
        let tradesBefore = state.market.tradePrices.count
        var holdings = context.holdings.count == n ? context.holdings : [Double](repeating: 0, count: n)
        let wants = context.wantsResource0.count == n ? context.wantsResource0 : [Bool](repeating: false, count: n)
        let opening = state.market.marketPrice
        var reserved = [Double](repeating: 0, count: n)  // units offered in resting asks
        var crashes = 0, halted = 0, settled = tradesBefore
        var tradeP = CompensatedSum()
        for tick in 0..<spec.ticksPerEpoch {
            let price = state.market.marketPrice
            let panic = context.epoch == spec.panicEpoch && tick < spec.batchIntervalTicks
            for _ in 0..<traders {
                let agent = activeAgents[Int(random.next() % UInt64(activeAgents.count))]
                let quantity = random.uniform(0.5, 2)
                let offer = price * (1 + random.uniform(-0.03, 0.03))
                let wallet = state.ledger.wallets[agent]
                if panic {
                    _ = state.market.submit(
                        agent: Int32(agent), resource: 0, orderType: .ask, quantity: quantity, price: price * 0.5)
                    _ = state.market.submit(
                        agent: Int32(agent), resource: 0, orderType: .bid, quantity: quantity, price: price * 0.5)
                } else if holdings[agent] > 0 {
                    let distressed = price < (1 - spec.distressThreshold) * opening || wallet < 0
                    let offered = distressed ? holdings[agent] : min(quantity, holdings[agent])
                    holdings[agent] -= offered
                    reserved[agent] += offered
                    _ = state.market.submit(
                        agent: Int32(agent), resource: 0, orderType: .ask, quantity: offered,
                        price: distressed ? price * (1 - spec.distressDiscount) : offer)
                } else if wants[agent] && wallet >= offer * quantity {
                    _ = state.market.submit(agent: Int32(agent), resource: 0, orderType: .bid, quantity: quantity, price: offer)
                }
            }
            state.market.advance()
            // Settle the tick's trades: tokens to the seller, units to the buyer.
            while settled < state.market.tradePrices.count {
                let buyer = Int(state.market.tradeBuyers[settled]), seller = Int(state.market.tradeSellers[settled])
                let tradePrice = state.market.tradePrices[settled], quantity = state.market.tradeQuantities[settled]
                state.ledger.transfer(from: buyer, to: seller, tradePrice * quantity)
                let fromReserve = min(reserved[seller], quantity)
                reserved[seller] -= fromReserve
                holdings[seller] -= quantity - fromReserve  // a panic sale without units sells short
                holdings[buyer] += quantity
                let quality = min(1, max(0, 1 - abs(tradePrice - opening) / opening))
                tradeP.add(quality)
                context.emit(
                    "TRADE",
                    [
                        ("buyer", .integer(buyer)), ("seller", .integer(seller)), ("price", .number(tradePrice)),
                        ("quantity", .number(quantity)), ("p", .number(quality)), ("tick", .integer(tick)),
                    ])
                settled += 1
            }
            if state.market.isHalted { halted += 1 }
            let started = state.monitor.update(
                price: state.market.marketPrice, volume: state.market.ordersSubmitted, tick: state.market.currentTick)
            if started {
                crashes += 1
                state.market.halt(durationTicks: spec.haltDurationTicks)
                context.emit("FLASH_CRASH", [("tick", .integer(tick)), ("price", .number(state.market.marketPrice))])
                context.emit("MARKET_HALTED", [("tick", .integer(tick)), ("duration_ticks", .integer(spec.haltDurationTicks))])
            }
            state.market.endTick()
        }
        context.record.trades = state.market.tradePrices.count - tradesBefore
        context.record.tradeMeanP = context.record.trades > 0 ? tradeP.sum / Double(context.record.trades) : 1
        // Day orders: nothing rests into the next epoch, and the log keeps one epoch's trades.
        state.market.removeAllOrders()
        state.market.removeTradeLog()
        context.record.flashCrashes = crashes
        context.record.haltedTicks = halted
        context.record.marketPrice = state.market.marketPrice
    }
}
