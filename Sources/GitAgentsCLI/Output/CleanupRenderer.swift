// What `cleanup` did, as the seed shows it: ✓ for what was done, • for what was kept (and why).
import Foundation
import GitAgentsKit

struct CleanupRenderer {
    let terminal: Terminal
    /// `--all`: each session gets a heading.
    let manySessions: Bool

func render(_ results: [CleanupResult], skipped: [SkippedSession]) {
        if results.isEmpty && skipped.isEmpty {
            terminal.line("Nothing to clean up: no session is left that is not archived (see git agents list --all).")
        }
        for result in results {
            if manySessions { terminal.line(terminal.paint("Session \(result.session)", .bold)) }
            if result.alreadyClean {
                terminal.line("Nothing to clean: session \(result.session) is archived already (git log \(result.archiveRef)).")
                continue
            }
            for step in result.steps { terminal.line(line(step)) }
            if result.archived {
                terminal.line("Session \(result.session) archived (git log \(result.archiveRef))")
            } else {
                let force = result.keptWork ? "; --force deletes unmerged work and keeps it in the session record" : ""
                terminal.line("Session \(result.session) is not archived: what is kept above is still its own. "
                              + "Run git agents cleanup again to finish\(force).")
            }
        }
        for skip in skipped {
            terminal.line("\(terminal.paint("•", .yellow)) Skipped session \(skip.session): \(Terminal.safe(skip.reason))")
        }
    }

    /// One step as the seed shows it: ✓ for what was done, • for what was kept (and why).
private func line(_ step: CleanupStep) -> String {
        let done = terminal.paint("✓", .green), kept = terminal.paint("•", .yellow)
        let target = Terminal.safe(step.target), agent = Terminal.safe(step.agent)
        let detail = Terminal.safe(step.detail ?? "")
        switch step.action {
        case .removedWorktree: return "\(done) Removed worktree \(target) (\(agent))"
        case .prunedWorktree: return "\(done) Pruned worktree \(target) (\(agent)): \(detail)"
        case .committedWork:
            return "\(done) Committed \(agent)'s uncommitted work to \(target) (\(step.commit?.short ?? ""))"
        case .movedAside:
            return "\(kept) Moved worktree \(target) (\(agent)) to \(Terminal.safe(step.movedTo ?? "")), not deleted: \(detail)"
        case .keptWorktree: return "\(kept) Kept worktree \(target) (\(agent)): \(detail)"
        case .deletedBranch: return "\(done) Deleted branch \(target) (\(detail))"
        case .keptBranch: return "\(kept) Kept branch \(target) (\(detail))"
        }
    }
}
