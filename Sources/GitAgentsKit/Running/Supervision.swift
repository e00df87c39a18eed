// Starting a detached supervisor, and replacing one that died, for every command that reads a session.
import Foundation
import GitKit

/// Makes sure a running session has a live supervisor; starts a fresh one when the old one died.
public enum Supervision {
    /// Starts a detached supervisor for the session (it survives the terminal closing); returns its pid.
    @discardableResult
    public static func launch(_ workspace: Workspace, session: String) throws -> pid_t {
        let runtime = RuntimeFolder(workspace, session: session)
        try runtime.create()
        let log = try RuntimeFile.openForAppend(runtime.supervisorLog)
        defer { close(log) }
        // It lives in the main worktree when there is one: a linked worktree it started in may be removed.
        let directory = FileManager.default.fileExists(atPath: workspace.mainWorktreeRoot + "/.git")
            ? workspace.mainWorktreeRoot : workspace.worktreeRoot
        var environment = AgentEnvironment.scrubbed(savedEnvironment(runtime) ?? ProcessInfo.processInfo.environment)
        // A work tree whose git folder lives elsewhere (`git --git-dir=X --work-tree=Y agents start`) has no
        // `.git` to be found from: the supervisor is told both, as git itself was. Its children get neither.
        if !FileManager.default.fileExists(atPath: directory + "/.git") {
            environment["GIT_DIR"] = workspace.commonDir
            environment["GIT_WORK_TREE"] = directory
        }
        return try Spawn.start([SelfExecutable.path, "supervise", "--session", session], directory: directory,
                               environment: environment, stdout: log, stderr: log, grouping: .newSession)
    }

    /// Keeps `start`'s environment for supervisors started later by other commands (other shells).
    static func saveEnvironment(_ runtime: RuntimeFolder) throws {
        let entries = AgentEnvironment.scrubbed().map { "\($0.key)=\($0.value)" }.sorted()
        let data = Data(entries.joined(separator: "\u{0}").utf8)
        try RuntimeFile.write(data, to: runtime.environmentFile)
    }

    static func savedEnvironment(_ runtime: RuntimeFolder) -> [String: String]? {
        guard let data = FileManager.default.contents(atPath: runtime.environmentFile) else { return nil }
        var environment: [String: String] = [:]
        for entry in data.split(separator: 0) {
            let text = String(decoding: entry, as: UTF8.self)
            guard let equals = text.firstIndex(of: "=") else { continue }
            environment[String(text[..<equals])] = String(text[text.index(after: equals)...])
        }
        return environment
    }

    /// When the session should be running but nobody supervises it, says so and starts a new supervisor.
    /// Returns the notice for the person, or nil when all was well.
    /// A session whose `start` died half-way is rolled back (or marked failed) instead.
    public static func ensure(_ workspace: Workspace, session: String) throws -> String? {
        let store = SessionStore(repository: workspace.repository)
        guard try store.exists(session) else { return nil }
        if let notice = try InterruptedStart.recover(workspace, session: session) { return notice }
        guard try store.exists(session) else { return nil }
        let snapshot = try store.load(session)
        guard snapshot.session.state == .running else { return nil }
        // Nothing for a supervisor to do: every agent has ended, and one has a status only a newer version knows.
        if snapshot.agents.allSatisfy(\.status.isFinal),
           snapshot.agents.contains(where: { AgentStatus.knownCases.firstIndex(of: $0.status) == nil }) { return nil }
        let runtime = RuntimeFolder(workspace, session: session)
        guard !runtime.hasLiveSupervisor else { return nil }
        let old = runtime.recordedSupervisorPid.map { " (pid \($0))" } ?? ""
        let pid = try launch(workspace, session: session)
        return "the supervisor of session \(session)\(old) is gone; a new one (pid \(pid)) took over"
    }
}
