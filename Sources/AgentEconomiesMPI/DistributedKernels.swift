import AgentEconomiesKernels

/// The heavy kernels over the ranks of an MPI job, each giving the single-process answer
/// bit for bit for any number of ranks.
///
/// Every function is collective: every rank calls it with the same arguments (or its own
/// share of the rows, where the parameter says so) and every rank receives the whole result.
/// Floating-point sums are added in the single-process kernel's fixed order (per block of
/// agents, per chunk of interactions or permutations), never in rank order, so the answer
/// does not depend on the rank count; counts are integers and maxima order-free. See the
/// module's "Scaling Model" article for what each sends.
public enum DistributedKernels {}
