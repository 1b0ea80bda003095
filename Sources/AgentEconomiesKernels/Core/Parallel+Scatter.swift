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
        var plan = ScatterPlan(keyCount: keyCount, sources: sources, threads: threads, produce)
        let lists = UncheckedSendable(output)
        plan.place(threads: threads, produce) { firstKey, keys, pairs, mask in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: keys) { slots in
                for key in 0..<keys { slots[key] = firstSlot(firstKey + key) }
                for pair in pairs {
                    let key = Int((pair >> 32) & mask)
                    lists.value[slots[key]] = Int32(bitPattern: UInt32(truncatingIfNeeded: pair))
                    slots[key] += 1
                }
            }
        }
    }

    /// Groups values by key in CSR form: `offsets` (`keyCount + 1` entries from 0) and
    /// `values`, key `k`'s values at `offsets[k] ..< offsets[k + 1]` in the order a serial
    /// scan of the sources emits them, whatever the thread count.
    ///
    /// ``scatter(keyCount:sources:firstSlot:into:threads:_:)`` with no counting pass before it:
    /// each bucket counts its own keys while its pairs are in its worker's cache, where a count
    /// per key ahead of the scatter costs a locked add at a random place per value.
    ///
    /// - Complexity: two calls of `produce` per source, O(keys + values) over the workers, 8
    ///   bytes of scratch per value.
    @inline(__always)
    package static func grouped(
        keyCount: Int, sources: Int, threads: Int?,
        _ produce: (_ sources: Range<Int>, _ emit: (_ key: Int, _ value: Int32) -> Void) -> Void
    ) -> (offsets: [Int], values: [Int32]) {
        guard keyCount > 0 else { return ([0], []) }
        var offsets = [Int](repeating: 0, count: keyCount + 1)
        guard sources > 0 else { return (offsets, []) }
        var plan = ScatterPlan(keyCount: keyCount, sources: sources, threads: threads, produce)
        let total = plan.total, plannedStarts = plan.starts, shift = plan.shift
        let values = [Int32](unsafeUninitializedCapacity: total) { buffer, initialized in
            offsets.withUnsafeMutableBufferPointer { offsetBuffer in
                let lists = UncheckedSendable(buffer.baseAddress), starts = UncheckedSendable(offsetBuffer.baseAddress!)
                plan.place(threads: threads, produce) { firstKey, keys, pairs, mask in
                    guard let lists = lists.value else { return }
                    // The bucket's keys counted and laid out from where the bucket starts.
                    withUnsafeTemporaryAllocation(of: Int.self, capacity: keys) { slots in
                        slots.initialize(repeating: 0)
                        for pair in pairs { slots[Int((pair >> 32) & mask)] += 1 }
                        var running = plannedStarts[firstKey >> shift]
                        for key in 0..<keys {
                            starts.value[firstKey + key] = running
                            let count = slots[key]
                            slots[key] = running
                            running += count
                        }
                        for pair in pairs {
                            let key = Int((pair >> 32) & mask)
                            lists[slots[key]] = Int32(bitPattern: UInt32(truncatingIfNeeded: pair))
                            slots[key] += 1
                        }
                    }
                }
                starts.value[keyCount] = total
            }
            initialized = total
        }
        return (offsets, values)
    }

    /// The bucket layout a scatter shares with a grouping: keys cut into buckets of
    /// consecutive keys, sources into chunks, and where each (chunk, bucket)'s pairs go in the
    /// scratch (buckets in key order, chunks in order within a bucket).
    struct ScatterPlan {
        let shift: Int, buckets: Int, keysPerBucket: Int, keyCount: Int
        let sources: Int, chunkSize: Int, chunks: Int
        /// `table[chunk * buckets + bucket]`: where that chunk's pairs of that bucket start.
        var table: [Int]
        /// `buckets + 1` starts of the buckets in the scratch.
        let starts: [Int]
        /// Every pair, over all buckets.
        var total: Int { starts[buckets] }

        /// Counts the pairs of every (chunk, bucket) with one call of `produce` per chunk.
        @inline(__always)
        init(
            keyCount: Int, sources: Int, threads: Int?,
            _ produce: (_ sources: Range<Int>, _ emit: (_ key: Int, _ value: Int32) -> Void) -> Void
        ) {
            var shift = 0
            while (keyCount - 1) >> shift >= scatterBuckets { shift += 1 }
            let buckets = ((keyCount - 1) >> shift) + 1
            let chunkSize = max(1_024, (sources + scatterChunks - 1) / scatterChunks)
            let chunks = chunkCount(sources, chunkSize: chunkSize)
            var table = [Int](repeating: 0, count: chunks * buckets)
            var bucketStarts = [Int](repeating: 0, count: buckets + 1)
            table.withUnsafeMutableBufferPointer { tableBuffer in
                let table = UncheckedSendable(tableBuffer.baseAddress!)
                forEach(chunks: chunks, threads: threads) { chunk in
                    let row = table.value + chunk * buckets
                    produce(range(ofChunk: chunk, chunkSize: chunkSize, count: sources)) { key, _ in
                        row[key >> shift] += 1
                    }
                }
                let bucketChunk = 64
                let totals = map(chunks: chunkCount(buckets, chunkSize: bucketChunk), threads: threads) { piece, _ in
                    range(ofChunk: piece, chunkSize: bucketChunk, count: buckets).map { bucket in
                        (0..<chunks).reduce(0) { $0 + table.value[$1 * buckets + bucket] }
                    }
                }.flatMap { $0 }
                for bucket in 0..<buckets { bucketStarts[bucket + 1] = bucketStarts[bucket] + totals[bucket] }
                let starts = bucketStarts
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
            }
            (self.shift, self.buckets, self.keysPerBucket, self.keyCount) = (shift, buckets, 1 << shift, keyCount)
            (self.sources, self.chunkSize, self.chunks) = (sources, chunkSize, chunks)
            (self.table, self.starts) = (table, bucketStarts)
        }

        /// Writes every pair into the scratch (a second call of `produce` per chunk), then calls
        /// `body(firstKey, keys, pairs, mask)` once per bucket over the workers: the bucket's
        /// keys `firstKey ..< firstKey + keys`, its pairs in source order (key in the high 32
        /// bits, `key & mask` its place in the bucket; value in the low 32).
        @inline(__always)
        mutating func place(
            threads: Int?, _ produce: (_ sources: Range<Int>, _ emit: (_ key: Int, _ value: Int32) -> Void) -> Void,
            _ body: (_ firstKey: Int, _ keys: Int, _ pairs: UnsafeBufferPointer<UInt64>, _ mask: UInt64) -> Void
        ) {
            let total = self.total
            if total == 0 { return }
            let (shift, buckets, chunkSize, chunks, sources) = (self.shift, self.buckets, self.chunkSize, self.chunks, self.sources)
            let (keysPerBucket, keyCount, starts) = (self.keysPerBucket, self.keyCount, self.starts)
            let pairs = UnsafeMutablePointer<UInt64>.allocate(capacity: total)
            defer { pairs.deallocate() }
            let scratch = UncheckedSendable(pairs)
            table.withUnsafeMutableBufferPointer { tableBuffer in
                let table = UncheckedSendable(tableBuffer.baseAddress!)
                forEach(chunks: chunks, threads: threads) { chunk in
                    let cursors = table.value + chunk * buckets
                    produce(range(ofChunk: chunk, chunkSize: chunkSize, count: sources)) { key, value in
                        let bucket = key >> shift
                        scratch.value[cursors[bucket]] =
                            UInt64(UInt32(truncatingIfNeeded: key)) << 32 | UInt64(UInt32(bitPattern: value))
                        cursors[bucket] += 1
                    }
                }
            }
            let mask = UInt64(keysPerBucket - 1)
            forEach(chunks: buckets, threads: threads) { bucket in
                let firstKey = bucket << shift
                body(
                    firstKey, min(keysPerBucket, keyCount - firstKey),
                    UnsafeBufferPointer(start: scratch.value + starts[bucket], count: starts[bucket + 1] - starts[bucket]),
                    mask)
            }
        }
    }
}
