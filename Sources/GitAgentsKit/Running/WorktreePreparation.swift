// A dependant starts from its dependencies' finished work (SPEC §3): their heads, merged in memory
// when there are several, become its branch's new starting point before it runs.
import Foundation
import GitKit

struct WorktreePreparation {
    let workspace: Workspace

    /// Moves the agent's branch and worktree onto its dependencies' work; returns the commit it now starts from.
    func startingPoint(for agent: AgentRecord, in snapshot: SessionSnapshot) throws -> OID {
        let repository = workspace.repository
        let dependencies = agent.dependsOn.compactMap { snapshot.agent($0) }
        guard let branchHead = try repository.referenceTarget("refs/heads/" + agent.branch) else {
            throw AgentsError.failed("the branch \(agent.branch) of \(agent.name) is gone",
                                     hint: "recreate it with: git agents restart --agent \(agent.name) --fresh")
        }
        guard FileManager.default.fileExists(atPath: agent.worktree + "/.git") else {
            throw AgentsError.failed("the worktree \(agent.worktree) of \(agent.name) is missing",
                                     hint: "git agents recreate --agent \(agent.name)")
        }
        var target = branchHead
        for dependency in dependencies where dependency.head != target {
            target = try combine(target, dependency.head, message: "Start \(agent.name) from the work of \(dependency.name)")
        }
        guard target != branchHead else { return agent.base }
        let worktree = try Repository.open(at: agent.worktree)
        // Nothing is overwritten: anything uncommitted is committed first, then the checkout is a safe one.
        var expected = branchHead
        if let leftover = try worktree.commitWorkingTree(message: "\(agent.name): uncommitted work before restart") {
            expected = leftover
            target = try combine(leftover, target, message: "Start \(agent.name) from its dependencies' work")
        }
        try worktree.moveBranchAndCheckout(to: target, expected: expected)
        return target
    }

    /// `ours` and `theirs` in one commit: a fast-forward when one contains the other, else an in-memory merge.
    func combine(_ ours: OID, _ theirs: OID, message: String) throws -> OID {
        let repository = workspace.repository
        if try repository.isAncestor(theirs, of: ours) { return ours }
        if try repository.isAncestor(ours, of: theirs) { return theirs }
        let merge = try repository.mergeCommits(ours: ours, theirs: theirs)
        guard let tree = merge.tree else {
            throw AgentsError.conflicts("the work it starts from conflicts in \(merge.conflicts.joined(separator: ", "))",
                                        hint: "see git agents conflicts, then restart the agent")
        }
        return try repository.createCommit(tree: tree, parents: [ours, theirs], message: message)
    }
}
