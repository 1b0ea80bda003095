extension PatternMatrix {
    /// Rows per chunk of the parallel passes below.
    static let interactionChunkRows = 2_048

    /// The symmetric interaction patterns of `agents` agents: agent `i` initiated interactions
    /// `offsets[i] ..< offsets[i + 1]` with `counterparties[...]`, and each interaction counts
    /// once in the initiator's row (column: the counterparty) and once in the counterparty's
    /// row (column: the initiator); an interaction with oneself counts twice in its row.
    ///
    /// Every pass runs over the workers: incoming counts (atomic counters), the initiators
    /// placed into their counterparties' rows by `Parallel.scatter`, then each row sorted
    /// and its repeated columns merged into counts, so the matrix does not depend on `threads`.
    ///
    /// - Parameters:
    ///   - agents: the number of agents (rows and columns).
    ///   - offsets: `agents + 1` non-decreasing offsets from 0 to `counterparties.count`.
    ///   - counterparties: each interaction's counterparty, in `0..<agents`.
    ///   - threads: worker count (`nil`: ``Parallel/defaultThreadCount``).
    /// - Throws: ``AgentEconomiesError`` naming `offsets` or `counterparties[i]` for
    ///   inconsistent input.
    /// - Complexity: O(agents + interactions log(largest row)) over the workers; memory two
    ///   `Int32` keys per interaction besides the result, and 8 bytes of scratch per
    ///   interaction while the initiators are placed.
    public init(interactionsOf agents: Int, offsets: [Int], counterparties: [Int32], threads: Int? = nil) throws {
        try Self.validateInteractions(agents: agents, offsets: offsets, counterparties: counterparties, threads: threads)
        let chunk = Self.interactionChunkRows
        let chunks = Parallel.chunkCount(agents, chunkSize: chunk)
        let incoming = AtomicCounters(count: agents)
        counterparties.withUnsafeBufferPointer { others in
            let others = UncheckedSendable(others)
            Parallel.forEach(chunks: chunks, threads: threads) { index in
                let rows = Parallel.range(ofChunk: index, chunkSize: chunk, count: agents)
                for position in offsets[rows.lowerBound]..<offsets[rows.upperBound] {
                    _ = incoming.add(Int(others.value[position]))
                }
            }
        }
        // Row r's slots: its own interactions first, then the initiators that chose it.
        let starts = Parallel.prefixSums(count: agents, threads: threads) {
            offsets[$0 + 1] - offsets[$0] + incoming.load($0)
        }
        var keys = counterparties.withUnsafeBufferPointer { others in
            let others = UncheckedSendable(others)
            return [Int32](unsafeUninitializedCapacity: starts[agents]) { buffer, initialized in
                guard let base = buffer.baseAddress else { return }
                let keys = UncheckedSendable(base)
                Parallel.forEach(chunks: chunks, threads: threads) { index in
                    for row in Parallel.range(ofChunk: index, chunkSize: chunk, count: agents) {
                        let own = offsets[row]..<offsets[row + 1]
                        (keys.value + starts[row]).initialize(from: others.value.baseAddress! + own.lowerBound, count: own.count)
                    }
                }
                // The initiators that chose each agent, after its own interactions.
                Parallel.scatter(
                    keyCount: agents, sources: agents, firstSlot: { starts[$0] + offsets[$0 + 1] - offsets[$0] },
                    into: base, threads: threads
                ) { rows, emit in
                    for row in rows {
                        for position in offsets[row]..<offsets[row + 1] { emit(Int(others.value[position]), Int32(row)) }
                    }
                }
                initialized = starts[agents]
            }
        }
        // Sort each row and count its distinct columns.
        let distinct = keys.withUnsafeMutableBufferPointer { buffer in
            let keys = UncheckedSendable(buffer)
            return Parallel.makeArray(count: agents, chunkSize: chunk, threads: threads) { rows, output in
                for (slot, row) in rows.enumerated() {
                    var slice = UnsafeMutableBufferPointer(rebasing: keys.value[starts[row]..<starts[row + 1]])
                    slice.sort()
                    var count = 0
                    for position in slice.indices where position == 0 || slice[position] != slice[position - 1] {
                        count += 1
                    }
                    output[slot] = count
                }
            }
        }
        let rowOffsets = Parallel.prefixSums(count: agents, threads: threads) { distinct[$0] }
        let entries = rowOffsets[agents]
        var values = [Double](unsafeUninitializedCapacity: entries) { _, initialized in initialized = entries }
        let columns = keys.withUnsafeBufferPointer { keys in
            values.withUnsafeMutableBufferPointer { valueBuffer in
                let keys = UncheckedSendable(keys), valueBase = UncheckedSendable(valueBuffer.baseAddress)
                return [Int32](unsafeUninitializedCapacity: entries) { buffer, initialized in
                    let columnBase = UncheckedSendable(buffer.baseAddress)
                    Parallel.forEach(chunks: chunks, threads: threads) { index in
                        guard let columns = columnBase.value, let values = valueBase.value else { return }
                        for row in Parallel.range(ofChunk: index, chunkSize: chunk, count: agents) {
                            var out = rowOffsets[row] - 1
                            for position in starts[row]..<starts[row + 1] {
                                if position == starts[row] || keys.value[position] != keys.value[position - 1] {
                                    out += 1
                                    columns[out] = keys.value[position]
                                    values[out] = 0
                                }
                                values[out] += 1
                            }
                        }
                    }
                    initialized = entries
                }
            }
        }
        keys = []
        self.init(
            uncheckedColumnCount: agents, rowOffsets: rowOffsets, columns: columns, values: values,
            hasNegativeCounts: false)
    }

    /// Checks an interaction list in initiator order (see
    /// ``init(interactionsOf:offsets:counterparties:threads:)``), over the workers.
    static func validateInteractions(agents: Int, offsets: [Int], counterparties: [Int32], threads: Int?) throws {
        try Validate.atLeast(agents, 0, "agents")
        if agents >= Int(Int32.max) {
            throw AgentEconomiesError.outOfRange(field: "agents", value: "\(agents)", requirement: "< \(Int32.max)")
        }
        if offsets.count != agents + 1 {
            throw AgentEconomiesError.shapeMismatch(
                field: "offsets", expected: "\(agents + 1) entries", actual: "\(offsets.count)")
        }
        if offsets[0] != 0 || offsets[agents] != counterparties.count {
            throw AgentEconomiesError.outOfRange(
                field: "offsets", value: "\(offsets[0]) ... \(offsets[agents])",
                requirement: "from 0 to counterparties.count (\(counterparties.count))")
        }
        let chunk = Self.interactionChunkRows
        // The first bad position of each chunk: a decreasing offset (-row - 1) or a
        // counterparty out of range (its index).
        let bad = Parallel.map(chunks: Parallel.chunkCount(agents, chunkSize: chunk), threads: threads) { index, _ in
            for row in Parallel.range(ofChunk: index, chunkSize: chunk, count: agents) {
                if offsets[row + 1] < offsets[row] { return -row - 1 }
                for position in offsets[row]..<offsets[row + 1] {
                    let other = counterparties[position]
                    if other < 0 || Int(other) >= agents { return position }
                }
            }
            return Int.max
        }
        guard let first = bad.first(where: { $0 != Int.max }) else { return }
        if first < 0 {
            throw AgentEconomiesError.outOfRange(
                field: "offsets[\(-first)]", value: "\(offsets[-first])", requirement: "non-decreasing")
        }
        throw AgentEconomiesError.outOfRange(
            field: "counterparties[\(first)]", value: "\(counterparties[first])", requirement: "in 0..<\(agents)")
    }
}
