/// How the distributed kernels split rows (agents, interactions, permutation chunks) over
/// ranks. Both splits are deterministic functions of the count, the block and the rank count.
public enum Partition {
    /// Rank `rank`'s contiguous share of `0..<count` in whole blocks of `block`: blocks are
    /// dealt in order, `blocks x rank / size ..< blocks x (rank + 1) / size`, so ranges are
    /// ascending in rank order, start on a block boundary, and differ by at most one block.
    public static func contiguous(count: Int, block: Int, rank: Int, size: Int) -> Range<Int> {
        let blocks = (count + block - 1) / block
        let first = blocks * rank / size, last = blocks * (rank + 1) / size
        return min(count, first * block)..<min(count, last * block)
    }

    /// Rank `rank`'s blocks of `0..<count` dealt round-robin (block `k` to rank `k mod size`):
    /// balances work that shrinks along the rows, such as the forward half of a similarity join.
    ///
    /// - Complexity: O(count / (block x size)): one range per block of the rank.
    public static func roundRobin(count: Int, block: Int, rank: Int, size: Int) -> [Range<Int>] {
        let blocks = (count + block - 1) / block
        return stride(from: rank, to: blocks, by: size).map { k in (k * block)..<min(count, (k + 1) * block) }
    }
}
