extension Parallel {
    /// The first index in `0..<count` where `matches` holds, or nil: the chunks scanned over
    /// the workers, then the first chunk with a match gives its first one, so the answer is a
    /// serial scan's at any thread count (an input check names the same entry whoever runs it).
    ///
    /// - Complexity: O(count) over the workers (every chunk is scanned to its first match).
    package static func firstIndex(
        count: Int, chunkSize: Int = 1 << 16, threads: Int?, where matches: (Int) -> Bool
    ) -> Int? {
        if count <= 0 { return nil }
        let firsts = map(chunks: chunkCount(count, chunkSize: chunkSize), threads: threads) { chunk, _ in
            range(ofChunk: chunk, chunkSize: chunkSize, count: count).first(where: matches)
        }
        return firsts.lazy.compactMap { $0 }.first
    }
}
