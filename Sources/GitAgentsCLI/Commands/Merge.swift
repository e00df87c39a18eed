// `git agents merge`: --approve integrates the approved agents into the target; --reject and --request-changes
// record a person's decision on one agent.
import ArgumentParser
import Foundation
import GitAgentsKit

extension GitAgents {
    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge",
            abstract: "Merge the approved agents into the target branch as one commit, or reject or send back one agent.",
            discussion: """
            --approve: agents not reviewed yet are reviewed by the orchestrator (strategy orchestrator-review with \
            agents.orchestrator set) or approved by you; every approved agent whose dependencies are approved is \
            merged in dependency order, in memory, and the target branch moves in one step — its checked-out \
            worktree only when it is clean. With the manual strategy the result goes to agents/<session>/integration; \
            with agents.createPullRequest that branch is pushed (to agents.remote, else the target's upstream remote, \
            else origin) and agents.prCommand opens the pull request, else the git request-pull text is printed.
            """)

        @OptionGroup var session: SessionOption

        @Flag(help: "Merge every approved agent (reviewing those not reviewed yet).")
        var approve = false

        @Option(help: ArgumentHelp("Leave this agent's work out (its branch stays).", valueName: "AGENT"), completion: .agents)
        var reject: String?

        @Option(name: .customLong("request-changes"), help: ArgumentHelp("Send this agent back to work with -m as feedback.", valueName: "AGENT"), completion: .agents)
        var requestChanges: String?

        @Option(name: .shortAndLong, help: ArgumentHelp("The reason or feedback.", valueName: "MESSAGE"))
        var message: String?

        @Flag(help: "With --reject: leave the agents that depend on it as they are instead of blocking them.")
        var force = false

        @OptionGroup var color: ColorOptions

        func validate() throws {
            let chosen = [approve, reject != nil, requestChanges != nil].filter { $0 }.count
            guard chosen == 1 else { throw ValidationError("give one of --approve, --reject AGENT, --request-changes AGENT") }
            if force && reject == nil { throw ValidationError("--force goes with --reject") }
            if requestChanges != nil && (message ?? "").isEmpty {
                throw ValidationError("--request-changes needs the feedback: -m \"what to change\"")
            }
        }

        func run() throws {
            let context = try CommandContext(color)
            let id = try context.session(session)
            let merge = SessionMerge(workspace: context.workspace, sessionID: id)
            let person = SessionMerge.person(in: context.workspace)
            if let agent = reject {
                try merge.reject(agent, reason: message, by: person, keepDependants: force)
                print("Rejected \(Terminal.safe(agent)) (session \(id)): its work will not be merged; its branch stays.")
            } else if let agent = requestChanges {
                try merge.requestChanges(agent, feedback: message ?? "", by: person)
                print("Sent \(Terminal.safe(agent)) back to work with your feedback (session \(id)). Follow it with: git agents status --watch")
            } else {
                MergeReportView(terminal: context.terminal).show(try merge.approve(by: person))
            }
        }
    }
}

/// The seed's "Merging Changes…" report.
struct MergeReportView {
    let terminal: Terminal

    func show(_ report: MergeReport) {
        terminal.line(terminal.paint("Merging Changes...", .bold))
        terminal.line(String(repeating: "━", count: 44))
        let check = terminal.paint("✓", .green)
        for agent in report.merged {
            terminal.line("\(check) Merging \(Terminal.safe(agent.name)) changes... (\(Terminal.safe(agent.title)))")
        }
        for (agent, feedback) in report.sentBack {
            terminal.line("\(terminal.paint("↻", .yellow)) \(Terminal.safe(agent)): changes requested: \(StartReport.oneLine(feedback, limit: 100))")
        }
        for (agent, because) in report.notMerged where !report.sentBack.contains(where: { $0.agent == agent }) {
            terminal.line("\(terminal.paint("•", .dim)) \(Terminal.safe(agent)) not merged: \(Terminal.safe(because))")
        }
        guard let commit = report.commit else {
            terminal.line(report.merged.isEmpty ? "Nothing to merge." : "Nothing new to merge: \(report.branch) holds this work already.")
            return
        }
        terminal.line("\(check) All changes merged successfully!")
        terminal.line("\(check) Created commit: \(commit.short) on \(Terminal.safe(report.branch))")
        if let request = report.pullRequest { show(request, branch: report.branch, check: check) }
        terminal.line()
        terminal.line("Next Steps:")
        if report.strategy == MergeStrategy.manual.rawValue {
            terminal.line("- Review the integration branch: git log --first-parent \(Terminal.safe(report.branch))")
        } else {
            terminal.line("- See it: git log --first-parent --notes=agents \(Terminal.safe(report.target))")
        }
        if !report.sentBack.isEmpty { terminal.line("- Follow the agents sent back: git agents status --watch") }
        terminal.line("- Clean up worktrees: git agents cleanup")
    }

    /// The manual strategy's pull request: what the PR command printed, or the request-pull text to send.
    private func show(_ request: PullRequestOutcome, branch: String, check: String) {
        if let remote = request.pushedTo { terminal.line("\(check) Pushed \(Terminal.safe(branch)) to \(Terminal.safe(remote))") }
        if let created = request.created {
            // Each line is made safe on its own: the command's output must not drive the terminal.
            let lines = created.split(separator: "\n", omittingEmptySubsequences: false).map { Terminal.safe(String($0)) }
            terminal.line("\(check) Created PR: \(lines.joined(separator: "\n  "))")
        }
        if let text = request.requestPull {
            terminal.line()
            terminal.line("Pull request text (git request-pull), to send to whoever merges:")
            terminal.line()
            for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast(text.hasSuffix("\n") ? 1 : 0) {
                terminal.line(Terminal.safe(String(line)))
            }
        }
        if let note = request.notOnRemote { terminal.line("\(terminal.paint("•", .dim)) \(Terminal.safe(note))") }
    }
}
