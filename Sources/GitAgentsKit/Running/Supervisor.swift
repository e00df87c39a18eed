// The detached supervisor (`git-agents supervise`): starts agents in dependency order within maxParallel and
// the batch waves, notices runners that died, and ends the session when every agent has ended.
import Foundation
import GitKit

public struct Supervisor {
    let workspace: Workspace
    let sessionID: String
    /// Seconds between looks at the session record.
    static let tick: useconds_t = 200_000

    public init(workspace: Workspace, sessionID: String) {
        self.workspace = workspace
        self.sessionID = sessionID
    }

    /// Runs until the session ends. Returns at once when another supervisor already holds the session.
    public func run() throws {
        let runtime = RuntimeFolder(workspace, session: sessionID)
        try runtime.create()
        // A supervisor that is just ending may still hold the lock: wait a moment before leaving it the session.
        var lock = FileLock(path: runtime.supervisorLock)
        for _ in 0..<30 where lock == nil {
            usleep(100_000)
            lock = FileLock(path: runtime.supervisorLock)
        }
        guard let lock else { return }
        defer { withExtendedLifetime(lock) {} }
        try "\(getpid())\n".write(toFile: runtime.supervisorPidFile, atomically: true, encoding: .utf8)
        let store = SessionStore(repository: workspace.repository)
        var launched: [String: (pid: pid_t, at: Date)] = [:]
        var failures = 0
        while true {
            reapChildren()
            do {
                if try !supervise(store: store, runtime: runtime, launched: &launched) { return }
                failures = 0
            } catch {
                // A failing look (a record being rewritten, too many writers) is tried again, more slowly;
                // the supervisor only gives up when it keeps failing.
                failures += 1
                FileHandle.standardError.write(Data("git-agents supervise: \(AgentFinisher.brief(error))\n".utf8))
                if failures > 50 { throw error }
                usleep(Self.tick * UInt32(min(failures, 10)))
            }
            usleep(Self.tick)
        }
    }

    /// One look at the session: recover, block, start what may start. False when the session is over.
    private func supervise(store: SessionStore, runtime: RuntimeFolder,
                           launched: inout [String: (pid: pid_t, at: Date)]) throws -> Bool {
        guard try store.exists(sessionID) else { return false }
        let snapshot = try store.load(sessionID)
        guard snapshot.session.state == .running else { return false }
        let settings = try snapshot.settings()
        // One agent's trouble (a damaged worktree, say) is recorded against it; it never stops the others.
        do {
            try recoverOrphans(snapshot, runtime: runtime, launched: launched)
            try blockDependants(snapshot)
        } catch {
            FileHandle.standardError.write(Data("git-agents supervise: \(AgentFinisher.brief(error))\n".utf8))
        }
        if snapshot.agents.allSatisfy(\.status.isFinal) {
            // A restart may have made an agent wait again meanwhile: then the session goes on.
            return try !end(store: store)
        }
        var running = snapshot.agents.filter { $0.status == .running }.count
        for agent in ready(snapshot, settings: settings) where running < snapshot.session.maxParallel {
            guard try claim(agent.name, store: store) else { continue }
            do {
                let log = open(runtime.supervisorLog, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
                defer { if log >= 0 { close(log) } }
                // The runner works from the agent's worktree: the folder `start` ran in may go away.
                let directory = FileManager.default.fileExists(atPath: agent.worktree) ? agent.worktree : workspace.worktreeRoot
                let pid = try Spawn.start([SelfExecutable.path, "run-agent", "--session", sessionID, "--agent", agent.name],
                                          directory: directory, environment: AgentEnvironment.scrubbed(),
                                          stdout: log >= 0 ? log : nil, stderr: log >= 0 ? log : nil,
                                          grouping: .newSession)
                launched[agent.name] = (pid, Date())
                running += 1
            } catch {
                try? AgentFinisher(workspace: workspace, sessionID: sessionID)
                    .finish(agent.name, exitCode: nil, outcome: .failed("cannot start its runner: \(AgentFinisher.brief(error))"))
            }
        }
        return true
    }

    /// Waiting agents whose dependencies are done, in the current batch wave, in session order.
    func ready(_ snapshot: SessionSnapshot, settings: RunSettings) -> [AgentRecord] {
        let byName = Dictionary(uniqueKeysWithValues: snapshot.agents.map { ($0.name, $0) })
        var allowed = Set<String>()
        for wave in settings.waves {
            allowed.formUnion(wave)
            if wave.contains(where: { !(byName[$0]?.status.isFinal ?? true) }) { break }
        }
        return snapshot.agents.filter { agent in
            agent.status == .waiting && allowed.contains(agent.name)
                && agent.dependsOn.allSatisfy { byName[$0]?.status.isSuccess ?? false }
        }
    }

    /// Marks an agent as running before its runner exists, so no second supervisor or restart starts it too.
    private func claim(_ name: String, store: SessionStore) throws -> Bool {
        var claimed = false
        try store.update(sessionID) { document in
            claimed = false
            // Checked again on the newest state: a dependency may have been restarted meanwhile.
            guard let agent = document.agents[name], agent.status == .waiting,
                  agent.dependsOn.allSatisfy({ document.agents[$0]?.status.isSuccess ?? true }) else { return nil }
            document.agents[name]?.status = .running
            document.agents[name]?.progress = 0
            document.agents[name]?.pid = nil
            document.agents[name]?.startedAt = Date()
            document.agents[name]?.endedAt = nil
            document.agents[name]?.exitCode = nil
            claimed = true
            return "\(name): starting"
        }
        return claimed
    }

    /// A running agent whose runner is gone (killed, machine rebooted) is ended with the reason.
    private func recoverOrphans(_ snapshot: SessionSnapshot, runtime: RuntimeFolder,
                                launched: [String: (pid: pid_t, at: Date)]) throws {
        for agent in snapshot.agents where agent.status == .running {
            if ProcessIdentity.read(runtime.runnerPidFile(agent: agent.name))?.isAlive ?? false { continue }
            // A runner we started a moment ago may not have written its pid yet.
            if let mine = launched[agent.name], ProcessLiveness.isAlive(mine.pid) || Date().timeIntervalSince(mine.at) < 10 {
                continue
            }
            if runtime.runnerPid(agent: agent.name) == nil, launched[agent.name] == nil,
               let started = agent.startedAt, Date().timeIntervalSince(started) < 10 {
                continue // claimed by a previous supervisor just before it died; give its runner a moment
            }
            // Only the very process the runner started is killed: a pid alone may belong to someone else by now.
            if let orphan = ProcessIdentity.read(runtime.agentPidFile(agent: agent.name)), orphan.isAlive {
                Spawn.signalGroup(orphan.pid, SIGKILL)
            }
            let stopped = FileManager.default.fileExists(atPath: runtime.stopMarker(agent: agent.name))
            try AgentFinisher(workspace: workspace, sessionID: sessionID)
                .finish(agent.name, exitCode: nil, outcome: stopped ? .stopped : .failed("its runner process ended unexpectedly"),
                        run: .some(agent.startedAt))
        }
    }

    /// Dependants of an agent that failed, was stopped or rejected cannot run: they end with the reason.
    private func blockDependants(_ snapshot: SessionSnapshot) throws {
        let byName = Dictionary(uniqueKeysWithValues: snapshot.agents.map { ($0.name, $0) })
        for agent in snapshot.agents where agent.status == .waiting {
            guard let blocker = agent.dependsOn.compactMap({ byName[$0] })
                .first(where: { $0.status.isFinal && !$0.status.isSuccess }) else { continue }
            try SessionStore(repository: workspace.repository).update(sessionID) { document in
                // Still blocked on the newest state (the blocker may have been restarted meanwhile)?
                guard document.agents[agent.name]?.status == .waiting,
                      let current = document.agents[blocker.name], current.status.isFinal, !current.status.isSuccess
                else { return nil }
                document.agents[agent.name]?.status = .failed
                document.agents[agent.name]?.endedAt = Date()
                return "\(agent.name): not run: it depends on \(blocker.name), which \(blocker.status == .stopped ? "was stopped" : blocker.status == .rejected ? "was rejected" : "failed")"
            }
        }
    }

    /// Ends the session when every agent has ended; false when an agent is waiting or running again.
    private func end(store: SessionStore) throws -> Bool {
        try Self.endSession(sessionID, store: store, reason: nil)
    }

    /// Marks a running session done (every agent succeeded) or failed once all its agents have ended.
    /// True when the session is over; false when an agent is still waiting or running.
    static func endSession(_ id: String, store: SessionStore, reason: String?) throws -> Bool {
        var ended = false
        try store.update(id) { document in
            ended = document.session.state != .running
            guard document.session.state == .running, document.agents.values.allSatisfy(\.status.isFinal) else { return nil }
            ended = true
            let failed = document.agents.values.filter { !$0.status.isSuccess }
            document.session.state = failed.isEmpty ? .done : .failed
            if let reason { return "session \(id) \(reason)" }
            return failed.isEmpty
                ? "session \(id) done: \(document.agents.count == 1 ? "its agent" : "all \(document.agents.count) agents") finished"
                : "session \(id) failed: \(failed.map(\.name).sorted().joined(separator: ", ")) did not finish"
        }
        return ended
    }

    private func reapChildren() {
        var status: Int32 = 0
        while waitpid(-1, &status, WNOHANG) > 0 {}
    }
}

/// Makes sure a running session has a live supervisor; starts a fresh one when the old one died.
public enum Supervision {
    /// Starts a detached supervisor for the session (it survives the terminal closing); returns its pid.
    @discardableResult
    public static func launch(_ workspace: Workspace, session: String) throws -> pid_t {
        let runtime = RuntimeFolder(workspace, session: session)
        try runtime.create()
        let log = open(runtime.supervisorLog, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        defer { close(log) }
        // It lives in the main worktree when there is one: a linked worktree it started in may be removed.
        let directory = FileManager.default.fileExists(atPath: workspace.mainWorktreeRoot + "/.git")
            ? workspace.mainWorktreeRoot : workspace.worktreeRoot
        return try Spawn.start([SelfExecutable.path, "supervise", "--session", session], directory: directory,
                               environment: AgentEnvironment.scrubbed(savedEnvironment(runtime) ?? ProcessInfo.processInfo.environment),
                               stdout: log, stderr: log, grouping: .newSession)
    }

    /// Keeps `start`'s environment for supervisors started later by other commands (other shells).
    static func saveEnvironment(_ runtime: RuntimeFolder) throws {
        let entries = AgentEnvironment.scrubbed().map { "\($0.key)=\($0.value)" }.sorted()
        let data = Data(entries.joined(separator: "\u{0}").utf8)
        guard FileManager.default.createFile(atPath: runtime.environmentFile, contents: data,
                                             attributes: [.posixPermissions: 0o600]) else {
            throw AgentsError.failed("cannot write \(runtime.environmentFile)")
        }
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
    public static func ensure(_ workspace: Workspace, session: String) throws -> String? {
        let store = SessionStore(repository: workspace.repository)
        guard try store.exists(session), try store.load(session).session.state == .running else { return nil }
        let runtime = RuntimeFolder(workspace, session: session)
        guard !runtime.hasLiveSupervisor else { return nil }
        let old = runtime.recordedSupervisorPid.map { " (pid \($0))" } ?? ""
        let pid = try launch(workspace, session: session)
        return "the supervisor of session \(session)\(old) is gone; a new one (pid \(pid)) took over"
    }
}
