// What `start` (and `--dry-run`) checks before creating anything: the target branch, that every role's
// agent program can be found, and that every agent's prompt and environment fit through exec.
import Foundation
import GitKit

extension SessionStarter {
    /// `--into`: an existing local branch (`main` or `refs/heads/main`); without it, the branch checked out here.
    func intoBranch(_ given: String?) throws -> String {
        let repository = workspace.repository
        let current = (try? repository.headBranch()).map { String($0.dropFirst("refs/heads/".count)) }
        guard let given else {
            guard let current else {
                throw AgentsError.usage("HEAD is detached, so there is no branch to merge into", hint: "pass --into BRANCH")
            }
            return current
        }
        let name = given.hasPrefix("refs/heads/") ? String(given.dropFirst(11)) : given
        func exists(_ reference: String) -> Bool { (try? repository.referenceTarget(reference)) != nil }
        let valid = Repository.isValidBranchName(name) && !name.hasPrefix("refs/")
        if valid, exists("refs/heads/" + name) { return name }
        // A new branch named like a tag or a remote branch would be ambiguous: suggest one of its own name.
        let branchAtIt = "make a branch at it with: git branch NEW-BRANCH \(given)"
        let (what, create): (String, String)
        if given.hasPrefix("refs/") && exists(given) {
            (what, create) = (given.hasPrefix("refs/tags/") ? "is a tag, not a local branch" : "is not a local branch", branchAtIt)
        } else if exists("refs/tags/" + given) {
            (what, create) = ("is a tag, not a local branch", branchAtIt)
        } else if exists("refs/remotes/" + given) {
            (what, create) = ("is a remote-tracking branch, not a local branch", branchAtIt)
        } else if (try? repository.resolveCommit(given)) != nil {
            (what, create) = ("is a commit, not a branch", branchAtIt)
        } else if valid {
            (what, create) = ("names no local branch", "create it with: git branch \(name)")
        } else {
            (what, create) = ("is not a valid branch name", "give the name of a local branch")
        }
        let fallback = current.map { ", or leave --into out to merge into \($0)" } ?? ""
        throw AgentsError.usage("--into \(given) \(what)", hint: create + fallback)
    }

    /// Refuses (exit 2) when a role's agent program cannot be found, or an agent's prompt or environment
    /// cannot pass through exec. The prompt is measured as far as it is known now: skills, artifacts and
    /// feedback are added at launch, where the runner measures again.
    func checkLaunches(_ agents: [AgentRecord], settings: [String: AgentSettings], configuration: Configuration,
                       base: OID, session: String) throws {
        let executable = try Self.executableFinder(workspace, configuration: configuration, base: base)
        var missing: [(command: String, problem: String, roles: [String], key: String)] = []
        for agent in agents {
            guard let agentSettings = settings[agent.name] else { continue }
            let command = agentSettings.agentCommand
            if let problem = executable.problem(command, worktree: agent.worktree) {
                let text = command.preset ?? command.template.joined(separator: " ")
                let roleCommand = configuration.roles.contains { $0.name == agent.role && $0.command != nil }
                let key = roleCommand ? "role.\(agent.role).command"
                    : configuration["agents.command"]?.origin.layer == .flags ? "--agent-cmd" : "agents.command"
                if let index = missing.firstIndex(where: { $0.command == text }) {
                    if !missing[index].roles.contains(agent.role) { missing[index].roles.append(agent.role) }
                } else {
                    missing.append((text, problem, [agent.role], key))
                }
            }
        }
        if let first = missing.first {
            throw AgentsError.usage("the agent command of \(Doctor.rolesLabel(first.roles)) (\(first.command)) cannot start: \(first.problem)",
                                    hint: "install it, give its full path, or change \(first.key)")
        }
        let runtime = RuntimeFolder(workspace, session: session)
        let environment = ProcessInfo.processInfo.environment
        for agent in agents {
            guard let agentSettings = settings[agent.name] else { continue }
            let prompt = PromptComposer.compose(
                roleName: agent.role, description: agentSettings.description, task: agent.task, skills: [],
                paths: agentSettings.paths, artifacts: [], feedback: [], worktree: agent.worktree, home: nil).prompt
            let mcpConfig = agentSettings.mcpServers.isEmpty ? nil : runtime.path + "/\(agent.name).mcp.json"
            let argv = agentSettings.agentCommand.argv(
                prompt: prompt, model: agentSettings.model, temperature: agentSettings.temperature,
                maxTokens: agentSettings.maxTokens, role: agent.role, worktree: agent.worktree, mcpConfigPath: mcpConfig)
            let variables = AgentEnvironment.variables(session: session, agent: agent, settings: agentSettings,
                                                       artifacts: runtime.artifacts(agent: agent.name), base: environment)
            try LaunchSize.check(argv: argv, prompt: prompt, environment: variables, agent: agent.name)
        }
    }

    /// Programs as the agents will find them: PATH as they get it; a relative path is a file of the base
    /// commit, or one `agents.copy` brings, or is taken on trust when `agents.setup` may make it.
    static func executableFinder(_ workspace: Workspace, configuration: Configuration, base: OID?) throws -> AgentExecutable {
        let repository = workspace.repository
        let tree = try base.map { try repository.commit($0).tree }
        let copied = Set(configuration.list("agents.copy"))
        let setup = configuration.string("agents.setup").map { !$0.isEmpty } ?? false
        let root = workspace.worktreeRoot
        return AgentExecutable(searchPath: AgentEnvironment.searchPath(), inWorktree: { relative in
            (tree.flatMap { try? repository.treeFile(at: relative, in: $0) })?.executable == true || setup
                || (copied.contains(relative) && AgentExecutable.isExecutableFile(root + "/" + relative))
        })
    }
}
