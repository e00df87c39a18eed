// `git agents conflicts`: which finished agents conflict with the target and with each other, where, and an
// order to merge them in. Every merge is computed in memory (GitKit's conflictReport): no worktree, index or
// ref changes.
import Foundation
import GitKit

public struct ConflictMatrix: Encodable, Sendable {
    public struct Target: Encodable, Sendable {
        public let branch: String
        public let commit: OID
    }

    /// An agent whose work is compared: its branch's tip, or the record's head when the branch is gone.
    public struct Considered: Encodable, Sendable {
        public let agent: String
        public let branch: String
        public let commit: OID
        public let branchExists: Bool
    }

    public struct Skipped: Encodable, Sendable {
        public let agent: String
        public let status: String
        public let reason: String
    }

    /// One conflicted region: [first, last] line of each side, 1-based; an empty side is [n + 1, n] (nothing,
    /// just after line n).
    public struct Hunk: Encodable, Sendable, Equatable {
        public let ours: [Int]
        public let theirs: [Int]
    }

    /// The paths a conflict involves on each side (nil where that side has no such file).
    public struct Sides: Encodable, Sendable, Equatable {
        public let ancestor: String?
        public let ours: String?
        public let theirs: String?

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(ancestor, forKey: .ancestor)
            try container.encode(ours, forKey: .ours)
            try container.encode(theirs, forKey: .theirs)
        }

        enum CodingKeys: String, CodingKey { case ancestor, ours, theirs }
    }

    public struct PathConflict: Encodable, Sendable, Equatable {
        public let path: String
        public let kind: String
        public let sides: Sides
        public let hunks: [Hunk]
    }

    /// An agent merged into the target: ours is the target, theirs the agent.
    public struct VersusTarget: Encodable, Sendable {
        public let agent: String
        public let paths: [PathConflict]
    }

    /// Two agents merged together: ours is `agents[0]`, theirs `agents[1]` (in dependency order).
    public struct Pair: Encodable, Sendable {
        public let agents: [String]
        public let paths: [PathConflict]
    }

    public let session: String
    public let target: Target
    public let considered: [Considered]
    public let skipped: [Skipped]
    /// Every considered agent, clean ones with no paths.
    public let vsTarget: [VersusTarget]
    /// Every pair of considered agents, clean ones with no paths: the whole matrix.
    public let pairs: [Pair]
    /// The suggested merge order and, for each agent that will meet a conflict when merged in it, with whom.
    public let order: [String]
    public let resolve: [MergeOrder.Resolution]

    /// How many merges conflict: agents against the target plus pairs of agents.
    public var conflicts: Int {
        vsTarget.filter { !$0.paths.isEmpty }.count + pairs.filter { !$0.paths.isEmpty }.count
    }

    enum CodingKeys: String, CodingKey {
        case session, target, considered, skipped, vsTarget, pairs, order, resolve, conflicts
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(session, forKey: .session)
        try container.encode(target, forKey: .target)
        try container.encode(considered, forKey: .considered)
        try container.encode(skipped, forKey: .skipped)
        try container.encode(vsTarget, forKey: .vsTarget)
        try container.encode(pairs, forKey: .pairs)
        try container.encode(order, forKey: .order)
        try container.encode(resolve, forKey: .resolve)
        try container.encode(conflicts, forKey: .conflicts)
    }
}

extension ConflictMatrix {
    /// The matrix of a session: its finished agents against the tip of its `into` branch and against each other.
    public static func compute(_ workspace: Workspace, session id: String) throws -> ConflictMatrix {
        let snapshot = try SessionStore(repository: workspace.repository).load(id)
        // The merges are only looked at: their trees stay in memory, nothing reaches .git/objects.
        return try compute(try Repository.openWithObjectsInMemory(at: workspace.commonDir), snapshot: snapshot)
    }

    public static func compute(_ repository: Repository, snapshot: SessionSnapshot) throws -> ConflictMatrix {
        let session = snapshot.session
        guard !session.into.isEmpty, let tip = try repository.referenceTarget("refs/heads/" + session.into) else {
            throw AgentsError.failed("the target branch '\(session.into)' of session \(session.id) does not exist",
                                     hint: "restore the branch; the session started from \(session.base.short): git branch \(session.into) \(session.base.short)")
        }
        var considered: [Considered] = [], skipped: [Skipped] = []
        for agent in snapshot.agents {
            guard agent.status == .done else {
                skipped.append(Skipped(agent: agent.name, status: agent.status.rawValue, reason: leftOut(agent.status)))
                continue
            }
            let tip = try snapshot.branchTip(of: agent, in: repository)
            considered.append(Considered(agent: agent.name, branch: agent.branch, commit: tip ?? agent.head,
                                         branchExists: tip != nil))
        }
        let vsTarget = try considered.map { agent in
            let report = try repository.conflictReport(
                ours: tip, theirs: agent.commit, labels: ConflictLabels(ours: session.into, theirs: agent.branch))
            return VersusTarget(agent: agent.agent, paths: report.conflicts.map(PathConflict.init))
        }
        var pairs: [Pair] = []
        for (index, first) in considered.enumerated() {
            for second in considered[(index + 1)...] {
                let report = try repository.conflictReport(
                    ours: first.commit, theirs: second.commit, labels: ConflictLabels(ours: first.branch, theirs: second.branch))
                pairs.append(Pair(agents: [first.agent, second.agent], paths: report.conflicts.map(PathConflict.init)))
            }
        }
        let names = Set(considered.map(\.agent))
        let dependencies = snapshot.agents.filter { names.contains($0.name) }.map { (name: $0.name, dependsOn: $0.dependsOn) }
        let order = MergeOrder(agents: dependencies,
                               conflictsWithTarget: Set(vsTarget.filter { !$0.paths.isEmpty }.map(\.agent)),
                               conflictingPairs: pairs.filter { !$0.paths.isEmpty }.map { ($0.agents[0], $0.agents[1]) })
        return ConflictMatrix(session: session.id, target: Target(branch: session.into, commit: tip),
                              considered: considered, skipped: skipped, vsTarget: vsTarget, pairs: pairs,
                              order: order.names, resolve: order.resolutions)
    }

    /// Why an agent that has not finished its work is left out.
    static func leftOut(_ status: AgentStatus) -> String {
        switch status {
        case .waiting: "not started yet"
        case .done: "finished"
        case .running: "still running"
        case .failed: "failed"
        case .blocked: "blocked: a dependency did not finish"
        case .stopped: "stopped before it finished"
        case .rejected: "rejected"
        case .changesRequested: "changes requested: it is working again"
        case .merged: "already merged"
        case .unknown(let value): "status '\(value)' is unknown to this version"
        }
    }
}

extension ConflictMatrix.PathConflict {
    init(_ conflict: FileConflict) {
        path = conflict.path
        kind = conflict.kind.rawValue
        sides = ConflictMatrix.Sides(ancestor: conflict.ancestor?.path, ours: conflict.ours?.path, theirs: conflict.theirs?.path)
        hunks = conflict.hunks.map {
            ConflictMatrix.Hunk(ours: [$0.ours.start, $0.ours.end], theirs: [$0.theirs.start, $0.theirs.end])
        }
    }
}
