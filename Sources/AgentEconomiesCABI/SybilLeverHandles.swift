import AgentEconomiesCHeader
import AgentEconomiesKernels

/// The state behind an `ae_sybil_lever` handle: patterns recorded interaction by interaction,
/// the detection options, and the clusters and flagged agents of the last detection.
struct SybilLeverState: Sendable {
    var patterns = PatternAccumulator()
    let threshold: Double
    let metric: SimilarityMetric
    let rule: ClusteringRule
    let path: SimilarityPath
    var clusters: [[Int32]] = []
    var flagged: Set<Int32> = []
}

/// `ae_sybil_lever_create`.
@c(ae_sybil_lever_create)
public func aeSybilLeverCreate(
    _ threshold: Double, _ metric: Int32, _ clustering: Int32, _ path: Int32,
    _ lever: UnsafeMutablePointer<OpaquePointer?>?, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let out = try Buffer.required(lever, "lever")
        let (chosenMetric, rule, chosenPath) = try similarityOptions(metric: metric, clustering: clustering, path: path)
        try Validate.finite(threshold, "threshold")
        out.pointee = Handles.register(
            HandleBox(SybilLeverState(threshold: threshold, metric: chosenMetric, rule: rule, path: chosenPath)))
    }
}

/// `ae_sybil_lever_destroy`.
@c(ae_sybil_lever_destroy)
public func aeSybilLeverDestroy(
    _ lever: OpaquePointer?, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) { try Handles.destroy(lever, "lever", as: SybilLeverState.self) }
}

/// `ae_sybil_lever_record`.
@c(ae_sybil_lever_record)
public func aeSybilLeverRecord(
    _ lever: OpaquePointer?, _ n: Int64, _ initiators: UnsafePointer<Int32>?, _ counterparties: UnsafePointer<Int32>?,
    _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let count = try Buffer.count(n, "n")
        let first = try Buffer.input(initiators, count, "initiators")
        let second = try Buffer.input(counterparties, count, "counterparties")
        for index in 0..<count where first[index] < 0 || second[index] < 0 {
            throw CallError(
                status: AE_ERROR_OUT_OF_RANGE,
                message: "agent handles must be >= 0, got (\(first[index]), \(second[index])) at index \(index)")
        }
        try Handles.with(lever, "lever") { (state: inout SybilLeverState) in
            for index in 0..<count { state.patterns.record(initiator: first[index], counterparty: second[index]) }
        }
    }
}

/// `ae_sybil_lever_detect`.
@c(ae_sybil_lever_detect)
public func aeSybilLeverDetect(
    _ lever: OpaquePointer?, _ threads: Int32, _ clusterCount: UnsafeMutablePointer<Int64>?,
    _ flaggedCount: UnsafeMutablePointer<Int64>?, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        if threads < 0 { throw CallError.size("threads", Int64(threads), ">= 0") }
        let counts = try Handles.with(lever, "lever") { (state: inout SybilLeverState) in
            let matrix = try state.patterns.matrix()
            try checkDenseMemory(state.path, rows: matrix.rowCount, columns: matrix.columnCount)
            let found = try SimilarityJoin.clusters(
                matrix, metric: state.metric, threshold: state.threshold, rule: state.rule, path: state.path,
                threads: threads == 0 ? nil : Int(threads))
            let agents = state.patterns.agents
            state.clusters = found.clusters.map { cluster in cluster.map { agents[$0] } }
            state.flagged = Set(state.clusters.joined())
            return (Int64(state.clusters.count), Int64(state.flagged.count))
        }
        clusterCount?.pointee = counts.0
        flaggedCount?.pointee = counts.1
    }
}

/// `ae_sybil_lever_clusters`.
@c(ae_sybil_lever_clusters)
public func aeSybilLeverClusters(
    _ lever: OpaquePointer?, _ members: UnsafeMutablePointer<Int32>?, _ memberCapacity: Int64,
    _ clusterOffsets: UnsafeMutablePointer<Int64>?, _ offsetCapacity: Int64, _ clusterCount: UnsafeMutablePointer<Int64>?,
    _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let memberRoom = try Buffer.count(memberCapacity, "member_capacity")
        let offsetRoom = try Buffer.count(offsetCapacity, "offset_capacity")
        let countOut = try Buffer.required(clusterCount, "cluster_count")
        try Handles.with(lever, "lever") { (state: inout SybilLeverState) in
            let total = state.clusters.reduce(0) { $0 + $1.count }
            countOut.pointee = Int64(state.clusters.count)
            if total > memberRoom || state.clusters.count + 1 > offsetRoom {
                throw CallError(
                    status: AE_ERROR_CAPACITY,
                    message: "need member_capacity >= \(total) and offset_capacity >= \(state.clusters.count + 1), "
                        + "got \(memberRoom) and \(offsetRoom)")
            }
            let membersOut = try Buffer.output(members, total, "members")
            let offsetsOut = try Buffer.output(clusterOffsets, state.clusters.count + 1, "cluster_offsets")
            var position = 0
            offsetsOut[0] = 0
            for (index, cluster) in state.clusters.enumerated() {
                for agent in cluster {
                    membersOut[position] = agent
                    position += 1
                }
                offsetsOut[index + 1] = Int64(position)
            }
        }
    }
}

/// `ae_sybil_lever_is_flagged`.
@c(ae_sybil_lever_is_flagged)
public func aeSybilLeverIsFlagged(
    _ lever: OpaquePointer?, _ agent: Int32, _ flagged: UnsafeMutablePointer<Int32>?,
    _ clusterSize: UnsafeMutablePointer<Int64>?, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let flaggedOut = try Buffer.required(flagged, "flagged")
        try Handles.with(lever, "lever") { (state: inout SybilLeverState) in
            flaggedOut.pointee = state.flagged.contains(agent) ? 1 : 0
            clusterSize?.pointee = Int64(state.clusters.first(where: { $0.contains(agent) })?.count ?? 0)
        }
    }
}

/// `ae_sybil_lever_clear`.
@c(ae_sybil_lever_clear)
public func aeSybilLeverClear(
    _ lever: OpaquePointer?, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        try Handles.with(lever, "lever") { (state: inout SybilLeverState) in
            state.patterns.removeAll()
            state.clusters.removeAll()
            state.flagged.removeAll()
        }
    }
}
