// `git agents cleanup`: a finished session's worktrees and merged branches removed, its record archived.
import ArgumentParser
import Foundation
import GitAgentsKit

extension GitAgents {
    struct Cleanup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cleanup",
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
                CleanupRenderer(terminal: context.terminal, manySessions: all).render(results, skipped: skipped)
            }
            for problem in results.flatMap(\.problems) { Terminal.warn(problem) }
            for failure in failures { Terminal.printError(failure.message, hint: failure.hint) }
            if !failures.isEmpty || results.contains(where: \.keptWork) { throw ExitCode(1) }
        }
    }
}
