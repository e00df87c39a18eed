// `git agents review` (SPEC §1): per agent the files and lines it changed, its review decision and the files it
// touched outside its role's paths; totals; and the conflicts an in-memory merge of every finished agent onto
// the target's tip finds. Nothing on disk is touched.
import Foundation
import GitKit

public struct ReviewReport: Encodable, Sendable {
    public struct Row: Encodable, Sendable {
        public let agent: String
        public let role: String
        public let title: String
        public let status: AgentStatus
        public let branch: String
        public let files: Int
        public let added: Int
        public let deleted: Int
        public let review: Review?
        /// The paths it owns (its role's `paths`, a plan's `directory`, its `--over` item); empty: all of them.
        public let ownedPaths: [String]
        /// Files it changed outside `ownedPaths`.
        public let outsidePaths: [String]
        /// Why it would not be merged by `merge --approve` now; nil when it would.
        public let notMergedBecause: String?
    }

    public struct Totals: Encodable, Sendable {
        public let files: Int
        public let added: Int
        public let deleted: Int
    }

    public struct Conflict: Encodable, Sendable {
        public let agent: String
        public let paths: [String]
    }

    public let session: String
    public let target: String
    public let targetTip: OID
    public let strategy: String
    public let agents: [Row]
    public let totals: Totals
    /// Conflicting paths when every finished agent is merged onto the target, agent by agent.
    public let conflictCount: Int
    public let conflicts: [Conflict]

    public static func build(_ workspace: Workspace, session id: String) throws -> ReviewReport {
        let repository = workspace.repository
        let snapshot = try SessionStore(repository: repository).load(id)
        let settings = try? snapshot.settings()
        let target = snapshot.session.into
        guard let tip = try repository.referenceTarget("refs/heads/" + target) else {
            throw AgentsError.usage("the target branch \(target) of session \(id) does not exist any more",
                                    hint: "create it again (git branch \(target) <commit>), then review")
        }
        // Two halves that need nothing of each other run side by side: each agent's diff (on a thread with
        // its own handle: libgit2 handles are not shared across threads) and the merge of all of them.
        let ranges = snapshot.agents.map { ($0.base, Integration.work(of: $0, in: repository)) }
        let diffs = DiffsInBackground(ranges, repository: workspace.commonDir)
        let finished = snapshot.agents.filter { $0.status == .done }
        // The merge is only looked at: its trees and commits stay in memory.
        let scratch = try Repository.openWithObjectsInMemory(at: workspace.commonDir)
        try scratch.replaceIndexWhenItHoldsNoAttributes()
        let integration = try Integration.build(scratch, onto: tip, agents: finished)
        let changes = diffs.wait()
        var mergeable = Set(snapshot.agents.filter { $0.status == .merged }.map(\.name))
        var rows: [Row] = []
        for (index, agent) in snapshot.agents.enumerated() {
            let (stat, changed) = changes[index]
            let owned = settings?.agents[agent.name]?.paths ?? []
            // As merge --approve would decide, taking an agent not reviewed yet as one it will approve.
            let why: String?
            switch agent.status {
            case .merged: why = nil
            case .done where agent.review == nil:
                why = agent.dependsOn.first { !mergeable.contains($0) }.map { "it depends on \($0), which is not merged" }
            default: why = SessionMerge.whyNotMerged(agent, mergeable: mergeable)
            }
            if why == nil { mergeable.insert(agent.name) }
            rows.append(Row(agent: agent.name, role: agent.role, title: agent.title, status: agent.status, branch: agent.branch,
                            files: stat?.files ?? 0, added: stat?.insertions ?? 0, deleted: stat?.deletions ?? 0,
                            review: agent.review, ownedPaths: owned, outsidePaths: PathOwnership.outside(changed, owned: owned),
                            notMergedBecause: why))
        }
        return ReviewReport(
            session: id, target: target, targetTip: tip, strategy: snapshot.session.strategy, agents: rows,
            totals: Totals(files: rows.reduce(0) { $0 + $1.files }, added: rows.reduce(0) { $0 + $1.added },
                           deleted: rows.reduce(0) { $0 + $1.deleted }),
            conflictCount: integration.conflictCount,
            conflicts: integration.conflicts.map { Conflict(agent: $0.agent, paths: $0.paths) })
    }
}

/// Each range's diff statistics and changed paths, computed on a thread of their own.
private final class DiffsInBackground: @unchecked Sendable {
    private var results: [(DiffStat?, [String])]
    private let done = DispatchSemaphore(value: 0)

    init(_ ranges: [(OID, OID)], repository path: String) {
        results = Array(repeating: (nil, []), count: ranges.count)
        Thread.detachNewThread { [self] in
            if let repository = try? Repository.open(at: path) {
                // Only spares reading the index: without it, libgit2 reads it as it would anyway.
                try? repository.replaceIndexWhenItHoldsNoAttributes()
                for (index, (base, head)) in ranges.enumerated() {
                    let diff = try? repository.diff(from: base, to: head)
                    results[index] = ((try? diff?.stat()) ?? nil, diff?.paths ?? [])
                }
            }
            done.signal()
        }
    }

    func wait() -> [(DiffStat?, [String])] {
        done.wait()
        return results
    }
}
