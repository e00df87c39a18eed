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
        try RuntimeFile.write("\(getpid())\n", to: runtime.supervisorPidFile)
        let store = SessionStore(repository: workspace.repository)
        var launched: [String: (pid: pid_t, at: Date)] = [:]
        var relay = RelayLauncher()
        var failures = 0
        while true {
            reapChildren()
            do {
                if try !supervise(store: store, runtime: runtime, launched: &launched, relay: &relay) { return }
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

    /// One look at the session: relay messages, recover, block, start what may start. False when the session is over.
    private func supervise(store: SessionStore, runtime: RuntimeFolder, launched: inout [String: (pid: pid_t, at: Date)],
                           relay: inout RelayLauncher) throws -> Bool {
        guard try store.exists(sessionID) else { return false }
        let snapshot = try store.load(sessionID)
        guard snapshot.session.state == .running else { return false }
        relay.startIfNeeded(snapshot, workspace: workspace, runtime: runtime)
        let settings = try snapshot.settings()
        // One agent's trouble (a damaged worktree, say) is recorded against it; it never stops the others.
        do {
            try recoverOrphans(snapshot, runtime: runtime, launched: launched)
            try blockDependants(snapshot)
        } catch {
            FileHandle.standardError.write(Data("git-agents supervise: \(AgentFinisher.brief(error))\n".utf8))
        }
        if snapshot.agents.allSatisfy(\.status.isFinal) {
            // A restart may have made an agent wait again meanwhile: then the session goes on. An agent in a
            // status a newer version wrote keeps the session from ending here, and leaves nothing to supervise.
            if try end(store: store) {
                autoMerge(store: store)
                return false
            }
            return try !store.load(sessionID).agents.allSatisfy(\.status.isFinal)
        }
        var running = snapshot.agents.filter { $0.status == .running }.count
        for agent in ready(snapshot, settings: settings) where running < snapshot.session.maxParallel {
            guard let run = try claim(agent.name, store: store) else { continue }
            do {
                let log = (try? RuntimeFile.openForAppend(runtime.supervisorLog)) ?? -1
                defer { if log >= 0 { close(log) } }
                // The runner works from the agent's worktree: the folder `start` ran in may go away.
                let directory = FileManager.default.fileExists(atPath: agent.worktree) ? agent.worktree : workspace.worktreeRoot
                let pid = try Spawn.start([SelfExecutable.path, "run-agent", "--session", sessionID, "--agent", agent.name,
                                           "--run", String(run)],
                                          directory: directory, environment: AgentEnvironment.scrubbed(),
                                          stdout: log >= 0 ? log : nil, stderr: log >= 0 ? log : nil,
                                          grouping: .newSession)
                launched[agent.name] = (pid, Date())
                running += 1
            } catch {
                try? AgentFinisher(workspace: workspace, sessionID: sessionID)
                    .finish(agent.name, run: run, exitCode: nil,
                            outcome: .failed("cannot start its runner: \(AgentFinisher.brief(error))"))
            }
        }
        return true
    }

    /// The `auto` strategy (SPEC §6): once every agent is done, the supervisor merges by itself, as a person's
    /// `merge --approve` would. Whatever happens is said in an activity line beginning `auto-merge`, which is
    /// also what `start --wait` waits for.
    private func autoMerge(store: SessionStore) {
        guard let snapshot = try? store.load(sessionID), snapshot.session.state == .done,
              snapshot.session.strategy == MergeStrategy.auto.rawValue else { return }
        let outcome: String
        do {
            let report = try SessionMerge(workspace: workspace, sessionID: sessionID).approve(by: "auto-merge")
            outcome = report.commit.map { "auto-merge: merged into \(report.branch) as \($0.short)" } ?? "auto-merge: nothing to merge"
        } catch {
            outcome = "auto-merge refused: \(AgentFinisher.brief(error))"
        }
        _ = try? store.update(sessionID, activity: outcome) { _ in }
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
            (agent.status == .waiting || agent.status == .changesRequested) && allowed.contains(agent.name)
                && agent.dependsOn.allSatisfy { byName[$0]?.status.isSuccess ?? false }
        }
    }

    /// Claims the agent (waiting → running, a new run) before its runner exists, so no second supervisor or
    /// restart starts it too. Returns the run number, nil when someone else changed it meanwhile.
    private func claim(_ name: String, store: SessionStore) throws -> Int? {
        var run: Int?
        try store.update(sessionID) { document in
            run = nil
            // Checked again on the newest state: a dependency may have been restarted meanwhile.
            guard let agent = document.agents[name],
                  agent.dependsOn.allSatisfy({ document.agents[$0]?.status.isSuccess ?? true }),
                  document.transition(name, { try $0.claim(at: Date()) }) else { return nil }
            run = document.agents[name]?.run
            return StartActivity.starting(agent: name)
        }
        return run
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
                .finish(agent.name, run: agent.run, exitCode: nil,
                        outcome: stopped ? .stopped : .failed("its runner process ended unexpectedly"))
        }
    }

    /// Dependants of an agent that failed, was stopped, blocked or rejected cannot run: they are blocked, with
    /// the reason.
    private func blockDependants(_ snapshot: SessionSnapshot) throws {
        let byName = Dictionary(uniqueKeysWithValues: snapshot.agents.map { ($0.name, $0) })
        for agent in snapshot.agents where agent.status == .waiting {
            guard let blocker = agent.dependsOn.compactMap({ byName[$0] })
                .first(where: { $0.status.isFinal && !$0.status.isSuccess }) else { continue }
            try SessionStore(repository: workspace.repository).update(sessionID) { document in
                // Still blocked on the newest state (the blocker may have been restarted meanwhile)?
                guard let current = document.agents[blocker.name], current.status.isFinal, !current.status.isSuccess
                else { return nil }
                let reason = Self.blockReason(blocker: blocker.name, status: current.status)
                guard document.transition(agent.name, { try $0.block(reason: reason, at: Date()) }) else { return nil }
                return "\(agent.name): blocked: \(reason)"
            }
        }
    }

    static func blockReason(blocker: String, status: AgentStatus) -> String {
        let what = switch status {
        case .stopped: "was stopped"
        case .blocked: "was blocked"
        case .rejected: "was rejected"
        case .failed: "failed"
        default: "ended \(status)"
        }
        return "it depends on \(blocker), which \(what)"
    }

    /// Ends the session when every agent has ended; false when an agent is waiting or running again.
    private func end(store: SessionStore) throws -> Bool {
        try Self.endSession(sessionID, store: store)
    }

    /// Marks a running session done, failed or stopped once all its agents have ended (SessionLifecycle.end).
    /// True when the session is over; false when an agent is still waiting or running.
    static func endSession(_ id: String, store: SessionStore) throws -> Bool {
        var ended = false
        try store.update(id) { document in
            ended = document.session.state != .running
            guard document.endSessionIfOver() else { return nil }
            ended = true
            let count = document.agents.count
            switch document.session.state {
            case .done: return "session \(id) done: \(count == 1 ? "its agent" : "all \(count) agents") finished"
            default: return "session \(id) \(document.session.state): \(document.session.reason ?? "")"
            }
        }
        return ended
    }

    private func reapChildren() {
        var status: Int32 = 0
        while waitpid(-1, &status, WNOHANG) > 0 {}
    }
}
