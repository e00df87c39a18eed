// `git agents demo [DIR]`: the whole workflow on a sample repository, with a built-in scripted agent.
import ArgumentParser
import Foundation
import GitAgentsKit

extension GitAgents {
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "demo",
            abstract: "Make a sample repository and run the seed's example session with a built-in scripted agent.",
            discussion: "Needs no AI CLI: starts the session, waits for it, reviews, merges and cleans up. Afterwards, try git agents list --all and git log inside DIR.")

        @Argument(help: "Where to make the sample repository (default: ./git-agents-demo). It must not exist or be empty.", completion: .directory)
        var directory: String = "git-agents-demo"

        @OptionGroup var color: ColorOptions

        func run() throws {
            let terminal = color.terminal()
            let path = URL(fileURLWithPath: directory).standardizedFileURL.path
            try DemoRepository.create(at: path, agentCommand: [SelfExecutable.path, "demo-agent"])
            terminal.line("Made a sample repository in \(path) (roles in .gitagents, the scripted agent in .git/config).")
            terminal.line()
            let context = try CommandContext(color, directory: path)
            let workspace = context.workspace
            let task = DemoRepository.task
            terminal.line(terminal.paint("$ git agents start \"\(task)\" --wait", .dim))
            guard let reported = try StartReport(terminal: terminal).start(workspace, StartRequest(task: task)) else { return }
            let id = reported.session.id
            terminal.line()
            let succeeded = try LiveView(context: context).follow(reported)
            terminal.line()
            terminal.line(terminal.paint("$ git agents status", .dim))
            terminal.line(StatusRenderer(terminal: terminal).render(try SessionView.status(workspace, session: id)))
            terminal.line()
            terminal.line(terminal.paint("$ git agents logs --last 12", .dim))
            for line in try SessionView.logs(workspace, session: id).suffix(12) { terminal.line(Terminal.safe(line.display)) }
            guard succeeded else { throw ExitCode(1) }
            // The other half of the cycle: review, merge, clean up.
            terminal.line()
            terminal.line(terminal.paint("$ git agents review", .dim))
            ReviewRenderer(terminal: terminal).render(try ReviewReport.build(workspace, session: id))
            terminal.line()
            terminal.line(terminal.paint("$ git agents merge --approve", .dim))
            let merge = SessionMerge(workspace: workspace, sessionID: id)
            MergeReportView(terminal: terminal).show(try merge.approve(by: SessionMerge.person(in: workspace)))
            terminal.line()
            terminal.line(terminal.paint("$ git agents cleanup", .dim))
            let cleanup = SessionCleanup(workspace: workspace, options: CleanupOptions(force: false, keepFailed: false))
            CleanupRenderer(terminal: terminal, manySessions: false).render([try cleanup.clean(id)], skipped: [])
            terminal.line()
            terminal.line("Look around: cd \(path) && git log --first-parent --notes=agents && git agents list --all")
        }
    }
}
