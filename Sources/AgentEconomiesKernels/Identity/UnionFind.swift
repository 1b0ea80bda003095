/// Union-find over rows `0..<count`, each root the smallest row of its component, for the
/// connected-components clustering rule.
struct UnionFind {
    private var parent: [Int]

    init(count: Int) { parent = Array(0..<count) }

    /// The root of `row`'s component (with path halving).
    mutating func root(_ row: Int) -> Int {
        var x = row
        while parent[x] != x {
            parent[x] = parent[parent[x]]
            x = parent[x]
        }
        return x
    }

    /// Joins the components of `a` and `b` (the smaller root stays the root).
    mutating func union(_ a: Int, _ b: Int) {
        let ra = root(a), rb = root(b)
        if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
    }

    /// The components of more than one row, ordered by their smallest row, members ascending.
    mutating func clusters() -> [[Int]] {
        var members = [Int: [Int]]()
        var order = [Int]()
        for row in 0..<parent.count {
            let r = root(row)
            if members[r] == nil { order.append(r) }
            members[r, default: []].append(row)
        }
        return order.compactMap { members[$0]!.count > 1 ? members[$0] : nil }
    }
}
