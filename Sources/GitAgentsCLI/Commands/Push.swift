// `git agents push [REMOTE]`: this clone's session records, its agents' work and the notes, to a remote.
import ArgumentParser
import GitAgentsKit

extension GitAgents {
    struct Push: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "push",
            abstract: "Share this clone's sessions and notes through a remote.",
            discussion: """
            Pushes refs/agents/sessions/* and refs/agents/archive/* to the remote's \
            refs/agents/clones/<clone>/…, where <clone> is this clone's name (agents.cloneName, made once), \
            with each agent's branch tip under …/heads/<session>/<agent> so that other clones can diff and \
            review it. The remote's notes are fetched and merged first, then refs/notes/agents is pushed. \
            Records only fast-forward: nothing on the remote is overwritten. Agent branches themselves are \
            not pushed: push them with git push REMOTE BRANCH.
            """)

        @OptionGroup var options: SharingOptions

        func run() throws {
            let (context, sharing) = try options.sharing()
            let report = try sharing.push()
            if !report.unpushed.isEmpty {
                Terminal.warn("not pushed: \(report.unpushed.map(\.ref).joined(separator: ", ")) cannot be read by this version of git-agents (see git agents doctor)")
            }
            if options.output.json { return try JSONOutput.print(report) }
            let terminal = context.terminal
            guard !report.sessions.isEmpty || report.notes else {
                terminal.line("Nothing to push: no sessions and no notes yet.")
                return
            }
            let count = report.sessions.count == 1 ? "1 session" : "\(report.sessions.count) sessions"
            terminal.line("\(terminal.paint("✓", .green)) Pushed \(count)\(report.notes ? " and the notes" : "") to \(report.remote) as \(report.clone)")
            if report.notesMerged { terminal.line("  notes merged with \(report.remote)'s first") }
        }
    }
}

/// What push and fetch both take: the remote and the output options.
struct SharingOptions: ParsableArguments {
    @Argument(help: "The remote (default: the current branch's upstream remote, else origin).", completion: .remotes)
    var remote: String?

    @OptionGroup var output: OutputOptions

    /// The command's context and the sharing with the remote asked for.
    func sharing() throws -> (CommandContext, SessionSharing) {
        let context = try CommandContext(output)
        return (context, try SessionSharing(context.workspace, remote: remote))
    }
}
