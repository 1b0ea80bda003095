/// `exp` on four lanes at once, for arguments in [-708, 0] (the softmax weights of the
/// equilibrium solver), accurate to a few units of roundoff.
///
/// `exp(x) = 2^k e^r` with `k = round(x / ln 2)` and `r = x - k ln 2` (ln 2 split in two
/// parts so `r` is exact to double precision, `|r| <= 0.35`); `e^r` is its Taylor series to
/// degree 13 (truncation below 1e-17) by Horner's rule, and `2^k` is built from its exponent
/// bits. Arguments below -708 return 0.
@inline(__always)
func vectorExp(_ x: SIMD4<Double>) -> SIMD4<Double> {
    let magic = SIMD4<Double>(repeating: 6_755_399_441_055_744.0)  // 1.5 x 2^52: rounds to integers
    let clamped = x.replacing(with: -708, where: x .< -708)
    let shifted = clamped * SIMD4<Double>(repeating: 1.4426950408889634) + magic
    let k = shifted - magic
    let high: SIMD4<Double> = clamped - k * SIMD4<Double>(repeating: 0.6931471803691238)
    let r: SIMD4<Double> = high - k * SIMD4<Double>(repeating: 1.9082149292705877e-10)
    var p = SIMD4<Double>(repeating: vectorExpCoefficients[0])  // 1/13!
    for index in 1..<vectorExpCoefficients.count {
        p = p * r + SIMD4<Double>(repeating: vectorExpCoefficients[index])
    }
    let integer = unsafeBitCast(shifted, to: SIMD4<UInt64>.self) &- unsafeBitCast(magic, to: SIMD4<UInt64>.self)
    let scale = unsafeBitCast((integer &+ 1023) &<< 52, to: SIMD4<Double>.self)
    return (p * scale).replacing(with: 0, where: x .< -708)
}

/// 1/13!, 1/12!, ..., 1/2!, 1, 1: the Taylor coefficients of `e^r`, highest degree first.
let vectorExpCoefficients: [Double] = [
    1.0 / 6_227_020_800, 1.0 / 479_001_600, 1.0 / 39_916_800, 1.0 / 3_628_800, 1.0 / 362_880, 1.0 / 40_320,
    1.0 / 5_040, 1.0 / 720, 1.0 / 120, 1.0 / 24, 1.0 / 6, 0.5, 1.0, 1.0,
]
