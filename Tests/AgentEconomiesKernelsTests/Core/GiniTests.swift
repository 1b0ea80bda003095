import AgentEconomiesKernels
import Testing

/// `giniCoefficient`: the reference formula `sum_k (2k - n - 1) u_k / (n * total)` over the
/// values sorted ascending, and its zero cases.
@Suite("Gini coefficient")
struct GiniTests {
    @Test("no values, all zeros and equal values give 0")
    func zeroCases() {
        #expect(giniCoefficient([Double]()) == 0)
        #expect(giniCoefficient([0.0, 0, 0]) == 0)
        #expect(giniCoefficient([4.0, 4, 4, 4, 4]) == 0)
        #expect(giniCoefficient([7.5]) == 0)
    }

    @Test("one holder of everything among n gives (n - 1) / n", arguments: [2, 3, 4, 5, 10, 1000])
    func oneHolder(_ n: Int) {
        var values = [Double](repeating: 0, count: n)
        values[n / 2] = 7
        #expect(giniCoefficient(values) == Double(n - 1) / Double(n))
    }

    @Test("hand-computed examples")
    func handComputed() {
        // sorted 1, 2, 3, 4; total 10; (-3*1 - 1*2 + 1*3 + 3*4) / (4 * 10) = 10 / 40
        #expect(giniCoefficient([1.0, 2, 3, 4]) == 0.25)
        // sorted 1, 3; total 4; (-1*1 + 1*3) / (2 * 4) = 2 / 8
        #expect(giniCoefficient([3.0, 1]) == 0.25)
        // sorted 0, 1, 5; total 6; (-2*0 + 0*1 + 2*5) / (3 * 6) = 10 / 18
        #expect(giniCoefficient([5.0, 0, 1]) == 10.0 / 18.0)
    }

    @Test("the order of the values does not matter")
    func orderIndependent() {
        let values = [0.3, 9.1, 2.2, 0, 4.4, 4.4, 1e-3, 17]
        let expected = giniCoefficient(values)
        #expect(expected > 0 && expected < 1)
        #expect(giniCoefficient(values.reversed()) == expected)
        #expect(giniCoefficient(values.sorted()) == expected)
        #expect(giniCoefficient(values.shuffled()) == expected)
        #expect(giniCoefficient(Set(values)) == giniCoefficient(Array(Set(values)).sorted()))
    }

    @Test("a negative total follows the formula")
    func negativeTotal() {
        // sorted -2, -1; total -3; (-1 * -2 + 1 * -1) / (2 * -3) = 1 / -6
        #expect(giniCoefficient([-1.0, -2]) == 1.0 / -6.0)
        // sorted -1, 0, 3; total 2; (-2 * -1 + 0 + 2 * 3) / (3 * 2) = 8 / 6
        #expect(giniCoefficient([3.0, -1, 0]) == 8.0 / 6.0)
        // a zero total with non-zero values still gives 0
        #expect(giniCoefficient([-2.0, 2]) == 0)
    }
}
