/// How ``DworkinAuction`` finds prices and allocations.
public enum AuctionSolver: Equatable, Sendable {
    /// The reference's tatonnement with corner demands (see <doc:FairAllocation>), bit for bit.
    /// `convergenceTolerance` and `maxRounds` apply; it rarely clears random markets.
    case tatonnement
    /// The competitive equilibrium from the given budgets (Dworkin's outcome): Newton's
    /// method on the smoothed Eisenberg-Gale dual
    /// (`AuctionKernels/equilibrium(_:parameters:threads:)`). The market clears and every
    /// agent buys only its best value-per-price goods, to `tolerance`.
    case competitiveEquilibrium(EquilibriumOptions = EquilibriumOptions())
}
