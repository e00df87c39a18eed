// What `git agents diff` shows: each agent's own work, from the base recorded for it to its branch tip.
import GitKit

/// One agent's changes. A dependant's recorded base is the starting point made from its dependencies' heads
/// when it started (WorktreePreparation), so its diff holds its own work only.
public struct AgentChanges {
    public let agent: AgentRecord
    /// The branch tip, or the recorded head when the branch is gone.
    public let tip: OID
    /// False when the branch was deleted and the diff ends at the recorded head.
    public let branchExists: Bool
    public let diff: TreeDiff
    public let stat: DiffStat
}

public enum SessionDiff {
    /// The changes of every agent of the session (dependencies first), or of the one named.
    public static func changes(_ workspace: Workspace, session id: String, agent name: String? = nil) throws -> [AgentChanges] {
        let repository = workspace.repository
        let snapshot = try SessionStore(repository: repository).load(id)
        if let name, snapshot.agent(name) == nil {
            throw AgentsError.usage("session \(id) has no agent '\(name)'",
                                    hint: "its agents: \(snapshot.agents.map(\.name).joined(separator: ", "))")
        }
        return try snapshot.agents.filter { name == nil || $0.name == name }.map { agent in
            let branchTip = try snapshot.branchTip(of: agent, in: repository)
            let tip = branchTip ?? agent.head
            let diff: TreeDiff
            do {
                diff = try repository.diff(from: agent.base, to: tip)
            } catch let error as GitError where error.code == .notFound {
                throw AgentsError.repository("the commits of \(agent.name) (\(agent.base.short)..\(tip.short)) are missing",
                                             hint: "run git agents doctor to check the repository")
            }
            return AgentChanges(agent: agent, tip: tip, branchExists: branchTip != nil, diff: diff, stat: try diff.stat())
        }
    }
}
