// Runs one agent from start to end in its own process (`git-agents run-agent`), so an agent outlives
// a supervisor that dies: prepares the worktree, starts the CLI under its limits, logs, enforces the timeout,
// and finishes the record.
import Foundation
import GitKit

public struct AgentRunner {
    let workspace: Workspace
    let sessionID: String
    let name: String
    /// The run the supervisor claimed for this runner; nil reads it from the record (an older supervisor).
    let claimedRun: Int?

    public init(workspace: Workspace, sessionID: String, agent: String, run: Int? = nil) {
        self.workspace = workspace
        self.sessionID = sessionID
        self.name = agent
        self.claimedRun = run
    }

    public func run() throws {
        let runtime = RuntimeFolder(workspace, session: sessionID)
        let finisher = AgentFinisher(workspace: workspace, sessionID: sessionID)
        do {
            try runtime.create()
            try ProcessIdentity.of(getpid())?.write(to: runtime.runnerPidFile(agent: name))
        } catch {
            // Without its runtime files the run cannot be watched: it ends now and says why, rather than
            // vanishing and being found later as a runner that "ended unexpectedly".
            return try finisher.finish(name, run: claimedRun, exitCode: nil, outcome: .failed(AgentFinisher.brief(error)))
        }
        let store = SessionStore(repository: workspace.repository)
        let snapshot = try store.load(sessionID)
        guard let agent = snapshot.agent(name), agent.status == .running, let settings = try snapshot.settings().agents[name]
        else { return }
        let run = claimedRun ?? agent.run
        // This run was ended (or a newer one claimed) before this runner got going: it is not ours to run.
        guard agent.run == run else { return }
        if FileManager.default.fileExists(atPath: runtime.stopMarker(agent: name)) {
            return try finisher.finish(name, run: run, exitCode: nil, outcome: .stopped)
        }
        let log = LogWriter(path: runtime.liveLog(agent: name))
        let launch: (argv: [String], environment: [String: String], base: OID)
        do {
            let base = try WorktreePreparation(workspace: workspace).startingPoint(for: agent, in: snapshot)
            launch = try prepareLaunch(agent, settings, snapshot: snapshot, base: base, runtime: runtime, log: log)
        } catch {
            log.write("git-agents: cannot start \(name): \(AgentFinisher.brief(error))")
            return try finisher.finish(name, run: run, exitCode: nil, outcome: .failed(AgentFinisher.brief(error)))
        }
        let process: (pid: pid_t, output: OutputPump, errors: OutputPump)
        do {
            process = try startAgent(launch.argv, environment: launch.environment, agent: agent, snapshot: snapshot, log: log)
            // Known at once, before the record says so: whoever finds this runner dead can end the agent too.
            try? ProcessIdentity.of(process.pid)?.write(to: runtime.agentPidFile(agent: name))
        } catch {
            log.write("git-agents: cannot start \(name): \(AgentFinisher.brief(error))")
            return try finisher.finish(name, run: run, exitCode: nil, outcome: .failed(AgentFinisher.brief(error)))
        }
        var stillOurs = false
        _ = try? store.update(sessionID) { document in
            stillOurs = document.transition(name) { try $0.started(run: run, pid: process.pid, at: Date()) }
            guard stillOurs else { return nil }
            document.agents[name]?.base = launch.base
            document.agents[name]?.head = launch.base
            return StartActivity.started(agent: name, pid: process.pid)
        }
        guard stillOurs else {
            // Someone ended this run meanwhile (a supervisor that took it for orphaned, a stop): the agent goes.
            Spawn.signalGroup(process.pid, SIGKILL)
            _ = Spawn.wait(process.pid)
            log.write("git-agents: \(name): run \(run) was ended by someone else before it started; agent killed")
            return
        }
        let runSettings = try snapshot.settings()
        let ending = AgentWatch(pid: process.pid, timeout: runSettings.timeout, grace: runSettings.gracePeriod,
                                stopMarker: runtime.stopMarker(agent: name)).wait()
        process.output.finish()
        process.errors.finish()
        AgentLimits.removeCgroup(named: cgroupName(agent))
        let outcome: AgentOutcome
        switch ending.reason {
        case .stopped: outcome = .stopped
        case .timedOut: outcome = .timedOut(runSettings.timeout ?? 0)
        case .exited where ending.exitCode == 0: outcome = .done
        case .exited: outcome = .failed(Self.failure(exitCode: ending.exitCode, lastErrors: process.errors.lastLines))
        }
        log.write("git-agents: \(name) ended (exit status \(ending.exitCode))")
        try finisher.finish(name, run: run, exitCode: ending.exitCode, outcome: outcome)
    }

    /// A failed run's reason: its exit status, then the last lines it wrote to stderr (what a person reads
    /// first to see why).
    static func failure(exitCode: Int32, lastErrors: [String]) -> String {
        let status = exitCode == 127 ? "exit status 127 (command not found)"
            : exitCode > 128 ? "exit status \(exitCode) (killed by signal \(exitCode - 128))" : "exit status \(exitCode)"
        return ([status] + lastErrors).joined(separator: "\n")
    }

    private func prepareLaunch(_ agent: AgentRecord, _ settings: AgentSettings, snapshot: SessionSnapshot, base: OID,
                               runtime: RuntimeFolder, log: LogWriter) throws
        -> (argv: [String], environment: [String: String], base: OID) {
        let environment = ProcessInfo.processInfo.environment
        let artifacts = runtime.artifacts(agent: agent.name)
        try runtime.makeFolder(artifacts)
        let shared = try ArtifactShelf(workspace: workspace, runtime: runtime)
            .materialize(for: agent, in: snapshot)
        let composed = PromptComposer.compose(
            roleName: agent.role, description: settings.description, task: agent.task, skills: settings.skills,
            paths: settings.paths, artifacts: shared, feedback: settings.feedback, worktree: agent.worktree,
            home: environment["HOME"])
        var mcpConfig: String?
        if !settings.mcpServers.isEmpty, settings.agentCommand.uses(.mcpConfig) {
            mcpConfig = runtime.path + "/\(agent.name).mcp.json"
            for warning in try MCPConfig.write(servers: settings.mcpServers, worktree: agent.worktree, to: mcpConfig!) {
                log.write("git-agents: \(warning)")
            }
        }
        for warning in composed.warnings { log.write("git-agents: \(warning)") }
        let argv = settings.agentCommand.argv(
            prompt: composed.prompt, model: settings.model, temperature: settings.temperature,
            maxTokens: settings.maxTokens, role: agent.role, worktree: agent.worktree, mcpConfigPath: mcpConfig)
        let variables = AgentEnvironment.variables(session: sessionID, agent: agent, settings: settings,
                                                   artifacts: artifacts, base: environment)
        try LaunchSize.check(argv: argv, prompt: composed.prompt, environment: variables, agent: agent.name)
        return (argv, variables, base)
    }

    private func cgroupName(_ agent: AgentRecord) -> String { "\(sessionID)-\(agent.name)" }

    /// Starts the agent through the limits wrapper, in its own process group; stdout and stderr go into pipes
    /// we log (stderr's last lines are kept for the reason of a failure).
    private func startAgent(_ argv: [String], environment: [String: String], agent: AgentRecord,
                            snapshot: SessionSnapshot, log: LogWriter) throws -> (pid: pid_t, output: OutputPump, errors: OutputPump) {
        let settings = try snapshot.settings()
        var wrapper = [SelfExecutable.path, "exec-agent"]
        if let memory = settings.limits.memoryBytes { wrapper += ["--memory", String(memory)] }
        if let cpus = settings.limits.cpus { wrapper += ["--cpus", String(cpus)] }
        let slot = snapshot.agents.firstIndex { $0.name == agent.name } ?? 0
        wrapper += ["--slot", String(slot), "--cgroup", cgroupName(agent), "--"] + argv
        let output = Pipe(), errors = Pipe()
        let pid = try Spawn.start(wrapper, directory: agent.worktree, environment: environment,
                                  stdout: output.fileHandleForWriting.fileDescriptor,
                                  stderr: errors.fileHandleForWriting.fileDescriptor, grouping: .newProcessGroup)
        try output.fileHandleForWriting.close()
        try errors.fileHandleForWriting.close()
        return (pid, OutputPump(output.fileHandleForReading, log: log),
                OutputPump(errors.fileHandleForReading, log: log, keeping: 3))
    }
}

/// Reads an agent's output on a thread of its own and writes it line by line into the live log; keeps the
/// last few non-empty lines when asked.
final class OutputPump: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var kept: [String] = []

    init(_ handle: FileHandle, log: LogWriter, keeping keep: Int = 0) {
        Thread.detachNewThread { [self] in
            var pending = Data()
            func emit(_ bytes: Data) {
                let line = String(decoding: bytes, as: UTF8.self)
                log.write(line)
                guard keep > 0, !line.trimmingCharacters(in: .whitespaces).isEmpty else { return }
                lock.lock()
                kept = Array((kept + [line]).suffix(keep))
                lock.unlock()
            }
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                pending.append(chunk)
                while let newline = pending.firstIndex(of: 0x0A) {
                    emit(pending[pending.startIndex..<newline])
                    pending.removeSubrange(pending.startIndex...newline)
                }
            }
            if !pending.isEmpty { emit(pending) }
            done.signal()
        }
    }

    /// Waits (briefly) for the last output: a child the agent left behind may hold the pipe open.
    func finish() { _ = done.wait(timeout: .now() + 2) }

    /// The last non-empty lines read so far (at most as many as asked to keep), each at most 200 characters.
    var lastLines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return kept.map { $0.count > 200 ? String($0.prefix(199)) + "…" : $0 }
    }
}

public enum SelfExecutable {
    /// This binary's absolute path, to start the supervisor and runners with.
    public static var path: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
