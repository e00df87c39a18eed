// Moving the target branch to the integration commit (SPEC §6): one compare-and-swap, and the worktree that
// has it checked out (main or linked) updated along — only when that worktree is clean. Local changes are
// never lost: otherwise nothing changes and the command says which files are in the way.
import Foundation
import GitKit

enum TargetUpdate {
    /// The worktree (main or linked) whose HEAD is `branch`, nil when none has it checked out.
    static func checkout(of branch: String, in workspace: Workspace) -> String? {
        let ref = "refs/heads/" + branch
        var candidates: [String] = []
        if FileManager.default.fileExists(atPath: workspace.mainWorktreeRoot + "/.git") { candidates.append(workspace.mainWorktreeRoot) }
        candidates += ((try? workspace.repository.worktrees()) ?? []).filter(\.isValid).map(\.path)
        return candidates.first { path in
            (try? Repository.open(at: path).headBranch()) == .some(ref)
        }
    }

    /// Refuses (exit 1, nothing changed) when `branch` is checked out in a worktree with uncommitted changes.
    static func requireClean(_ branch: String, in workspace: Workspace) throws {
        guard let path = checkout(of: branch, in: workspace) else { return }
        let dirty = try Repository.open(at: path).uncommittedTrackedPaths()
        guard !dirty.isEmpty else { return }
        let shown = dirty.prefix(5).joined(separator: ", ") + (dirty.count > 5 ? " and \(dirty.count - 5) more" : "")
        throw AgentsError.failed("\(branch) is checked out in \(path) with uncommitted changes (\(shown)); nothing was merged",
                                 hint: "commit or stash them there, then run git agents merge --approve again")
    }

    /// Moves `branch` from `old` to `new`, and its checked-out worktree along.
    static func move(_ branch: String, from old: OID, to new: OID, in workspace: Workspace, message: String) throws {
        let ref = "refs/heads/" + branch
        do {
            if let path = checkout(of: branch, in: workspace) {
                try requireClean(branch, in: workspace)
                // Compare-and-swap first, then a safe checkout; a failed checkout moves the branch back.
                try Repository.open(at: path).moveBranchAndCheckout(to: new, expected: old)
            } else {
                try workspace.repository.updateReference(ref, to: new, expected: old, message: "git-agents: \(message)")
            }
        } catch let error as GitError where error.code == .modified || error.code == .locked || error.code == .notFound {
            throw AgentsError.failed("\(branch) moved while the merge was prepared (a commit landed on it); nothing was changed",
                                     hint: "run git agents merge --approve again")
        } catch let error as GitError where error.code == .conflict {
            throw AgentsError.failed("files in the worktree of \(branch) are in the way of the merge (\(error.message)); nothing was changed",
                                     hint: "move the untracked files that the agents also created, then merge again")
        }
    }
}
