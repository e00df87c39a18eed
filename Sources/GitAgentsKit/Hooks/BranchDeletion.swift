// reference-transaction `committed` (SPEC §7): an agent's branch deleted by hand (`git branch -D`). Its session
// says so in an activity line, and the record keeps the deleted tip reachable, so `git gc` never takes the work.
import Foundation
import GitKit

struct BranchDeletion {
    let workspace: Workspace
    let agents: HookAgents

    func record(_ updates: [RefUpdate]) throws {
        let repository = workspace.repository
        let store = SessionStore(repository: repository)
        for update in updates where update.new == nil && update.ref.hasPrefix("refs/heads/") {
            // `git pack-refs` deletes loose refs it has just packed: those branches are still there.
            guard let old = update.old, try repository.referenceTarget(update.ref) == nil,
                  let agent = agents.agent(branch: update.ref) else { continue }
            let name = agent.record.name
            try store.update(agent.session.id) { document in
                guard let record = document.agents[name] else { return nil }
                document.tree.keepReachable(old)
                // A running agent's runner restores the branch when the run ends (WorkSalvage); an ended one's
                // head becomes the deleted tip, which the record now holds.
                if record.status.isFinal, record.head != old { document.agents[name]?.head = old }
                return "\(name): branch \(agent.record.branch) deleted by hand; its tip \(old.short) is kept in this record"
            }
        }
    }
}
