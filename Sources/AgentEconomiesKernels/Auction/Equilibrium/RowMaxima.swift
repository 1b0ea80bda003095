#if canImport(Glibc)
    import Glibc
#endif

/// Replaces `values[g]` at the hit indices by `exp((values[g] - largest) / mu)` and returns
/// their sum (in index order). Many hits go through ``vectorExp(_:)`` over the whole row;
/// a few through scalar `exp`. Entries that are not hits are left as they are.
@inline(__always)
func softmaxWeights(
    _ values: UnsafeMutablePointer<Double>, count: Int, hits: UnsafePointer<Int>, hitCount: Int,
    largest: Double, mu: Double
) -> Double {
    var total = 0.0
    if hitCount >= 8 && count >= 4 {
        let top = SIMD4<Double>(repeating: largest), scale = SIMD4<Double>(repeating: 1 / mu)
        var g = 0
        while g + 4 <= count {
            let chunk = UnsafeRawPointer(values + g).loadUnaligned(as: SIMD4<Double>.self)
            let weights = vectorExp((chunk - top) * scale)
            UnsafeMutableRawPointer(values + g).storeBytes(of: weights, as: SIMD4<Double>.self)
            g += 4
        }
        while g < count { values[g] = exp((values[g] - largest) / mu); g += 1 }
        for k in 0..<hitCount { total += values[hits[k]] }
    } else {
        for k in 0..<hitCount {
            let e = exp((values[hits[k]] - largest) / mu)
            values[hits[k]] = e
            total += e
        }
    }
    return total
}

/// Writes the indices `g < count` with `values[g] >= floor` into `out` and returns how many;
/// four lanes are tested at once, so rows with a single such entry cost one pass of compares.
@inline(__always)
func indices(
    atLeast floor: Double, _ values: UnsafePointer<Double>, count: Int,
    into out: UnsafeMutablePointer<Int>
) -> Int {
    let threshold = SIMD4<Double>(repeating: floor)
    var found = 0
    var g = 0
    while g + 4 <= count {
        if any(UnsafeRawPointer(values + g).loadUnaligned(as: SIMD4<Double>.self) .>= threshold) {
            for lane in g..<(g + 4) where values[lane] >= floor { out[found] = lane; found += 1 }
        }
        g += 4
    }
    while g < count {
        if values[g] >= floor { out[found] = g; found += 1 }
        g += 1
    }
    return found
}

/// Stores `logs[g] - q[g]` into `out` and returns the largest and where it is (for equal
/// largest values, any of their indices), tracked per SIMD lane in one pass.
@inline(__always)
func shiftedArgmax(
    _ logs: UnsafePointer<Double>, _ q: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>,
    count: Int
) -> (largest: Double, index: Int) {
    var first = SIMD4<Double>(repeating: -.infinity)
    var firstIndex = SIMD4<Int64>(repeating: 0)
    var laneIndex = SIMD4<Int64>(0, 1, 2, 3)
    let step = SIMD4<Int64>(repeating: 4)
    var g = 0
    while g + 4 <= count {
        let value =
            UnsafeRawPointer(logs + g).loadUnaligned(as: SIMD4<Double>.self)
            - UnsafeRawPointer(q + g).loadUnaligned(as: SIMD4<Double>.self)
        UnsafeMutableRawPointer(out + g).storeBytes(of: value, as: SIMD4<Double>.self)
        let better = value .> first
        first = first.replacing(with: value, where: better)
        firstIndex = firstIndex.replacing(with: laneIndex, where: better)
        laneIndex &+= step
        g += 4
    }
    var top = -Double.infinity, topIndex = 0
    for lane in 0..<4 where first[lane] > top {
        top = first[lane]
        topIndex = Int(firstIndex[lane])
    }
    while g < count {
        let value = logs[g] - q[g]
        out[g] = value
        if value > top { top = value; topIndex = g }
        g += 1
    }
    return (top, topIndex)
}

/// The largest of the first `count` values other than the one at `excluded`
/// (`-infinity` when there is no other); four lanes per step.
@inline(__always)
func largestExcept(_ excluded: Int, _ values: UnsafeMutablePointer<Double>, count: Int) -> Double {
    let saved = values[excluded]
    values[excluded] = -.infinity
    defer { values[excluded] = saved }
    var lanes = SIMD4<Double>(repeating: -.infinity)
    var g = 0
    while g + 4 <= count {
        let chunk = UnsafeRawPointer(values + g).loadUnaligned(as: SIMD4<Double>.self)
        lanes = lanes.replacing(with: chunk, where: chunk .> lanes)
        g += 4
    }
    var largest = lanes.max()
    while g < count { largest = max(largest, values[g]); g += 1 }
    return largest
}

/// Stores `logs[g] - q[g]` into `out` and returns the largest (SIMD over four lanes).
@inline(__always)
func shiftedMaximum(
    _ logs: UnsafePointer<Double>, _ q: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>,
    count: Int
) -> Double {
    var lanes = SIMD4<Double>(repeating: -.infinity)
    var g = 0
    while g + 4 <= count {
        let value =
            UnsafeRawPointer(logs + g).loadUnaligned(as: SIMD4<Double>.self)
            - UnsafeRawPointer(q + g).loadUnaligned(as: SIMD4<Double>.self)
        UnsafeMutableRawPointer(out + g).storeBytes(of: value, as: SIMD4<Double>.self)
        lanes = lanes.replacing(with: value, where: value .> lanes)
        g += 4
    }
    var largest = lanes.max()
    while g < count {
        let value = logs[g] - q[g]
        out[g] = value
        largest = value > largest ? value : largest
        g += 1
    }
    return largest
}
