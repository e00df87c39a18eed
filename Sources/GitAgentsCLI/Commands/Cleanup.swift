// `git agents cleanup`: a finished session's worktrees and merged branches removed, its record archived.
import ArgumentParser
import Foundation
import GitAgentsKit

extension GitAgents {
    struct Cleanup: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a finished session's worktrees and merged agent branches, and archive its record.",
            discussion: """
            Unmerged branches and worktrees with uncommitted changes are kept, and named, unless --force: then \
            the uncommitted work is committed to the agent's branch and every commit a deleted branch held stays \
            reachable from the archived record (refs/agents/archive/ID), safe from git gc. A folder holding what \
            git cannot hold (a repository cloned inside it) is moved aside, never deleted. A session with \
            anything kept stays unarchived, so that cleanup can be run again to finish it.

            Exits 0 when everything asked was done (what --keep-failed keeps included), 1 when something was \
            kept that --force would remove, 2 for a session still running.
            """)

        @OptionGroup var session: SessionOption

        @Flag(help: "Keep the worktrees and branches of failed and blocked agents, for debugging.")
        var keepFailed = false

        @Flag(help: "Also delete unmerged branches and worktrees with uncommitted changes; their work stays in the session record.")
        var force = false

        @Flag(help: "Clean up every finished session; running ones are skipped.")
        var all = false

        @OptionGroup var output: OutputOptions

        struct Report: Encodable {
            let sessions: [CleanupResult]
            let skipped: [SkippedSession]
        }

        func validate() throws {
            if all && session.session != nil { throw ValidationError("--all cleans every finished session: leave out --session") }
        }

        func run() throws {
            let context = try CommandContext(output)
            let store = SessionStore(repository: context.workspace.repository)
            let cleanup = SessionCleanup(workspace: context.workspace, options: CleanupOptions(force: force, keepFailed: keepFailed))
            var results: [CleanupResult] = [], skipped: [SkippedSession] = [], failures: [AgentsError] = []
            if all {
                let (sessions, unreadable) = try store.readAll()
                if let warning = SessionChoice.warning(skipping: unreadable) { Terminal.warn(warning) }
                // A session whose supervisor died, or whose start died half-way, is settled first (as list does).
                for snapshot in sessions where [.running, .planning].contains(snapshot.session.state) {
                    try context.superviseIfNeeded(snapshot.session.id)
                }
                let finished = try cleanup.finishedSessions()
                skipped = finished.skipped
                for id in finished.ids {
                    do {
                        results.append(try cleanup.clean(id))
                    } catch let error as AgentsError {
                        failures.append(.failed("session \(id): \(error.message)", hint: error.hint))
                    }
                }
            } else if try session.session != nil || !store.allIDs().isEmpty {
                results = [try cleanup.clean(try context.session(session))]
            }
            if output.json {
                try JSONOutput.print(Report(sessions: results, skipped: skipped))
            } else {
                render(results, skipped: skipped, terminal: context.terminal)
            }
            for problem in results.flatMap(\.problems) { Terminal.warn(problem) }
            for failure in failures { Terminal.printError(failure.message, hint: failure.hint) }
            if !failures.isEmpty || results.contains(where: \.keptWork) { throw ExitCode(1) }
        }

        private func render(_ results: [CleanupResult], skipped: [SkippedSession], terminal: Terminal) {
            if results.isEmpty && skipped.isEmpty {
                terminal.line("Nothing to clean up: no session is left that is not archived (see git agents list --all).")
            }
            for result in results {
                if all { terminal.line(terminal.paint("Session \(result.session)", .bold)) }
                if result.alreadyClean {
                    terminal.line("Nothing to clean: session \(result.session) is archived already (git log \(result.archiveRef)).")
                    continue
                }
                for step in result.steps { terminal.line(line(step, terminal)) }
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
        private func line(_ step: CleanupStep, _ terminal: Terminal) -> String {
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
}
