/// The optimal-permeability grid search, exactly as the reference scores it.
extension PermeabilityKernels {
    /// The finest grid the optimal-permeability search takes.
    public static let maximumSamples = 1 << 24

    /// The reference's grid search: for `k = 0...samples` and `perm = k / samples`, the score
    /// `sum p * perm - weight * sum contagion(perm) * (1 - p) * amplification` over accepted
    /// interactions; the first best `perm` wins (strictly greater). `samples <= 0` gives 0.
    ///
    /// The score is linear in `perm`: `perm * (P - weight * H)` with `P = sum p` and
    /// `H = rate * amplification * sum (1 - p)^2` (the clamp never binds, as every factor is
    /// in [0, 1]; with an accepted `p` outside [0, 1] it can, and every grid point is scored
    /// as the reference scores it). Two sums in one parallel pass decide the answer whenever the slope is
    /// clear of rounding; the grid points whose scores lie within a rigorous rounding bound
    /// of the best are then re-scored exactly as the reference sums them, in interaction
    /// order, so the result equals the reference's for any number of grid points, ties and
    /// near-balances included.
    ///
    /// - Complexity: O(n) (one pass), plus O(n) per grid point left within the rounding
    ///   bound of the best: none on typical inputs, all of them when the slope is 0.
    public static func optimalPermeability(
        p: [Double], accepted: [Bool], rates: Rates, externalHarmWeight: Double,
        samples: Int, threads: Int? = nil
    ) throws -> OptimalPermeability {
        try checkColumns(p: p, accepted: accepted)
        try rates.validate()
        // A NaN weight is the reference's (every score NaN, the first grid point); kept.
        if samples > maximumSamples {
            throw AgentEconomiesError.outOfRange(
                field: "samples", value: "\(samples)", requirement: "at most \(maximumSamples) grid intervals")
        }
        if samples <= 0 { return OptimalPermeability(permeability: 0, gridPointsRescored: 0, acceptedCount: 0) }
        let sums = linearSums(p: p, accepted: accepted, threads: threads)
        let weight = externalHarmWeight
        let harmScale = rates.contagionRate * rates.spilloverAmplification
        let benefitSlope = sums.p
        let harmSlope = harmScale * sums.harmSquares
        let slope = benefitSlope - weight * harmSlope
        // Rounding of the reference's sums at any grid point, and of ours: every term is
        // non-negative, so (n + 16) unit roundoffs of the magnitude bound both, with room.
        let magnitude = benefitSlope + abs(weight) * harmSlope
        let bound = 4 * Double(sums.count + 16) * Double.ulpOfOne * magnitude
        // The score is linear in perm only while no clamp binds, which needs every accepted p
        // in [0, 1] (the reference does not check p); otherwise every grid point is re-scored.
        let candidates: ClosedRange<Int>
        if !sums.unitQualities || !slope.isFinite || !bound.isFinite {
            candidates = 0...samples
        } else {
            // Scores are perm * slope; a point is a candidate when its exact score is within
            // 2 * bound of the best exact score (plus the slope's own uncertainty).
            let slopeLow = abs(slope) - bound
            if slopeLow <= 0 {
                candidates = 0...samples
            } else {
                // Grid steps below the best whose exact score is still within 2 * bound of it.
                let steps = (2 * bound / slopeLow * Double(samples)).rounded(.down)
                let span = steps >= Double(samples) ? samples : Int(max(0, steps))
                candidates = slope > 0 ? (samples - span)...samples : 0...span
            }
        }
        if candidates.count == 1 {
            return OptimalPermeability(
                permeability: Double(candidates.lowerBound) / Double(samples),
                gridPointsRescored: 0, acceptedCount: sums.count)
        }
        var bestPermeability = 0.0
        var bestScore = -Double.infinity
        for k in candidates {
            let permeability = Double(k) / Double(samples)
            let score = referenceScore(
                p: p, accepted: accepted, permeability: permeability, rates: rates,
                weight: weight)
            if score > bestScore {
                bestScore = score
                bestPermeability = permeability
            }
        }
        // A grid point below the candidates would have scored strictly lower; the reference
        // starts from -inf and perm 0, which the candidate walk reproduces when every score is NaN.
        return OptimalPermeability(
            permeability: bestPermeability, gridPointsRescored: candidates.count,
            acceptedCount: sums.count)
    }

    /// The answer of ``optimalPermeability(p:accepted:rates:externalHarmWeight:samples:threads:)``.
    public struct OptimalPermeability: Equatable, Sendable {
        /// The first best grid point `k / samples`.
        public var permeability: Double
        /// Grid points re-scored exactly because rounding could have decided between them.
        public var gridPointsRescored: Int
        /// Accepted interactions.
        public var acceptedCount: Int
    }

    /// The score at one grid point, summed exactly as the reference sums it.
    ///
    /// - Complexity: O(n), two passes on one thread.
    public static func referenceScore(
        p: [Double], accepted: [Bool], permeability: Double, rates: Rates,
        weight: Double
    ) -> Double {
        var benefit = 0.0
        var harm = 0.0
        p.withUnsafeBufferPointer { values in
            accepted.withUnsafeBufferPointer { flags in
                for index in 0..<values.count where flags[index] {
                    benefit += values[index] * permeability
                }
                for index in 0..<values.count where flags[index] {
                    let quality = values[index]
                    harm +=
                        contagionProbability(
                            p: quality, permeability: permeability,
                            contagionRate: rates.contagionRate)
                        * (1.0 - quality) * rates.spilloverAmplification
                }
            }
        }
        return benefit - weight * harm
    }

    /// `sum p` and `sum (1 - p)^2` over accepted interactions, their count, and whether every
    /// accepted p lies in [0, 1], in one pass.
    static func linearSums(
        p: [Double], accepted: [Bool], threads: Int?
    ) -> (p: Double, harmSquares: Double, count: Int, unitQualities: Bool) {
        let count = p.count
        let chunks = Parallel.chunkCount(count, chunkSize: chunkSize)
        let partial = p.withUnsafeBufferPointer { values in
            accepted.withUnsafeBufferPointer { flags in
                Parallel.map(chunks: chunks, threads: threads) { chunk, _ in
                    // Four independent accumulators keep the adds pipelined.
                    var benefit = SIMD4<Double>(repeating: 0)
                    var squares = SIMD4<Double>(repeating: 0)
                    var taken = SIMD4<Int64>(repeating: 0)
                    // Accepted qualities outside [0, 1] (or NaN) found in this chunk.
                    var outside = SIMDMask<SIMD4<Int64>>(repeating: false)
                    let range = Parallel.range(ofChunk: chunk, chunkSize: chunkSize, count: count)
                    var index = range.lowerBound
                    while index + 4 <= range.upperBound {
                        let quality = SIMD4(values[index], values[index + 1], values[index + 2], values[index + 3])
                        let mask = SIMD4<Int64>(
                            flags[index] ? -1 : 0, flags[index + 1] ? -1 : 0,
                            flags[index + 2] ? -1 : 0, flags[index + 3] ? -1 : 0)
                        let keep = SIMDMask(mask)
                        let harm = 1 - quality
                        benefit += SIMD4(repeating: 0).replacing(with: quality, where: keep)
                        squares += SIMD4(repeating: 0).replacing(with: harm * harm, where: keep)
                        taken &-= mask
                        outside .|= keep .& .!((quality .>= 0) .& (quality .<= 1))
                        index += 4
                    }
                    var tailBenefit = 0.0, tailSquares = 0.0, tailCount = 0
                    var tailOutside = false
                    while index < range.upperBound {
                        if flags[index] {
                            tailBenefit += values[index]
                            tailSquares += (1 - values[index]) * (1 - values[index])
                            tailCount += 1
                            if !(values[index] >= 0 && values[index] <= 1) { tailOutside = true }
                        }
                        index += 1
                    }
                    return (
                        benefit.sum() + tailBenefit, squares.sum() + tailSquares, Int(taken.wrappedSum()) + tailCount,
                        !any(outside) && !tailOutside
                    )
                }
            }
        }
        var total = (p: 0.0, harmSquares: 0.0, count: 0, unitQualities: true)
        for (benefit, squares, taken, unit) in partial {
            total.p += benefit
            total.harmSquares += squares
            total.count += taken
            total.unitQualities = total.unitQualities && unit
        }
        return total
    }
}
