/// The regression (KernelSHAP) estimator.
extension ShapleyKernels {
    /// How the regression estimator samples.
    public struct RegressionParameters: Equatable, Sendable {
        /// Coalitions sampled, counting each one's complement (>= 2).
        public var coalitions: Int
        /// Seed of the fast generator.
        public var seed: UInt64

        /// The most coalitions a regression samples (each is a row of its least-squares
        /// system).
        public static let maximumCoalitions = 1 << 24

        /// Parameters; default 2,048 coalitions, seed 0.
        public init(coalitions: Int = 2_048, seed: UInt64 = 0) {
            self.coalitions = coalitions
            self.seed = seed
        }

        /// - Throws: ``AgentEconomiesError`` when `coalitions < 2`.
        public func validate() throws {
            try Validate.atLeast(coalitions, 2, "RegressionParameters.coalitions")
            if coalitions > Self.maximumCoalitions {
                throw AgentEconomiesError.outOfRange(
                    field: "RegressionParameters.coalitions", value: "\(coalitions)",
                    requirement: "at most \(Self.maximumCoalitions) (one row of the regression each)")
            }
        }
    }

    /// The KernelSHAP estimator on an additive game.
    ///
    /// - Complexity: O(K (n m + n^2) + n^3) for K coalitions (`parameters.coalitions`), n players
    ///   and m aggregate columns; O(K n) memory for the design matrix.
    public static func regression(
        _ game: AdditiveGame, parameters: RegressionParameters = RegressionParameters()
    )
        throws -> Estimate
    {
        try parameters.validate()
        return try regression(players: game.players, walker: AdditiveWalker(game), parameters: parameters)
    }

    /// The KernelSHAP estimator on any game.
    ///
    /// - Complexity: O(K n^2 + n^3) plus K + 2 calls of `v` for K coalitions
    ///   (`parameters.coalitions`) and n players; O(K n) memory for the design matrix.
    public static func regression(
        _ game: CoalitionFunctionGame,
        parameters: RegressionParameters = RegressionParameters()
    ) throws -> Estimate {
        try parameters.validate()
        return try regression(players: game.players, walker: FunctionWalker(game), parameters: parameters)
    }

    /// Weighted least squares with the efficiency constraint: coalitions S of size 1...n-1
    /// are drawn with the Shapley kernel's probability (size s with weight
    /// `(n - 1) / (s (n - s))`, members uniform), each with its complement; `phi` minimises
    /// `sum (v(S) - v(empty) - sum over S of phi_i)^2` subject to `sum phi = v(N) - v(empty)`.
    /// The constraint eliminates the last player; the normal equations are formed by one
    /// GEMM and solved by LAPACKE (Cholesky, LU if needed).
    ///
    /// - Throws: ``AgentEconomiesError`` when the sampled system is singular (too few
    ///   coalitions for the players).
    /// - Complexity: O(K n^2 + n^3) for K coalitions.
    static func regression<W: CoalitionWalker>(
        players n: Int, walker initial: W,
        parameters: RegressionParameters
    ) throws -> Estimate {
        var walker = initial
        walker.reset()
        let emptyValue = walker.value()
        for player in 0..<n { walker.add(player) }
        let grand = walker.value() - emptyValue
        if n <= 1 {
            return Estimate(
                values: n == 1 ? [grand] : [], standardErrors: [], evaluations: 2, samples: 0,
                grandValue: grand)
        }
        // Size distribution of the Shapley kernel.
        var cumulative = [Double](repeating: 0, count: n)
        for size in 1..<n { cumulative[size] = cumulative[size - 1] + Double(n - 1) / Double(size * (n - size)) }
        let total = cumulative[n - 1]
        let pairs = max(1, parameters.coalitions / 2)
        let rows = 2 * pairs
        let unknowns = n - 1
        var design = [Double](repeating: 0, count: rows * unknowns)
        var target = [Double](repeating: 0, count: rows)
        var random = FastRandom(seed: parameters.seed)
        var order = [Int](0..<n)
        var members = [Bool](repeating: false, count: n)
        for pair in 0..<pairs {
            let draw = random.random() * total
            var size = 1
            while size < n - 1 && cumulative[size] <= draw { size += 1 }
            // A uniform subset of `size` players: the head of a partial shuffle.
            for index in 0..<size {
                let other = index + Int(random.next().multipliedFullWidth(by: UInt64(n - index)).high)
                order.swapAt(index, other)
            }
            for side in 0..<2 {
                for player in 0..<n { members[player] = (side == 0) == false }
                for index in 0..<size { members[order[index]] = side == 0 }
                walker.reset()
                for player in 0..<n where members[player] { walker.add(player) }
                let row = 2 * pair + side
                let last = members[n - 1] ? 1.0 : 0.0
                for player in 0..<unknowns { design[row * unknowns + player] = (members[player] ? 1 : 0) - last }
                target[row] = walker.value() - emptyValue - last * grand
            }
        }
        var normal = [Double](repeating: 0, count: unknowns * unknowns)
        var rightSide = [Double](repeating: 0, count: unknowns)
        try design.withUnsafeBufferPointer { a in
            try normal.withUnsafeMutableBufferPointer { c in
                try BLAS.gemm(
                    transposeA: true, transposeB: false, m: unknowns, n: unknowns, k: rows, alpha: 1,
                    a: a, lda: unknowns, b: a, ldb: unknowns, beta: 0, c: c, ldc: unknowns)
            }
            try target.withUnsafeBufferPointer { b in
                try rightSide.withUnsafeMutableBufferPointer { c in
                    try BLAS.gemm(
                        transposeA: true, transposeB: false, m: unknowns, n: 1, k: rows, alpha: 1,
                        a: a, lda: unknowns, b: b, ldb: 1, beta: 0, c: c, ldc: 1)
                }
            }
        }
        guard let solution = try LAPACK.solveSymmetric(normal, rightSide, n: unknowns) else {
            throw AgentEconomiesError.outOfRange(
                field: "RegressionParameters.coalitions", value: "\(rows)",
                requirement: "enough to determine \(n) players (singular system)")
        }
        var values = solution
        values.append(grand - solution.reduce(0, +))
        return Estimate(values: values, standardErrors: [], evaluations: rows + 2, samples: rows, grandValue: grand)
    }
}
