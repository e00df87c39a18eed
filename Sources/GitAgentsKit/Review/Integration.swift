// The session's work merged onto the target's tip in memory (SPEC §6): agent by agent in dependency order,
// nothing on disk touched. `review` counts its conflicts; `merge` turns a clean one into one commit.
import Foundation
import GitKit

struct Integration {
    /// An agent that could not be merged onto what came before it.
    struct Conflict: Sendable, Equatable {
        let agent: String
        let paths: [String]
    }

    /// The target's tip the work was merged onto.
    let onto: OID
    /// The agents merged, in the order they were merged.
    let merged: [AgentRecord]
    /// Agents left out because their work conflicts (with the target or an agent merged before them).
    let conflicts: [Conflict]
    /// Agents left out because something they depend on was left out.
    let skipped: [(agent: String, because: String)]
    /// The merged tree; equal to the tip's tree when there was nothing to merge.
    let tree: OID

    var conflictCount: Int { conflicts.reduce(0) { $0 + $1.paths.count } }

    /// The commit an agent's work is: its branch tip, or the head the record knows when the branch is gone.
    static func work(of agent: AgentRecord, in repository: Repository) -> OID {
        ((try? repository.referenceTarget("refs/heads/" + agent.branch)) ?? nil) ?? agent.head
    }

    /// Merges `agents` (in dependency order) onto `tip`. A conflicting agent is left out, and so is every
    /// agent that depends on it (its branch holds the conflicting work too); the rest go on.
    static func build(_ repository: Repository, onto tip: OID, agents: [AgentRecord]) throws -> Integration {
        var current = tip
        var merged: [AgentRecord] = [], conflicts: [Conflict] = [], skipped: [(String, String)] = []
        var leftOut = Set<String>()
        for agent in agents {
            if let missing = agent.dependsOn.first(where: leftOut.contains) {
                skipped.append((agent.name, "it depends on \(missing), which is not merged"))
                leftOut.insert(agent.name)
                continue
            }
            let head = work(of: agent, in: repository)
            if try repository.isAncestor(head, of: current) {
                merged.append(agent)
            } else if try repository.isAncestor(current, of: head) {
                current = head
                merged.append(agent)
            } else {
                let result = try repository.mergeCommits(ours: current, theirs: head)
                guard let tree = result.tree else {
                    conflicts.append(Conflict(agent: agent.name, paths: result.conflicts))
                    leftOut.insert(agent.name)
                    continue
                }
                current = try repository.createCommit(tree: tree, parents: [current, head],
                                                      message: "git-agents: \(agent.name) merged in memory")
                merged.append(agent)
            }
        }
        return Integration(onto: tip, merged: merged, conflicts: conflicts, skipped: skipped,
                           tree: try repository.commit(current).tree)
    }

    /// True when merging changes nothing: every agent's work is in the tip already.
    func isEmpty(_ repository: Repository) throws -> Bool { try repository.commit(onto).tree == tree }

    /// The one commit `git log --first-parent` shows for the session: the merged tree, with the tip as first
    /// parent and each agent's head (those no other head holds) after it, so every agent commit stays reachable.
    func commit(message: String, in repository: Repository) throws -> OID {
        let heads = merged.map { Self.work(of: $0, in: repository) }
        var parents = [onto]
        for head in heads where !parents.contains(head) {
            var heldElsewhere = false
            for other in parents + heads where other != head && !heldElsewhere {
                heldElsewhere = try repository.isAncestor(head, of: other)
            }
            if !heldElsewhere { parents.append(head) }
        }
        return try repository.createCommit(tree: tree, parents: parents, message: message)
    }
}
