import AgentEconomiesKernels
import Foundation
import Workloads

/// Measures the machine's peaks in this run: a large dgemm and sgemm (OpenBLAS with its
/// default threads) and a parallel streaming read over an array far larger than the caches.
func measurePeak(quick: Bool) throws -> Peak {
    let n = quick ? 768 : 2048
    progress("peak: dgemm/sgemm \(n)^3, stream")
    func gemmRate<S: BLASScalar>(_ type: S.Type) throws -> Double {
        let a = Matrices.uniform(n, n, seed: 1, lower: 0, upper: 1, as: S.self)
        let b = Matrices.uniform(n, n, seed: 2, lower: 0, upper: 1, as: S.self)
        var c = try Matrix<S>(rows: n, columns: n)
        let timing = try measure(runs: quick ? 3 : 5, budget: 10) { try BLAS.gemm(a, b, into: &c) }
        return 2 * Double(n) * Double(n) * Double(n) / timing.minimum / 1e9
    }
    let dgemm = try gemmRate(Double.self)
    let sgemm = try gemmRate(Float.self)
    let stream = streamReadBandwidth(bytes: quick ? 64 << 20 : 512 << 20)
    return Peak(dgemmGflops: dgemm, sgemmGflops: sgemm, streamGbps: stream)
}

/// Bytes per second (in GB/s) of a parallel sum over a `bytes`-sized array of doubles, in
/// the same chunking the kernels use: the bandwidth a memory-bound kernel can hope for.
func streamReadBandwidth(bytes: Int) -> Double {
    let count = bytes / 8
    let data = [Double](repeating: 1.0, count: count)
    let chunk = 1 << 16
    let chunks = Parallel.chunkCount(count, chunkSize: chunk)
    var partials = [Double](repeating: 0, count: chunks)
    let timing = measure(runs: 7, budget: 10) {
        data.withUnsafeBufferPointer { buffer in
            partials.withUnsafeMutableBufferPointer { out in
                let shared = SharedMutablePointer(out.baseAddress!)
                Parallel.forEach(chunks: chunks) { index in
                    let range = Parallel.range(ofChunk: index, chunkSize: chunk, count: count)
                    var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
                    var i = range.lowerBound
                    while i + 4 <= range.upperBound {
                        s0 += buffer[i]; s1 += buffer[i + 1]; s2 += buffer[i + 2]; s3 += buffer[i + 3]
                        i += 4
                    }
                    while i < range.upperBound { s0 += buffer[i]; i += 1 }
                    shared[index] = s0 + s1 + s2 + s3
                }
            }
        }
    }
    precondition(partials.reduce(0, +) == Double(count), "stream pass lost data")
    return Double(count * 8) / timing.minimum / 1e9
}
