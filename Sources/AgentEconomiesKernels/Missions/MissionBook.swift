/// Missions on integer handles with the reference's lifecycle (SWARM 1.9.0 `MissionEconomy`):
/// the one set of rules for proposals, joins, contributions, evaluation, expiry and the
/// free-rider index, used by the component's `MissionEconomy` (string IDs mapped to handles),
/// the C ABI's `ae_mission_economy` and the population simulation.
///
/// - A proposal is refused (nil) when `maxActiveMissions` missions are proposed or active, or
///   the pool is not a positive finite number; the coordinator is the first participant, and the
///   mission starts active when one participant is enough.
/// - A join adds a participant once (order of joining kept) to a proposed or active mission; a
///   proposed mission turns active at `minParticipants`.
/// - A contribution is recorded (duplicates kept) only for a participant of an active mission.
/// - An evaluation succeeds when every objective is met, else fails once the epoch has reached
///   the deadline, else leaves the status unchanged.
/// - Expiry marks proposed and active missions whose deadline has come.
public struct MissionBook: Sendable, Equatable, Codable {
    /// Where a mission is in its lifecycle (codes as the C ABI's `AE_MISSION_*`).
    public enum Status: Int32, Sendable, Codable {
        /// Waiting for participants.
        case proposed = 0
        /// Accepting contributions.
        case active = 1
        /// Every objective met.
        case succeeded = 2
        /// Evaluated at or past its deadline with an objective unmet.
        case failed = 3
        /// Its deadline came while proposed or active.
        case expired = 4
    }

    /// One mission.
    public struct Mission: Sendable, Equatable, Codable {
        /// The proposing agent (the first participant).
        public let coordinator: Int32
        /// Participants in order of joining (each once).
        public private(set) var participants: [Int32]
        /// The objectives.
        public let objectives: MissionObjectiveColumns
        /// The reward pool (> 0).
        public let pool: Double
        /// The epoch at which it expires or fails.
        public let deadline: Int
        /// The epoch of its proposal.
        public let createdEpoch: Int
        /// The lifecycle status.
        public internal(set) var status: Status
        /// Contributors in order of first contribution.
        public private(set) var contributors: [Int32] = []
        /// The interaction handles each contributor recorded, in order (duplicates kept; empty
        /// once the mission is archived).
        public private(set) var recorded: [[Int64]] = []
        /// How many contributions each contributor recorded (kept when archived).
        public private(set) var recordedCounts: [Int] = []
        private var participantSet: Set<Int32>
        private var rowOfContributor: [Int32: Int] = [:]

        init(coordinator: Int32, objectives: MissionObjectiveColumns, pool: Double, deadline: Int, epoch: Int, active: Bool) {
            self.coordinator = coordinator
            participants = [coordinator]
            participantSet = [coordinator]
            self.objectives = objectives
            self.pool = pool
            self.deadline = deadline
            createdEpoch = epoch
            status = active ? .active : .proposed
        }

        /// Whether it is proposed or active.
        public var isOpen: Bool { status == .proposed || status == .active }

        /// Whether `agent` participates.
        public func isParticipant(_ agent: Int32) -> Bool { participantSet.contains(agent) }

        mutating func join(_ agent: Int32) {
            if participantSet.insert(agent).inserted { participants.append(agent) }
        }

        mutating func archive() { recorded = [] }

        mutating func record(_ agent: Int32, _ interaction: Int64) {
            if let row = rowOfContributor[agent] {
                recorded[row].append(interaction)
                recordedCounts[row] += 1
            } else {
                rowOfContributor[agent] = contributors.count
                contributors.append(agent)
                recorded.append([interaction])
                recordedCounts.append(1)
            }
        }

        enum CodingKeys: String, CodingKey {
            case coordinator, participants, metrics, targets, weights, pool, deadline, status, contributors, recorded
            case createdEpoch = "created_epoch"
            case recordedCounts = "recorded_counts"
        }

        /// Decodes a mission, checking that its participants, contributors and records agree.
        ///
        /// - Complexity: O(participants + contributors + recorded handles).
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            coordinator = try c.decode(Int32.self, forKey: .coordinator)
            participants = try c.decode([Int32].self, forKey: .participants)
            objectives = try MissionObjectiveColumns(
                metrics: try c.decode([MissionMetric].self, forKey: .metrics),
                targets: try c.decode([Double].self, forKey: .targets), weights: try c.decode([Double].self, forKey: .weights))
            pool = try c.decode(Double.self, forKey: .pool)
            deadline = try c.decode(Int.self, forKey: .deadline)
            createdEpoch = try c.decode(Int.self, forKey: .createdEpoch)
            status = try c.decode(Status.self, forKey: .status)
            contributors = try c.decode([Int32].self, forKey: .contributors)
            recorded = try c.decode([[Int64]].self, forKey: .recorded)
            recordedCounts = try c.decode([Int].self, forKey: .recordedCounts)
            participantSet = Set(participants)
            rowOfContributor = Dictionary(uniqueKeysWithValues: contributors.enumerated().map { ($1, $0) })
            let consistent =
                participantSet.count == participants.count && participants.first == coordinator
                && rowOfContributor.count == contributors.count && recordedCounts.count == contributors.count
                && (recorded.isEmpty || recorded.count == contributors.count)
                && contributors.allSatisfy(participantSet.contains) && pool > 0 && pool.isFinite
            if !consistent {
                throw DecodingError.dataCorruptedError(
                    forKey: .participants, in: c, debugDescription: "a mission whose participants, contributors and records disagree")
            }
        }

        /// Encodes the mission under the keys ``init(from:)`` reads.
        ///
        /// - Complexity: O(participants + contributors + recorded handles).
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(coordinator, forKey: .coordinator)
            try c.encode(participants, forKey: .participants)
            try c.encode(objectives.metrics, forKey: .metrics)
            try c.encode(objectives.targets, forKey: .targets)
            try c.encode(objectives.weights, forKey: .weights)
            try c.encode(pool, forKey: .pool)
            try c.encode(deadline, forKey: .deadline)
            try c.encode(createdEpoch, forKey: .createdEpoch)
            try c.encode(status, forKey: .status)
            try c.encode(contributors, forKey: .contributors)
            try c.encode(recorded, forKey: .recorded)
            try c.encode(recordedCounts, forKey: .recordedCounts)
        }

        /// The ledger over the interactions `ids` (with their p and accepted flags): rows are
        /// the contributors, items the recorded handles in order of first recording; an
        /// interaction no contributor recorded has item -1.
        ///
        /// - Throws: ``AgentEconomiesError`` for columns of different lengths or a p outside [0, 1].
        /// - Complexity: O(recorded handles + interactions) hash lookups, plus the ledger's checks.
        public func ledger(ids: some Collection<Int64>, p: [Double], accepted: [Bool]) throws -> MissionLedger {
            var itemOf: [Int64: Int32] = [:]
            var offsets = [0]
            var items: [Int32] = []
            for row in recorded {
                for id in row {
                    let item = itemOf[id] ?? Int32(itemOf.count)
                    itemOf[id] = item
                    items.append(item)
                }
                offsets.append(items.count)
            }
            return try MissionLedger(
                contributionOffsets: offsets, recordedItems: items, itemCount: itemOf.count, p: p, accepted: accepted,
                interactionItems: ids.map { itemOf[$0] ?? -1 })
        }

        /// Gini coefficient of recorded contribution counts, a 0 for every participant that
        /// recorded nothing; 0 without contributions.
        ///
        /// - Complexity: O(participants log participants): the Gini coefficient sorts the counts.
        public var freeRiderIndex: Double {
            if contributors.isEmpty { return 0 }
            var counts = recordedCounts.map { Double($0) }
            counts.append(contentsOf: repeatElement(0, count: max(0, participants.count - contributors.count)))
            return giniCoefficient(counts)
        }
    }

    /// Participants at which a proposed mission turns active (>= 1).
    public let minParticipants: Int
    /// Proposed and active missions allowed at once (>= 1).
    public let maxActiveMissions: Int
    /// Every mission, by handle (its position).
    public private(set) var missions: [Mission] = []
    private var openCount = 0

    /// An empty book.
    ///
    /// - Throws: ``AgentEconomiesError`` naming `minParticipants` or `maxActiveMissions` below 1.
    public init(minParticipants: Int, maxActiveMissions: Int) throws {
        try Validate.atLeast(minParticipants, 1, "minParticipants")
        try Validate.atLeast(maxActiveMissions, 1, "maxActiveMissions")
        self.minParticipants = minParticipants
        self.maxActiveMissions = maxActiveMissions
    }

    /// The mission behind `handle`.
    ///
    /// - Throws: ``AgentEconomiesError/unknownID(field:id:)`` for a handle never proposed.
    public func mission(_ handle: Int) throws -> Mission {
        guard missions.indices.contains(handle) else {
            throw AgentEconomiesError.unknownID(field: "mission", id: "\(handle)")
        }
        return missions[handle]
    }

    /// Proposes a mission; its handle, or nil when refused (see the type's rules).
    public mutating func propose(
        coordinator: Int32, objectives: MissionObjectiveColumns, pool: Double, deadline: Int, epoch: Int = 0
    ) -> Int? {
        if openCount >= maxActiveMissions || !(pool > 0) || !pool.isFinite { return nil }
        missions.append(
            Mission(
                coordinator: coordinator, objectives: objectives, pool: pool, deadline: deadline, epoch: epoch,
                active: minParticipants <= 1))
        openCount += 1
        return missions.count - 1
    }

    /// Adds a participant; false when the mission is not proposed or active.
    public mutating func join(agent: Int32, mission handle: Int) throws -> Bool {
        guard try mission(handle).isOpen else { return false }
        missions[handle].join(agent)
        if missions[handle].status == .proposed && missions[handle].participants.count >= minParticipants {
            missions[handle].status = .active
        }
        return true
    }

    /// Records a participant's contribution to an active mission; false otherwise.
    public mutating func record(agent: Int32, mission handle: Int, interaction: Int64) throws -> Bool {
        let record = try mission(handle)
        guard record.status == .active, record.isParticipant(agent) else { return false }
        missions[handle].record(agent, interaction)
        return true
    }

    /// Applies an evaluation whose objectives were `met` at `epoch`: succeeded when all are
    /// met, else failed once `epoch >= deadline`, else unchanged. Returns the new status.
    ///
    /// - Complexity: O(objectives).
    @discardableResult
    public mutating func settle(mission handle: Int, met: [Bool], epoch: Int) throws -> Status {
        let record = try mission(handle)
        let wasOpen = record.isOpen
        if met.allSatisfy({ $0 }) {
            missions[handle].status = .succeeded
        } else if epoch >= record.deadline {
            missions[handle].status = .failed
        }
        if wasOpen && !missions[handle].isOpen { openCount -= 1 }
        return missions[handle].status
    }

    /// The handles of the proposed and active missions whose deadline is at most `epoch`,
    /// in handle order, without changing them.
    ///
    /// - Complexity: O(missions): every mission ever proposed is visited, closed ones included.
    public func due(epoch: Int) -> [Int] {
        missions.indices.filter { missions[$0].isOpen && epoch >= missions[$0].deadline }
    }

    /// Marks the proposed and active missions whose deadline is at most `epoch` as expired;
    /// returns their handles in order.
    ///
    /// - Complexity: O(missions): every mission ever proposed is visited, closed ones included.
    @discardableResult
    public mutating func expire(epoch: Int) -> [Int] {
        let list = due(epoch: epoch)
        for handle in list { missions[handle].status = .expired }
        openCount -= list.count
        return list
    }

    /// Drops the recorded handles of a closed mission (succeeded, failed or expired), keeping
    /// its contributors and their counts (so its free-rider index): a long run keeps what it
    /// will read again.
    public mutating func archive(mission handle: Int) throws {
        guard try !mission(handle).isOpen else {
            throw AgentEconomiesError.outOfRange(
                field: "mission", value: "\(handle)", requirement: "closed (succeeded, failed or expired) to be archived")
        }
        missions[handle].archive()
    }

    enum CodingKeys: String, CodingKey {
        case missions
        case minParticipants = "min_participants"
        case maxActiveMissions = "max_active_missions"
    }

    /// Decodes a book and every mission in it.
    ///
    /// - Complexity: O(missions and their participants, contributors and recorded handles).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            minParticipants: try c.decode(Int.self, forKey: .minParticipants),
            maxActiveMissions: try c.decode(Int.self, forKey: .maxActiveMissions))
        missions = try c.decode([Mission].self, forKey: .missions)
        openCount = missions.lazy.filter(\.isOpen).count
    }

    /// Encodes the book and every mission in it.
    ///
    /// - Complexity: O(missions and their participants, contributors and recorded handles).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(minParticipants, forKey: .minParticipants)
        try c.encode(maxActiveMissions, forKey: .maxActiveMissions)
        try c.encode(missions, forKey: .missions)
    }

    /// Whether the two books have the same limits and the same missions.
    ///
    /// - Complexity: O(missions and their participants, contributors and recorded handles) when the
    ///   books are equal.
    public static func == (a: MissionBook, b: MissionBook) -> Bool {
        a.minParticipants == b.minParticipants && a.maxActiveMissions == b.maxActiveMissions && a.missions == b.missions
    }
}
