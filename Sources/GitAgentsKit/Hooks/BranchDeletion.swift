// An agent's branch deleted by hand (`git branch -D`, SPEC §7), seen by reference-transaction. git 2.39 gives
// no old id for such a deletion, so `prepared` (the branch still there) notes its tip in the runtime folder, and
// `committed` (the branch gone) says so in the session's activity and makes the record keep that tip reachable,
// so `git gc` never takes the work.
import Foundation
import GitKit

struct BranchDeletion {
    let workspace: Workspace
    let agents: HookAgents

    private var folder: String { workspace.runtimeDir + "/deleting" }
    private func notePath(_ ref: String) -> String { folder + "/" + ref.replacingOccurrences(of: "/", with: "%") }

    private func deletions(_ updates: [RefUpdate]) -> [(update: RefUpdate, agent: HookAgent)] {
        updates.compactMap { update in
            guard update.new == nil, let agent = agents.agent(branch: update.ref) else { return nil }
            return (update, agent)
        }
    }

    /// `prepared`: the tip of each agent branch about to be deleted, while it still exists.
    func prepare(_ updates: [RefUpdate]) throws {
        for (update, _) in deletions(updates) {
            guard let tip = try workspace.repository.referenceTarget(update.ref) else { continue }
            try RuntimeFile.makeFolder(folder, below: workspace.commonDir)
            try RuntimeFile.write(tip.hex + "\n", to: notePath(update.ref))
        }
    }

    /// `committed`: each agent branch that is really gone (`git pack-refs` deletes loose refs it has just packed,
    /// and a deletion runs as more than one transaction) is recorded once.
    func record(_ updates: [RefUpdate]) throws {
        let repository = workspace.repository
        let store = SessionStore(repository: repository)
        for (update, agent) in deletions(updates) where try repository.referenceTarget(update.ref) == nil {
            let note = notePath(update.ref)
            let noted = (try? String(contentsOfFile: note, encoding: .utf8))
                .flatMap { OID(hex: $0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            unlink(note)
            let name = agent.record.name, branch = agent.record.branch
            let said = "\(name): branch \(branch) deleted by hand"
            if noted == nil, try store.history(agent.session.id, limit: 1).first?.message.hasPrefix(said) == true { continue }
            let tip = noted ?? update.old ?? agent.record.head
            try store.update(agent.session.id) { document in
                guard let record = document.agents[name] else { return nil }
                document.tree.keepReachable(tip)
                // A running agent's runner restores the branch when its run ends (WorkSalvage); an ended one's
                // head becomes the deleted tip, which the record now holds.
                if record.status.isFinal, record.head != tip { document.agents[name]?.head = tip }
                return "\(said); its tip \(tip.short) is kept in this record"
            }
        }
    }
}
