extension Parallel {
    /// The most source chunks and key buckets a `scatter` uses: its table holds one count
    /// per (chunk, bucket), at most 512 × 2,048 = 1 Mi.
    static let scatterChunks = 512, scatterBuckets = 2_048

    /// Writes values into per-key lists whose places the caller chose (a CSR build's scatter),
    /// in the order a serial scan of the sources would write them, without an atomic add or a
    /// store at a random place per value.
    ///
    /// A scatter through atomic cursors pays, per value, a locked add on a random counter that
    /// first waits for the previous value's store, itself a cache miss at a random place of
    /// the output: on ten million agents that is a memory round trip per value that no other
    /// load overlaps. Here the keys are cut into buckets (consecutive keys, few enough that a
    /// bucket's lists stay in a core's cache). Each chunk of sources writes its (key, value)
    /// pairs into its own part of each bucket, in order (one sequential stream per bucket);
    /// then each bucket is written into its lists by one worker, chunk by chunk. So every list
    /// gets its values in source order, whatever the thread count.
    ///
    /// - Parameters:
    ///   - keyCount: keys are in `0..<keyCount`.
    ///   - sources: the sources (rows) whose values are placed; `produce` is given them in
    ///     consecutive ranges.
    ///   - firstSlot: where key `k`'s list starts in `output`; the key's values go to the
    ///     consecutive slots from there (the caller counted them).
    ///   - output: the lists.
    ///   - threads: worker count; `nil` uses ``defaultThreadCount``.
    ///   - produce: calls `emit(key, value)` for every value of the sources in its range, in a
    ///     fixed order; it is called twice per range (once to count, once to write).
    /// - Complexity: two calls of `produce` per source, O(values) moves and 8 bytes of scratch
    ///   per value, O(chunks × buckets) counts.
    @inline(__always)
    package static func scatter(
        keyCount: Int, sources: Int, firstSlot: (Int) -> Int, into output: UnsafeMutablePointer<Int32>,
        threads: Int?, _ produce: (_ sources: Range<Int>, _ emit: (_ key: Int, _ value: Int32) -> Void) -> Void
    ) {
        if keyCount <= 0 || sources <= 0 { return }
        var shift = 0
        while (keyCount - 1) >> shift >= scatterBuckets { shift += 1 }
        let buckets = ((keyCount - 1) >> shift) + 1, keysPerBucket = 1 << shift
        let chunkSize = max(1_024, (sources + scatterChunks - 1) / scatterChunks)
        let chunks = chunkCount(sources, chunkSize: chunkSize)
        // table[chunk * buckets + bucket]: first the chunk's values in the bucket, then where
        // they start in the scratch.
        var table = [Int](repeating: 0, count: chunks * buckets)
        table.withUnsafeMutableBufferPointer { tableBuffer in
            let table = UncheckedSendable(tableBuffer.baseAddress!)
            forEach(chunks: chunks, threads: threads) { chunk in
                let row = table.value + chunk * buckets
                produce(range(ofChunk: chunk, chunkSize: chunkSize, count: sources)) { key, _ in
                    row[key >> shift] += 1
                }
            }
            // Buckets in key order, chunks in order within a bucket.
            let bucketChunk = 64
            let totals = map(chunks: chunkCount(buckets, chunkSize: bucketChunk), threads: threads) { piece, _ in
                range(ofChunk: piece, chunkSize: bucketChunk, count: buckets).map { bucket in
                    (0..<chunks).reduce(0) { $0 + table.value[$1 * buckets + bucket] }
                }
            }.flatMap { $0 }
            var bucketStarts = [Int](repeating: 0, count: buckets + 1)
            for bucket in 0..<buckets { bucketStarts[bucket + 1] = bucketStarts[bucket] + totals[bucket] }
            let starts = bucketStarts, total = starts[buckets]
            forEach(chunks: chunkCount(buckets, chunkSize: bucketChunk), threads: threads) { piece in
                for bucket in range(ofChunk: piece, chunkSize: bucketChunk, count: buckets) {
                    var running = starts[bucket]
                    for chunk in 0..<chunks {
                        let count = table.value[chunk * buckets + bucket]
                        table.value[chunk * buckets + bucket] = running
                        running += count
                    }
                }
            }
            if total == 0 { return }
            let pairs = UnsafeMutablePointer<UInt64>.allocate(capacity: total)
            defer { pairs.deallocate() }
            let scratch = UncheckedSendable(pairs)
            forEach(chunks: chunks, threads: threads) { chunk in
                let cursors = table.value + chunk * buckets
                produce(range(ofChunk: chunk, chunkSize: chunkSize, count: sources)) { key, value in
                    let bucket = key >> shift
                    scratch.value[cursors[bucket]] = UInt64(UInt32(truncatingIfNeeded: key)) << 32 | UInt64(UInt32(bitPattern: value))
                    cursors[bucket] += 1
                }
            }
            let lists = UncheckedSendable(output)
            forEach(chunks: buckets, threads: threads) { bucket in
                let firstKey = bucket << shift, keys = min(keysPerBucket, keyCount - firstKey)
                withUnsafeTemporaryAllocation(of: Int.self, capacity: keys) { slots in
                    for key in 0..<keys { slots[key] = firstSlot(firstKey + key) }
                    let mask = UInt64(keysPerBucket - 1)
                    for index in starts[bucket]..<starts[bucket + 1] {
                        let pair = scratch.value[index]
                        let key = Int((pair >> 32) & mask)
                        lists.value[slots[key]] = Int32(bitPattern: UInt32(truncatingIfNeeded: pair))
                        slots[key] += 1
                    }
                }
            }
        }
    }
}
