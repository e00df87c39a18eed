// `git agents fetch [REMOTE]`: the other clones' sessions, read beside ours as REMOTE/CLONE/ID, and their notes.
import ArgumentParser
import GitAgentsKit

extension GitAgents {
    struct Fetch: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fetch",
            abstract: "Fetch the sessions and notes other clones shared through a remote.",
            discussion: """
            Fetches the remote's refs/agents/clones/* into refs/agents/remotes/<remote>/clones/*: each \
            session then reads as <remote>/<clone>/<id> (or <remote>/<id> when one clone has that id) with \
            list, status, logs, review, diff and conflicts --session. Such a session is read-only here. \
            The remote's refs/notes/agents is merged into ours, keeping every line of both.
            """)

        @OptionGroup var options: SharingOptions

        func run() throws {
            let (context, sharing) = try options.sharing()
            let report = try sharing.fetch()
            if options.output.json { return try JSONOutput.print(report) }
            let terminal = context.terminal
            if report.sessions.isEmpty {
                terminal.line("No new sessions from \(report.remote).")
            } else {
                terminal.line("\(terminal.paint("✓", .green)) Fetched from \(report.remote):")
                for name in report.sessions { terminal.line("  \(Terminal.safe(name))") }
            }
            if report.notesMerged { terminal.line("Notes merged with \(report.remote)'s (every line of both kept).") }
        }
    }
}
