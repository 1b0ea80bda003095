/// The soft payoff rules over columns (see ``SoftPayoffParameters`` for the formulas and
/// <doc:SoftPayoffs>): every value is computed with the reference's expression in its order,
/// so each payoff equals SWARM 1.9.0's `SoftPayoffEngine` to the last bit.
public enum SoftPayoffKernels {
    /// The initiator's and the counterparty's payoff of each interaction.
    public struct Payoffs: Sendable, Equatable {
        /// The initiator's payoff (`pi_a`) of each interaction.
        public var initiator: [Double]
        /// The counterparty's payoff (`pi_b`) of each interaction.
        public var counterparty: [Double]

        /// Payoffs from their columns.
        public init(initiator: [Double], counterparty: [Double]) {
            self.initiator = initiator
            self.counterparty = counterparty
        }
    }

    /// Both parties' payoffs of each interaction of quality `p`.
    ///
    /// - Throws: ``AgentEconomiesError`` naming the field: a parameter out of range, a `p`
    ///   outside [0, 1] or not finite, a term column of the wrong length or not finite.
    /// - Complexity: O(n), one pass.
    public static func payoffs(
        p: [Double], terms: SoftPayoffTerms = SoftPayoffTerms(), parameters: SoftPayoffParameters = .init()
    ) throws -> Payoffs {
        try payoffs(p: p, terms: terms, parameters: parameters, threads: 1)
    }

    /// Interactions per chunk of the parallel fill.
    static let chunkInteractions = 1 << 15

    /// ``payoffs(p:terms:parameters:)`` with the interactions spread over `threads` workers
    /// (`nil`: ``Parallel/defaultThreadCount``); each payoff is computed alone, so the columns
    /// are the same for any thread count.
    ///
    /// - Throws: as ``payoffs(p:terms:parameters:)``.
    /// - Complexity: O(n) over the workers.
    public static func payoffs(
        p: [Double], terms: SoftPayoffTerms = SoftPayoffTerms(), parameters: SoftPayoffParameters = .init(),
        threads: Int?
    ) throws -> Payoffs {
        try parameters.validate()
        try validateQuality(p, threads: threads)
        try terms.validate(count: p.count, threads: threads)
        // Every entry is written below, by its chunk's worker.
        var initiator = [Double](unsafeUninitializedCapacity: p.count) { _, initialized in initialized = p.count }
        var counterparty = [Double](unsafeUninitializedCapacity: p.count) { _, initialized in initialized = p.count }
        initiator.withUnsafeMutableBufferPointer { a in
            counterparty.withUnsafeMutableBufferPointer { b in
                p.withUnsafeBufferPointer { quality in
                    let buffers = UncheckedSendable((quality, a, b))
                    let chunk = chunkInteractions
                    Parallel.forEach(chunks: Parallel.chunkCount(p.count, chunkSize: chunk), threads: threads) { index in
                        let (quality, a, b) = buffers.value
                        fill(
                            quality, terms, parameters, a, b,
                            indices: Parallel.range(ofChunk: index, chunkSize: chunk, count: quality.count))
                    }
                }
            }
        }
        return Payoffs(initiator: initiator, counterparty: counterparty)
    }

    /// Throws unless every `p` is finite and in [0, 1] (naming the first bad `p[index]`).
    ///
    /// - Complexity: O(n) over up to `threads` workers.
    package static func validateQuality(_ p: [Double], threads: Int? = 1) throws {
        guard let index = Parallel.firstIndex(count: p.count, threads: threads, where: { !(p[$0] >= 0 && p[$0] <= 1) })
        else { return }
        let value = p[index]
        if !value.isFinite { throw AgentEconomiesError.notFinite(field: "p[\(index)]", value: value) }
        throw AgentEconomiesError.outOfRange(field: "p[\(index)]", value: "\(value)", requirement: "in [0, 1]")
    }

    /// Writes the payoffs of checked columns (no validation), at `indices` (every one by default).
    static func fill(
        _ p: UnsafeBufferPointer<Double>, _ terms: SoftPayoffTerms, _ parameters: SoftPayoffParameters,
        _ a: UnsafeMutableBufferPointer<Double>, _ b: UnsafeMutableBufferPointer<Double>,
        indices: Range<Int>? = nil
    ) {
        let theta = parameters.theta, rhoA = parameters.rhoA, rhoB = parameters.rhoB, wRep = parameters.wRep
        terms.tau.withUnsafeBufferPointer { tau in
            terms.cA.withUnsafeBufferPointer { cA in
                terms.cB.withUnsafeBufferPointer { cB in
                    terms.rA.withUnsafeBufferPointer { rA in
                        terms.rB.withUnsafeBufferPointer { rB in
                            for index in indices ?? 0..<p.count {
                                let surplus = parameters.expectedSurplus(p[index])
                                let harm = parameters.expectedHarm(p[index])
                                let transfer = SoftPayoffTerms.entry(tau, index)
                                let costA = SoftPayoffTerms.entry(cA, index), costB = SoftPayoffTerms.entry(cB, index)
                                let repA = SoftPayoffTerms.entry(rA, index), repB = SoftPayoffTerms.entry(rB, index)
                                a[index] = theta * surplus - transfer - costA - rhoA * harm + wRep * repA
                                b[index] = (1 - theta) * surplus + transfer - costB - rhoB * harm + wRep * repB
                            }
                        }
                    }
                }
            }
        }
    }
}
