// Runs one agent from start to end in its own process (`git-agents run-agent`), so an agent outlives
// a supervisor that dies: prepares the worktree, starts the CLI under its limits, logs, enforces the timeout,
// and finishes the record.
import Foundation
import GitKit

public struct AgentRunner {
    let workspace: Workspace
    let sessionID: String
    let name: String

    public init(workspace: Workspace, sessionID: String, agent: String) {
        self.workspace = workspace
        self.sessionID = sessionID
        self.name = agent
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
            return try finisher.finish(name, exitCode: nil, outcome: .failed(AgentFinisher.brief(error)))
        }
        let store = SessionStore(repository: workspace.repository)
        let snapshot = try store.load(sessionID)
        guard let agent = snapshot.agent(name), let settings = try snapshot.settings().agents[name] else { return }
        if FileManager.default.fileExists(atPath: runtime.stopMarker(agent: name)) {
            return try finisher.finish(name, exitCode: nil, outcome: .stopped)
        }
        let log = LogWriter(path: runtime.liveLog(agent: name))
        let launch: (argv: [String], environment: [String: String], base: OID)
        do {
            let base = try WorktreePreparation(workspace: workspace).startingPoint(for: agent, in: snapshot)
            launch = try prepareLaunch(agent, settings, snapshot: snapshot, base: base, runtime: runtime, log: log)
        } catch {
            log.write("git-agents: cannot start \(name): \(AgentFinisher.brief(error))")
            return try finisher.finish(name, exitCode: nil, outcome: .failed(AgentFinisher.brief(error)))
        }
        let run: (pid: pid_t, output: OutputPump)
        do {
            run = try startAgent(launch.argv, environment: launch.environment, agent: agent, snapshot: snapshot, log: log)
            // Known at once, before the record says so: whoever finds this runner dead can end the agent too.
            try? ProcessIdentity.of(run.pid)?.write(to: runtime.agentPidFile(agent: name))
        } catch {
            log.write("git-agents: cannot start \(name): \(AgentFinisher.brief(error))")
            return try finisher.finish(name, exitCode: nil, outcome: .failed(AgentFinisher.brief(error)))
        }
        _ = try? store.update(sessionID, activity: "\(name): started (pid \(run.pid))") { document in
            document.agents[name]?.pid = run.pid
            document.agents[name]?.base = launch.base
            document.agents[name]?.head = launch.base
            document.agents[name]?.startedAt = Date()
            document.agents[name]?.status = .running
        }
        let runSettings = try snapshot.settings()
        let ending = AgentWatch(pid: run.pid, timeout: runSettings.timeout, grace: runSettings.gracePeriod,
                                stopMarker: runtime.stopMarker(agent: name)).wait()
        run.output.finish()
        AgentLimits.removeCgroup(named: cgroupName(agent))
        let outcome: AgentOutcome
        switch ending.reason {
        case .stopped: outcome = .stopped
        case .timedOut: outcome = .timedOut(runSettings.timeout ?? 0)
        case .exited where ending.exitCode == 0: outcome = .done
        case .exited: outcome = .failed("exit status \(ending.exitCode)")
        }
        log.write("git-agents: \(name) ended (exit status \(ending.exitCode))")
        try finisher.finish(name, exitCode: ending.exitCode, outcome: outcome)
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
        return (argv, variables, base)
    }

    private func cgroupName(_ agent: AgentRecord) -> String { "\(sessionID)-\(agent.name)" }

    /// Starts the agent through the limits wrapper, in its own process group, output into a pipe we log.
    private func startAgent(_ argv: [String], environment: [String: String], agent: AgentRecord,
                            snapshot: SessionSnapshot, log: LogWriter) throws -> (pid: pid_t, output: OutputPump) {
        let settings = try snapshot.settings()
        var wrapper = [SelfExecutable.path, "exec-agent"]
        if let memory = settings.limits.memoryBytes { wrapper += ["--memory", String(memory)] }
        if let cpus = settings.limits.cpus { wrapper += ["--cpus", String(cpus)] }
        let slot = snapshot.agents.firstIndex { $0.name == agent.name } ?? 0
        wrapper += ["--slot", String(slot), "--cgroup", cgroupName(agent), "--"] + argv
        let pipe = Pipe()
        let pid = try Spawn.start(wrapper, directory: agent.worktree, environment: environment,
                                  stdout: pipe.fileHandleForWriting.fileDescriptor,
                                  stderr: pipe.fileHandleForWriting.fileDescriptor, grouping: .newProcessGroup)
        try pipe.fileHandleForWriting.close()
        return (pid, OutputPump(pipe.fileHandleForReading, log: log))
    }
}

/// Reads an agent's output on a thread of its own and writes it line by line into the live log.
final class OutputPump: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle, log: LogWriter) {
        Thread.detachNewThread { [done] in
            var pending = Data()
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                pending.append(chunk)
                while let newline = pending.firstIndex(of: 0x0A) {
                    log.write(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
                    pending.removeSubrange(pending.startIndex...newline)
                }
            }
            if !pending.isEmpty { log.write(String(decoding: pending, as: UTF8.self)) }
            done.signal()
        }
    }

    /// Waits (briefly) for the last output: a child the agent left behind may hold the pipe open.
    func finish() { _ = done.wait(timeout: .now() + 2) }
}

public enum SelfExecutable {
    /// This binary's absolute path, to start the supervisor and runners with.
    public static var path: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
