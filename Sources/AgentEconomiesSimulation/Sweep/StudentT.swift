#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Student's t distribution: the quantile behind a sweep's 95% confidence intervals.
public enum StudentT {
    /// P(T <= t) for `degrees` degrees of freedom (> 0), from the regularised incomplete beta
    /// function: for t >= 0, 1 - I_x(d/2, 1/2) / 2 with x = d / (d + t^2).
    public static func cdf(_ t: Double, degrees: Double) -> Double {
        precondition(degrees > 0, "degrees of freedom must be > 0")
        if t.isNaN { return .nan }
        if t.isInfinite { return t > 0 ? 1 : 0 }
        let tail = 0.5 * regularizedBeta(degrees / (degrees + t * t), degrees / 2, 0.5)
        return t >= 0 ? 1 - tail : tail
    }

    /// The `p`-quantile (0 < p < 1) for `degrees` degrees of freedom (> 0), by bisection on
    /// ``cdf(_:degrees:)`` to the last bit (about 1e-12 relative; 12.7062047361747 for p =
    /// 0.975 and one degree of freedom).
    public static func quantile(_ p: Double, degrees: Double) -> Double {
        precondition(p > 0 && p < 1, "p must be in (0, 1)")
        precondition(degrees > 0, "degrees of freedom must be > 0")
        if p == 0.5 { return 0 }
        if p < 0.5 { return -quantile(1 - p, degrees: degrees) }
        var low = 0.0, high = 1.0
        while cdf(high, degrees: degrees) < p { (low, high) = (high, high * 2) }
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if middle == low || middle == high { break }
            if cdf(middle, degrees: degrees) < p { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }

    /// I_x(a, b), the regularised incomplete beta function, by its continued fraction
    /// (modified Lentz), using the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) where it converges
    /// faster.
    static func regularizedBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        if x < (a + 1) / (a + b + 2) { return exp(logFront) * continuedFraction(x, a, b) / a }
        return 1 - exp(logFront) * continuedFraction(1 - x, b, a) / b
    }

    /// The continued fraction of I_x(a, b) (without its prefactor).
    private static func continuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        for m in 1...400 {
            let m = Double(m)
            let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + even * d
            if abs(d) < tiny { d = tiny }
            c = 1 + even / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            result *= d * c
            let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + odd * d
            if abs(d) < tiny { d = tiny }
            c = 1 + odd / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            result *= step
            if abs(step - 1) < 1e-16 { break }
        }
        return result
    }
}

/// Means and 95% confidence intervals over a sweep's replications.
public enum SweepStatistics {
    /// The mean of `values` (NaN when empty).
    ///
    /// - Complexity: O(n).
    public static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
    }

    /// The half-width of the 95% Student-t interval for the mean of `values`:
    /// t(0.975, n - 1) * s / sqrt(n), with s the sample standard deviation (n - 1 in the
    /// denominator). NaN for fewer than two values (one run gives no interval).
    ///
    /// - Complexity: O(n), plus a Student-t quantile by bisection whose cost does not depend on n.
    public static func ci95(_ values: [Double]) -> Double {
        let n = values.count
        if n < 2 { return .nan }
        let m = mean(values)
        let variance = values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n - 1)
        return StudentT.quantile(0.975, degrees: Double(n - 1)) * variance.squareRoot() / Double(n).squareRoot()
    }
}
