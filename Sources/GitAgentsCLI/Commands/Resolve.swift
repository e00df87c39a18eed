// `git agents resolve`: an agent's conflicts with the target resolved by a person in a resolution worktree
// (--continue, --abort finish it), or by the orchestrator command (--auto).
import ArgumentParser
import Foundation
import GitAgentsKit

extension GitAgents {
    struct Resolve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "resolve",
            abstract: "Resolve an agent's conflicts with the target branch in a resolution worktree.",
            discussion: """
            --agent A opens A's merge with the target's tip in a worktree beside the agents' (a temporary branch \
            agents/<session>/resolve-A): conflict markers as git writes them, git status, git mergetool and git add \
            work there. --continue records the resolution as a merge commit on A's branch (its worktree is updated \
            when clean) and removes the resolution worktree; --abort removes it and changes nothing else. \
            --auto lets agents.orchestrator edit the conflicted files; its result is accepted only when no conflict \
            marker is left (and agents.testCommand passes with agents.requireTests). \
            Exits 3 while conflicts remain.
            """)

        @OptionGroup var session: SessionOption

        @Option(help: ArgumentHelp("The agent whose conflicts to resolve.", valueName: "AGENT"), completion: .agents)
        var agent: String?

        @Flag(name: .customLong("continue"), help: "Record the resolution made in the resolution worktree.")
        var continueResolution = false

        @Flag(help: "Remove the resolution worktree; nothing else changes.")
        var abort = false

        @Flag(help: "Let the orchestrator command resolve the conflicts (of --agent, else of every finished agent).")
        var auto = false

        @OptionGroup var color: ColorOptions

        func validate() throws {
            guard [continueResolution, abort, auto].filter({ $0 }).count <= 1 else {
                throw ValidationError("give at most one of --continue, --abort, --auto")
            }
            if agent == nil && !auto { throw ValidationError("name the agent: --agent AGENT (or use --auto)") }
        }

        func run() throws {
            let context = try CommandContext(color)
            let id = try context.session(session)
            let resolution = Resolution(workspace: context.workspace, sessionID: id)
            let view = ResolutionView(terminal: context.terminal)
            if auto {
                let outcomes = try AutoResolution(workspace: context.workspace, sessionID: id).run(agent: agent)
                view.show(outcomes, named: agent)
                if outcomes.contains(where: { if case .refused = $0.result { true } else { false } }) { throw ExitCode(1) }
            } else if continueResolution, let agent {
                view.show(try resolution.finish(agent, by: SessionMerge.person(in: context.workspace)))
            } else if abort, let agent {
                let removed = try resolution.abort(agent)
                context.terminal.line("Gave up the resolution of \(Terminal.safe(agent))" + (removed.map { ": removed \(Terminal.safe($0))" } ?? "") + "; nothing else changed.")
            } else if let agent {
                guard let opened = try resolution.open(agent) else {
                    context.terminal.line("\(Terminal.safe(agent)) merges cleanly onto its target (with the agents merged before it): nothing to resolve.")
                    return
                }
                view.show(opened)
            }
        }
    }
}

/// What `resolve` tells the person: where the resolution is and what to do next, or what was recorded.
struct ResolutionView {
    let terminal: Terminal

    func show(_ opened: OpenedResolution) {
        let agent = Terminal.safe(opened.agent), path = Terminal.safe(opened.path)
        terminal.line("Opened the merge of \(Terminal.safe(opened.target)) (\(opened.targetTip.short)) into \(agent) in \(path)")
        terminal.line("Conflicted files:")
        for file in opened.conflicted { terminal.line("  " + terminal.paint(Terminal.safe(file), .red)) }
        terminal.line()
        terminal.line("Next steps:")
        terminal.line("  cd \(path)")
        terminal.line("  edit the files (or run git mergetool), then: git add FILES")
        terminal.line("  git agents resolve --agent \(agent) --continue    (or --abort to give up)")
    }

    func show(_ finished: FinishedResolution) {
        let check = terminal.paint("✓", .green)
        terminal.line("\(check) Resolved \(Terminal.safe(finished.agent))'s conflicts with \(Terminal.safe(finished.target)) as \(finished.commit.short) on \(Terminal.safe(finished.branch))")
        if let worktree = finished.agentWorktree { terminal.line("\(check) Updated its worktree \(Terminal.safe(worktree))") }
        terminal.line("\(check) Removed \(Terminal.safe(finished.removed))")
        terminal.line("Next: git agents review")
    }

    func show(_ outcomes: [AutoResolutionOutcome], named agent: String?) {
        for outcome in outcomes {
            let name = Terminal.safe(outcome.agent)
            switch outcome.result {
            case .resolved(let finished):
                terminal.line("\(terminal.paint("✓", .green)) \(name): resolved by the orchestrator as \(finished.commit.short) on \(Terminal.safe(finished.branch))")
            case .refused(let reason):
                // A test failure's reason ends with the last lines of its output: each shown on its own line.
                let lines = reason.split(separator: "\n").map { Terminal.safe(String($0)) }.joined(separator: "\n    ")
                terminal.line("\(terminal.paint("✗", .red)) \(name): not resolved, nothing changed: \(lines)")
            case .skipped(let reason):
                terminal.line("\(terminal.paint("•", .dim)) \(name): left alone: \(Terminal.safe(reason))")
            case .clean:
                if agent != nil { terminal.line("\(name) does not conflict with its target: nothing to resolve.") }
            }
        }
        if agent == nil && outcomes.allSatisfy({ if case .clean = $0.result { true } else { false } }) {
            terminal.line("No finished agent conflicts with its target: nothing to resolve.")
        }
    }
}
