/// Neumaier's compensated sum: the running total and the rounding error it has lost.
package struct CompensatedSum {
    package var value = 0.0
    package var compensation = 0.0

    /// A zero total.
    package init() {}

    /// The total with its lost rounding added back.
    package var sum: Double { value + compensation }

    package mutating func add(_ term: Double) {
        let next = value + term
        if abs(value) >= abs(term) {
            compensation += (value - next) + term
        } else {
            compensation += (term - next) + value
        }
        value = next
    }
}
