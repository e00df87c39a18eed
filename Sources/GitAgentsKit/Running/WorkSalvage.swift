// What an ended run left in its worktree, made safe before the end is recorded: its branch restored if
// someone deleted it, its leftovers committed, and every commit of the run that its branch no longer holds
// named, so the record keeps it reachable. Each step that fails only adds a note: the end is always recorded.
import Foundation
import GitKit

struct WorkSalvage {
    /// The agent's head once salvaged: its branch's tip (restored if need be), else what the record knew.
    var head: OID
    /// The commit made of the leftovers, if there were any.
    var leftover: OID?
    /// Commits only the record will hold: a HEAD left off the branch, a deleted branch's tip, commits the
    /// branch lost when someone deleted or reset it.
    var keep: [OID] = []
    /// What a person should know, one sentence each (they go into the agent's reason and the activity line).
    var notes: [String] = []

    static func salvage(_ agent: AgentRecord, session: String, in repository: Repository) -> WorkSalvage {
        var salvage = WorkSalvage(head: agent.head)
        let branch = "refs/heads/" + agent.branch
        let worktree = FileManager.default.fileExists(atPath: agent.worktree + "/.git")
            ? try? Repository.open(at: agent.worktree) : nil
        if let worktree {
            salvage.restoreDeletedBranch(agent, worktree: worktree, in: repository)
            salvage.commitLeftovers(agent, session: session, worktree: worktree)
        }
        salvage.head = (try? repository.referenceTarget(branch)) ?? nil ?? agent.head
        if let worktree { salvage.findStrandedCommits(agent, worktree: worktree, in: repository) }
        return salvage
    }

    /// When someone deleted the agent's branch while it ran (`git update-ref -d`, `git branch -D`), its commits
    /// are still the worktree's HEAD as its reflog last recorded it: the branch is made again there, so
    /// leftovers are committed on top of that work, not as a new root.
    private mutating func restoreDeletedBranch(_ agent: AgentRecord, worktree: Repository, in repository: Repository) {
        let branch = "refs/heads/" + agent.branch
        guard (try? repository.referenceTarget(branch)) == .some(nil),
              (try? worktree.headBranch()) == branch else { return }
        do {
            let tip = try worktree.reflogTip("HEAD") ?? agent.head
            try repository.updateReference(branch, to: tip, expected: nil,
                                           message: "git-agents: \(agent.name)'s branch restored after it was deleted")
            keep.append(tip)
            notes.append("its branch \(agent.branch) had been deleted by hand; restored at \(tip.short)")
        } catch {
            notes.append("its branch \(agent.branch) was deleted and could not be restored (\(AgentFinisher.brief(error)))")
        }
    }

    /// Commits what the agent left. A HEAD the agent left off its branch (detached, another branch) is kept
    /// too; a repository nested in the worktree is left where it is, and said.
    private mutating func commitLeftovers(_ agent: AgentRecord, session: String, worktree: Repository) {
        do {
            let result = try worktree.commitEverything(message: """
                \(agent.name): work left uncommitted when the agent ended

                Committed by git-agents so that nothing is lost (session \(session), role \(agent.role)).
                """)
            leftover = result.commit
            for folder in result.leftOut {
                notes.append("\(folder) is a git repository of its own: it is not in the commit and is still in \(agent.worktree)")
            }
            if try worktree.headBranch() != "refs/heads/" + agent.branch, let stray = try worktree.headCommit() {
                keep.append(stray)
                notes.append("its worktree's HEAD is not on \(agent.branch); that work is kept as \(stray.short)")
            }
        } catch {
            notes.append("its uncommitted work could not be committed and is still in \(agent.worktree) (\(AgentFinisher.brief(error)))")
        }
    }

    /// Commits this run made (its worktree's HEAD reflog since it started) that descend from its base but
    /// that the branch no longer holds: the branch was deleted and a later commit started it anew, or someone
    /// reset it. Only the newest of each line is kept (it holds the rest).
    private mutating func findStrandedCommits(_ agent: AgentRecord, worktree: Repository, in repository: Repository) {
        guard let started = agent.startedAt,
              let visited = try? worktree.reflogCommits("HEAD", since: started.addingTimeInterval(-1)) else { return }
        var stranded: [OID] = []
        for commit in visited where !keep.contains(commit) {
            let held = (try? repository.isAncestor(commit, of: head)) ?? true
            let ours = (try? repository.isAncestor(agent.base, of: commit)) ?? false
            let covered = stranded.contains { (try? repository.isAncestor(commit, of: $0)) ?? false }
            if !held && ours && !covered { stranded.append(commit) }
        }
        guard !stranded.isEmpty else { return }
        keep += stranded
        notes.append("commits of this run that \(agent.branch) no longer holds (it was deleted or reset by hand) are kept "
                     + "in the session record: \(stranded.map(\.short).joined(separator: ", ")) (see git log \(stranded[0].short))")
    }
}
