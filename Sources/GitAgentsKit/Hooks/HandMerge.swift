// post-merge (SPEC §7): a person merged agent branches into a session's target with plain `git merge`. Those
// agents are merged, through the lifecycle (the merge is the person's approval), the session too once every
// agent is merged or was rejected, and with agents.autoCleanup their worktrees and branches go.
import Foundation
import GitKit

struct HandMerge {
    let workspace: Workspace
    let agents: HookAgents
    let settings: HookSettings

    /// What a person should read after their merge, one line each.
    func record() throws -> [String] {
        let repository = workspace.repository
        guard let branch = try repository.headBranch(), let head = try repository.headCommit() else { return [] }
        let target = String(branch.dropFirst("refs/heads/".count))
        let person = SessionMerge.person(in: workspace)
        let store = SessionStore(repository: repository)
        var lines: [String] = []
        // What this merge brought in: not in ORIG_HEAD, the tip before it (git merge sets it).
        let before = try? repository.resolveCommit("ORIG_HEAD")
        let sessions = Dictionary(grouping: agents.agents.filter { $0.session.into == target }, by: { $0.session.id })
        for (id, members) in sessions.sorted(by: { $0.key < $1.key }) {
            let inTarget = members.filter { agents.contains(head, $0.tip) }
            let broughtIn = inTarget.filter { agent in !(before.map { agents.contains($0, agent.tip) } ?? false) }
            let refused = broughtIn.filter { $0.isRefused && $0.hasWork }.map(\.record.name)
            guard inTarget.contains(where: { $0.hasWork && $0.record.status == .done }) || !refused.isEmpty else { continue }
            var merged: [String] = [], settled = false
            try store.update(id) { document in
                merged = []
                for agent in inTarget where agent.record.status == .done {
                    let review = Review(decision: .approve, reason: "merged by hand into \(target)", by: person, at: Date())
                    let name = agent.record.name
                    if document.agents[name]?.review?.decision != .approve {
                        document.transition(name) { try $0.approve(review) }
                    }
                    if document.transition(name, { try $0.merged(at: Date()) }) {
                        merged.append(agent.record.name)
                    }
                }
                guard !merged.isEmpty || !refused.isEmpty else { return nil }
                settled = document.agents.values.allSatisfy { $0.status == .merged || $0.status == .rejected }
                if settled { document.transitionSession { try $0.merged() } }
                var activity = "merged by hand into \(target) (\(head.short))"
                if !merged.isEmpty { activity += ": " + merged.sorted().joined(separator: ", ") }
                if !refused.isEmpty { activity += "; not approved but merged: " + refused.sorted().joined(separator: ", ") }
                return activity
            }
            guard !merged.isEmpty else { continue }
            lines.append("git-agents: session \(id): \(merged.sorted().joined(separator: ", ")) merged into \(target)")
            if settings.bool("agents.autoCleanup", default: false) {
                // Once every agent is settled the whole session is cleaned up (and archived when nothing is kept).
                lines += try cleanUp(id, agents: settled ? nil : Set(merged))
            }
        }
        return lines
    }

    private func cleanUp(_ id: String, agents names: Set<String>?) throws -> [String] {
        let result = try SessionCleanup(workspace: workspace, options: CleanupOptions()).clean(id, only: names)
        var lines = result.steps.map { step in
            "git-agents: cleanup: \(step.agent): \(step.action.rawValue) \(step.target)" + (step.detail.map { " (\($0))" } ?? "")
        }
        if result.archived { lines.append("git-agents: session \(id) archived as \(result.archiveRef)") }
        return lines
    }
}
