// `git agents start`: plan, create the record, branches and worktrees (all or nothing), launch the supervisor.
import Foundation
import GitKit

public struct StartRequest: Sendable {
    public var plan: PlanRequest
    public var agentCommand: String?
    public var maxParallel: Int?
    public var base: String?
    public var into: String?
    public var strategy: String?
    public var timeout: String?

    public init(task: String) { plan = PlanRequest(task: task) }

    /// Flags become the highest configuration layer.
    var configFlags: [String: [String]] {
        var flags: [String: [String]] = [:]
        if let agentCommand { flags["agents.command"] = [agentCommand] }
        if let maxParallel { flags["agents.maxParallel"] = [String(maxParallel)] }
        if let strategy { flags["agents.mergeStrategy"] = [strategy] }
        if let timeout { flags["agents.timeout"] = [timeout] }
        return flags
    }
}

/// What `start` decided, before (dry run) or after creating it.
public struct PreparedSession {
    public let session: SessionInfo
    public let agents: [AgentRecord]
    public let settings: RunSettings
    public let warnings: [String]
    /// The seed session pattern's `session.name`, when the plan is one.
    public let planName: String?
    /// `agents.worktreeBase` as configured (relative paths are relative to the main worktree).
    let worktreeBase: String
}

public struct SessionStarter {
    let workspace: Workspace

    public init(workspace: Workspace) { self.workspace = workspace }

    /// Everything `start` checks and decides; creates nothing (this is `--dry-run`).
    public func prepare(_ request: StartRequest) throws -> PreparedSession {
        let configuration = try Configuration.load(workspace, flags: request.configFlags)
        if let problem = configuration.validate().first { throw problem }
        if try configuration.bool("agents.enabled") == false {
            throw AgentsError.usage("git-agents is disabled for this repository (agents.enabled = false)",
                                    hint: "enable it with: git config agents.enabled true")
        }
        if let batch = request.plan.batchSize, batch < 1 { throw AgentsError.usage("--batch-size must be at least 1") }
        // Checked now so that --dry-run refuses what the real start would refuse.
        _ = try configuration.command("agents.setup")
        for path in try configuration.trusted("agents.copy")?.values ?? [] {
            try ContainedPath.check(path, in: workspace.worktreeRoot, for: "agents.copy")
        }
        let maxParallel = try configuration.integer("agents.maxParallel") ?? 4
        guard maxParallel >= 1 else { throw AgentsError.usage("agents.maxParallel must be at least 1") }
        let base = try resolveBase(request.base)
        let into = try intoBranch(request.into)
        let plan = try Planner(workspace: workspace, configuration: configuration, base: base).plan(request.plan)

        let worktreeBase = configuration.string("agents.worktreeBase") ?? "../\(workspace.repositoryName)-worktrees"
        var layout = try WorktreeLayout(workspace: workspace, worktreeBase: worktreeBase)
        let provisionalID = SessionStore.dayPrefix(Date()) + "-NNN"
        var records: [AgentRecord] = [], agentSettings: [String: AgentSettings] = [:], unusable: [UnusableSetting] = []
        for planned in plan.agents {
            let role = configuration.roles.first { $0.name == planned.role }
            let commandText = try (role?.command != nil ? configuration.command("role.\(planned.role).command") : nil)
                ?? configuration.command("agents.command")
            guard let commandText else {
                throw AgentsError.usage("no agent command for \(planned.name): agents.command is not set",
                                        hint: "run git agents init, set agents.command, or pass --agent-cmd CMD")
            }
            let command = try AgentCommand.parse(commandText)
            let settings = AgentSettings(
                command: command.template, preset: command.preset, description: role?.description,
                model: role?.model ?? configuration.string("agents.model"),
                temperature: role?.temperature ?? configuration.string("agents.temperature"),
                maxTokens: role?.maxTokens ?? configuration.string("agents.maxTokens"),
                skills: planned.skills, paths: planned.paths, mcpServers: role?.mcpServers ?? [], feedback: [])
            if let role { unusable += command.notApplicable(to: role) }
            // MCP servers run commands defined in committed files: those need trust like agent commands.
            if !settings.mcpServers.isEmpty, command.uses(.mcpConfig),
               let untrusted = ConfigFiles.mcp.first(where: { !configuration.isTrusted($0) }) {
                throw AgentsError.usage("role \(planned.role) uses MCP servers from \(untrusted), which is not trusted yet (or changed since)",
                                        hint: "read \(untrusted), then run: git agents trust")
            }
            agentSettings[planned.name] = settings
            let branch = try layout.branch(for: planned, role: role, session: provisionalID)
            records.append(AgentRecord(
                name: planned.name, role: planned.role, task: planned.task, title: planned.title, dependsOn: planned.dependsOn,
                branch: branch, worktree: layout.worktree(for: planned, role: role), base: base, head: base,
                command: displayed(command, settings, role: planned.role), model: settings.model))
        }
        try checkLaunches(records, settings: agentSettings, configuration: configuration, base: base, session: provisionalID)
        var warnings = UnusableSetting.merged(unusable)
        warnings += try Skills.unknown(plan.agents.map { ($0.role, $0.skills) }, repository: workspace.repository,
                                       commit: base, home: ProcessInfo.processInfo.environment["HOME"])
        // Agents start from commits: what is only in this worktree's files does not reach them.
        if request.base == nil, let modified = try? workspace.repository.modifiedFileCount(), modified > 0 {
            warnings.append("uncommitted changes in \(Units.count(modified, "file")) here: agents start from \(base.short) and will not see them")
        }
        let strategy = configuration.string("agents.mergeStrategy") ?? MergeStrategy.orchestratorReview.rawValue
        let session = SessionInfo(id: provisionalID, task: request.plan.task, createdAt: Date(), base: base, into: into,
                                  strategy: strategy, maxParallel: maxParallel)
        let settings = RunSettings(
            timeout: try configuration.duration("agents.timeout"), stallTimeout: try configuration.duration("agents.stallTimeout"),
            gracePeriod: 5, limits: AgentLimits(memoryBytes: try configuration.memory("agents.maxMemoryPerAgent"),
                                                cpus: try configuration.integer("agents.maxCpuPerAgent")),
            waves: plan.waves, agents: agentSettings)
        return PreparedSession(session: session, agents: records, settings: settings, warnings: warnings,
                               planName: plan.name, worktreeBase: worktreeBase)
    }

    /// The argv as recorded: placeholders other than the prompt filled in, the prompt left as `{prompt}`.
    private func displayed(_ command: AgentCommand, _ settings: AgentSettings, role: String) -> [String] {
        command.argv(prompt: "{prompt}", model: settings.model, temperature: settings.temperature,
                     maxTokens: settings.maxTokens, role: role, worktree: "{worktree}",
                     mcpConfigPath: settings.mcpServers.isEmpty ? nil : "{mcpConfig}")
    }

    private func resolveBase(_ revision: String?) throws -> OID {
        do {
            return try workspace.repository.resolveCommit(revision ?? "HEAD")
        } catch let error as GitError {
            if revision == nil {
                throw AgentsError.usage("this repository has no commit yet, so agents have nothing to start from",
                                        hint: "make a first commit, then start again")
            }
            throw AgentsError.usage("--base \(revision!): \(error.message)", hint: "give a commit, branch or tag")
        }
    }

    /// Creates the session for real: record, branches, worktrees, setup; on any failure removes all of it.
    public func create(_ prepared: PreparedSession, copyFrom sourceRoot: String) throws -> SessionSnapshot {
        let repository = workspace.repository
        let made = CreatedFolders([try WorktreeLayout.base(workspace, prepared.worktreeBase), repository.worktreesFolder,
                                   workspace.runtimeDir]
            + repository.referenceFolders(of: SessionStore.sessionsNamespace + prepared.session.id)
            + prepared.agents.flatMap { repository.referenceFolders(of: "refs/heads/" + $0.branch) })
        // One `start` at a time names and creates branches and worktrees, so two never pick the same ones.
        let lock = try takeStartLock(made)
        var succeeded = false
        defer {
            // The lock file goes too (a waiting `start` then takes a fresh one), and on failure every folder made.
            lock.removeFile()
            if !succeeded { made.removeEmpty() }
            withExtendedLifetime(lock) {}
        }
        // Ctrl-C must not cut creation in half: it reaches `agents.setup` (which then fails, and all is
        // rolled back), while this process finishes creating or removing.
        let previous = (signal(SIGINT, SIG_IGN), signal(SIGTERM, SIG_IGN), signal(SIGHUP, SIG_IGN))
        defer {
            signal(SIGINT, previous.0)
            signal(SIGTERM, previous.1)
            signal(SIGHUP, previous.2)
        }
        let store = SessionStore(repository: workspace.repository)
        var created = try store.create(prepared.session, agents: prepared.agents,
                                       files: [RunSettings.path: try RecordJSON.encode(prepared.settings)])
        let id = created.session.id
        let provisional = prepared.session.id
        var builder = SessionBuilder(workspace: workspace, sessionID: id)
        do {
            // Branch names that embed the session id get the real one now; names taken meanwhile are renumbered.
            var layout = try WorktreeLayout(workspace: workspace, worktreeBase: prepared.worktreeBase)
            let agents = prepared.agents.map { agent -> AgentRecord in
                var copy = agent
                let branch = agent.branch.replacingOccurrences(of: "agents/\(provisional)/", with: "agents/\(id)/")
                (copy.branch, copy.worktree) = layout.reserve(branch: branch, worktree: agent.worktree)
                return copy
            }
            created = try store.update(id, activity: StartActivity.creating(session: id, worktrees: agents.count)) { document in
                for agent in agents { document.agents[agent.name] = agent }
            }
            let configuration = try Configuration.load(workspace)
            try builder.build(agents, copy: try configuration.trusted("agents.copy")?.values ?? [], from: sourceRoot,
                              setup: try configuration.command("agents.setup"))
            let runtime = RuntimeFolder(workspace, session: id)
            try runtime.create()
            try Supervision.saveEnvironment(runtime)
            let ready = try store.update(id, activity: StartActivity.ready(session: id, agents: agents.count)) { document in
                guard document.transitionSession({ try $0.ready() }) else {
                    throw AgentsError.failed("session \(id) is \(document.session.state), no longer being created (was it given up?)")
                }
            }
            succeeded = true
            return ready
        } catch {
            builder.rollBack()
            try? store.delete(id)
            throw error
        }
    }

    /// The lock that makes `start`s take turns; its folder is made again when a rolled-back `start` removed it
    /// while this one waited.
    private func takeStartLock(_ made: CreatedFolders) throws -> FileLock {
        for _ in 0..<5 {
            do {
                try RuntimeFile.makeFolder(workspace.runtimeDir, below: workspace.commonDir)
            } catch {
                made.removeEmpty()
                throw error
            }
            if let lock = FileLock(path: workspace.runtimeDir + "/start.lock", wait: true) { return lock }
        }
        made.removeEmpty()
        throw AgentsError.repository("cannot lock \(workspace.runtimeDir)/start.lock", hint: "check that folder's permissions")
    }
}
