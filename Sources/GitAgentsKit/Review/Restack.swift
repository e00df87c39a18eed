// After an agent sent back for changes (`merge --request-changes`) ends with new work, the agents that had
// started from its old work are restacked: their own commits replayed in memory onto a start made from their
// dependencies' current heads, their branch (and worktree, when clean) moved there. A replay that conflicts
// blocks the dependant with the reason instead of leaving it on a broken tree.
import Foundation
import GitKit

struct Restack {
    let workspace: Workspace
    let sessionID: String

    /// Restacks the finished dependants of `name` (and theirs, in turn) whose branches lack its new `head`.
    /// Called before `name`'s run is recorded as ended, so the session cannot end while this goes on.
    func dependants(of name: String, newHead: OID) {
        var pending = [name]
        while let changed = pending.popLast() {
            guard let snapshot = try? SessionStore(repository: workspace.repository).load(sessionID),
                  let head = changed == name ? newHead : snapshot.agent(changed)?.head else { return }
            for dependant in snapshot.agents where dependant.dependsOn.contains(changed) && dependant.status == .done {
                let tip = Integration.work(of: dependant, in: workspace.repository)
                guard !((try? workspace.repository.isAncestor(head, of: tip)) ?? true) else { continue }
                if restack(dependant, tip: tip, in: snapshot) { pending.append(dependant.name) }
            }
        }
    }

    /// True when the dependant now stands on its dependencies' new work.
    private func restack(_ agent: AgentRecord, tip: OID, in snapshot: SessionSnapshot) -> Bool {
        let repository = workspace.repository
        let store = SessionStore(repository: repository)
        do {
            let heads = agent.dependsOn.compactMap { snapshot.agent($0) }.map { Integration.work(of: $0, in: repository) }
            let start = try startPoint(heads, message: "Start \(agent.name) from its dependencies' new work")
            let own = try repository.commits(from: agent.base, to: tip)
            if let merge = try own.first(where: { try repository.commit($0).parents.count > 1 }) {
                throw AgentsError.conflicts("its own history has a merge (\(merge.short)), which is not replayed")
            }
            switch try repository.replay(own, onto: start) {
            case .conflict(let commit, let paths):
                throw AgentsError.conflicts("its commit \(commit.short) conflicts with the new work in \(paths.joined(separator: ", "))")
            case .replayed(let newTip):
                try moveBranch(agent, from: tip, to: newTip)
                let stat = try? repository.diffStat(from: start, to: newTip)
                try store.update(sessionID, activity: "\(agent.name): restacked onto its dependencies' new work "
                                 + "(\(Units.count(own.count, "commit")) replayed; old head \(tip.short) kept in this record)") { document in
                    document.tree.keepReachable(tip)
                    document.transition(agent.name) { try $0.restacked() }
                    document.agents[agent.name]?.base = start
                    document.agents[agent.name]?.head = newTip
                    if let stat { document.agents[agent.name]?.stats = DiffStats(files: stat.files, added: stat.insertions, deleted: stat.deletions) }
                }
                return true
            }
        } catch {
            let reason = "its work could not be moved onto its dependencies' new work: \(AgentFinisher.brief(error))"
            _ = try? store.update(sessionID) { document in
                guard document.transition(agent.name, { try $0.block(reason: reason, at: Date()) }) else { return nil }
                return "\(agent.name): blocked: \(reason)"
            }
            return false
        }
    }

    /// The dependencies' heads in one commit, as a dependant's first run starts from them.
    private func startPoint(_ heads: [OID], message: String) throws -> OID {
        guard var current = heads.first else { throw AgentsError.failed("it has no dependencies to start from") }
        let preparation = WorktreePreparation(workspace: workspace)
        for head in heads.dropFirst() { current = try preparation.combine(current, head, message: message) }
        return current
    }

    /// Moves the dependant's branch; its worktree follows only when it has nothing uncommitted (a safe checkout).
    private func moveBranch(_ agent: AgentRecord, from tip: OID, to newTip: OID) throws {
        try TargetUpdate.moveWithCheckout(agent.branch, from: tip, to: newTip, in: workspace, message: "\(agent.name) restacked",
                                          unchanged: "it was not restacked", hint: "commit or stash them, then restart it")
    }
}
