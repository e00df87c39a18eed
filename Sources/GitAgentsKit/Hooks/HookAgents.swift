// The agents a hook asks about: every agent of the sessions that are not archived, with the commit its work
// is at now (its branch's tip, or the head the record knows when the branch is gone).
import Foundation
import GitKit

struct HookAgent {
    let session: SessionInfo
    let record: AgentRecord
    let tip: OID

    /// The agent made commits of its own: merging it brings something in.
    var hasWork: Bool { tip != record.base }

    /// Rejected, or sent back with changes requested: its work must not be merged (SPEC §7).
    var isRefused: Bool { record.status == .rejected || record.status == .changesRequested }

    /// The refusal's reason in a few words: "rejected: wrong framework", "changes requested: add tests".
    var verdict: String {
        let why = record.review?.reason.map { ": " + $0.split(whereSeparator: \.isNewline).joined(separator: " ") } ?? ""
        return (record.status == .rejected ? "rejected" : "changes requested") + why
    }
}

struct HookAgents {
    let repository: Repository
    let agents: [HookAgent]

    init(_ workspace: Workspace) throws {
        repository = workspace.repository
        var found: [HookAgent] = []
        for snapshot in try SessionStore(repository: repository).readAll().sessions {
            for agent in snapshot.agents {
                let tip = ((try? repository.referenceTarget("refs/heads/" + agent.branch)) ?? nil) ?? agent.head
                found.append(HookAgent(session: snapshot.session, record: agent, tip: tip))
            }
        }
        agents = found
    }

    func agent(branch: String) -> HookAgent? {
        agents.first { "refs/heads/" + $0.record.branch == branch }
    }

    /// Whether `commit` holds `tip` (is it, or descends from it).
    func contains(_ commit: OID, _ tip: OID) -> Bool {
        commit == tip || ((try? repository.isAncestor(tip, of: commit)) ?? false)
    }

    /// Refused agents whose work moving a branch from `old` to `new` brings in.
    func refusedWork(from old: OID?, to new: OID) -> [HookAgent] {
        agents.filter { agent in
            agent.isRefused && agent.hasWork && contains(new, agent.tip) && !(old.map { contains($0, agent.tip) } ?? false)
        }
    }
}
