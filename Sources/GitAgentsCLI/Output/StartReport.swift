// The report `start` prints, in the seed's order: task analysis, assignments, worktrees, launched agents.
import Foundation
import GitAgentsKit

struct StartReport {
    let terminal: Terminal

    /// Prepares, reports and creates a session, then launches its supervisor; returns the state the report
    /// showed (nil for a dry run).
    func start(_ workspace: Workspace, _ request: StartRequest, dryRun: Bool = false) throws -> SessionSnapshot? {
        let starter = SessionStarter(workspace: workspace)
        let prepared = try starter.prepare(request)
        for warning in prepared.warnings { Terminal.warn(warning) }
        header(prepared)
        if dryRun {
            self.dryRun(prepared)
            return nil
        }
        let created = try starter.create(prepared, copyFrom: workspace.worktreeRoot)
        worktrees(created)
        try Supervision.launch(workspace, session: created.session.id)
        let reported = try Self.waitForFirstWave(workspace, session: created.session.id)
        launched(reported)
        return reported
    }

    func header(_ prepared: PreparedSession) {
        terminal.line(terminal.paint("git agents: starting a session", .bold))
        terminal.line(String(repeating: "━", count: 44))
        terminal.line("Task analysis:")
        for line in prepared.session.task.split(separator: "\n", omittingEmptySubsequences: false) {
            terminal.line("  \(Terminal.safe(String(line)))")
        }
        if let name = prepared.planName { terminal.line("  session pattern: \(Terminal.safe(name))") }
        terminal.line("  base \(prepared.session.base.short) → into \(prepared.session.into), strategy \(prepared.session.strategy), max \(prepared.session.maxParallel) in parallel")
        terminal.line()
        terminal.line("Agent assignments:")
        for (index, agent) in prepared.agents.enumerated() {
            let waits = agent.dependsOn.isEmpty ? "" : terminal.paint("  (after \(Self.names(agent.dependsOn)))", .dim)
            terminal.line("  \(terminal.paint("✓", .green)) Agent \(index + 1) (\(Terminal.safe(agent.name))): \(Self.oneLine(agent.title))\(waits)")
        }
        if prepared.settings.waves.count > 1 {
            for (index, wave) in prepared.settings.waves.enumerated() {
                terminal.line("  Batch \(index + 1)/\(prepared.settings.waves.count): \(Self.names(wave))")
            }
        }
    }

    func dryRun(_ prepared: PreparedSession) {
        terminal.line()
        terminal.line("Would create:")
        var table = Table("AGENT", "BRANCH", "WORKTREE", "COMMAND")
        for agent in prepared.agents {
            table.add(agent.name, agent.branch, agent.worktree, agent.command.joined(separator: " "))
        }
        terminal.line(table.render(terminal))
        terminal.line()
        terminal.line("Dry run: nothing was created.")
    }

    func worktrees(_ snapshot: SessionSnapshot) {
        terminal.line()
        terminal.line("Setting up worktrees (session \(snapshot.session.id)):")
        for agent in snapshot.agents {
            let folder = URL(fileURLWithPath: agent.worktree).lastPathComponent
            terminal.line("  \(terminal.paint("✓", .green)) Created worktree: \(Terminal.safe(folder))  branch \(Terminal.safe(agent.branch))")
        }
    }

    func launched(_ snapshot: SessionSnapshot) {
        terminal.line()
        terminal.line("Launching agents:")
        for (index, agent) in snapshot.agents.enumerated() {
            let name = Terminal.safe(agent.name)
            if let pid = agent.pid {
                terminal.line("  \(terminal.paint("✓", .green)) Agent \(index + 1) (\(name)) started (PID: \(pid))")
            } else if agent.status == .done {
                terminal.line("  \(terminal.paint("✓", .green)) Agent \(index + 1) (\(name)) already done")
            } else if agent.status.isFinal {
                let reason = agent.reason.map { ": " + Self.oneLine($0, limit: 60) } ?? ""
                terminal.line("  \(terminal.paint("✗", .red)) Agent \(index + 1) (\(name)) \(agent.status.rawValue)\(reason)")
            } else {
                let reason = agent.dependsOn.isEmpty ? "for a free slot" : "for \(Self.names(agent.dependsOn))"
                terminal.line("  \(terminal.paint("…", .yellow)) Agent \(index + 1) (\(name)) waiting \(reason)")
            }
        }
    }

    /// The activity lines this report stands for, given the state `launched` showed: the session's creation,
    /// and each agent's claim and start as far as its launch line showed them. Anything else written before
    /// the report read the record (a fast agent's progress, even its end) was not shown. Trimmed, as the
    /// record's history reads them.
    static func shownActivity(_ snapshot: SessionSnapshot) -> [String] {
        let session = snapshot.session
        var lines = [StartActivity.created(session: session.id, task: session.task),
                     StartActivity.creating(session: session.id, worktrees: snapshot.agents.count),
                     StartActivity.ready(session: session.id, agents: snapshot.agents.count)]
        for agent in snapshot.agents {
            // "started (PID: …)", "already done" and an ending all say the agent got past its claim.
            if agent.pid != nil || agent.status.isFinal { lines.append(StartActivity.starting(agent: agent.name)) }
            if let pid = agent.pid { lines.append(StartActivity.started(agent: agent.name, pid: pid)) }
        }
        return lines.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// Waits a moment for the agents that can start at once to have their pids (the report shows them).
    static func waitForFirstWave(_ workspace: Workspace, session: String) throws -> SessionSnapshot {
        let store = SessionStore(repository: workspace.repository)
        let deadline = Date().addingTimeInterval(5)
        var snapshot = try store.load(session)
        while Date() < deadline {
            let pending = snapshot.agents.contains { $0.status == .running && $0.pid == nil }
            let started = snapshot.agents.contains { $0.status != .waiting }
            if started && !pending { break }
            // The record is read again only once its ref moved: a look at the ref is one small file read, so
            // it can be frequent, and `start` returns within milliseconds of the last pid being recorded.
            var tip = Optional(snapshot.commit)
            repeat {
                usleep(5_000)
                tip = try store.tip(session)
            } while tip == snapshot.commit && Date() < deadline
            // Gone (archived or removed meanwhile): the report shows the session as it was created.
            guard tip != nil else { break }
            snapshot = try store.load(session)
        }
        return snapshot
    }

    /// Agent names as a list, safe for the terminal (a plan or an orchestrator chose them).
    static func names(_ names: [String]) -> String { names.map(Terminal.safe).joined(separator: ", ") }

    /// Agent-provided text on one line, made safe for the terminal, cut at `limit` characters.
    static func oneLine(_ text: String, limit: Int = 70) -> String {
        let flat = Terminal.safe(text.split(whereSeparator: \.isNewline).joined(separator: " "))
        return flat.count > limit ? String(flat.prefix(limit - 1)) + "…" : flat
    }
}
