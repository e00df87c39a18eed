// The environment an agent (and `agents.setup`) runs with: SPEC §5's variables, this git-agents on PATH,
// and none of the caller's repository variables.
import Foundation

enum AgentEnvironment {
    /// Variables that tie a git command to one repository; set by hooks and `git --git-dir`.
    static let repositoryVariables = ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR",
                                      "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES",
                                      "GIT_NAMESPACE", "GIT_PREFIX"]

    /// `base` without the repository variables: a child working elsewhere must find its own repository.
    static func scrubbed(_ base: [String: String] = ProcessInfo.processInfo.environment) -> [String: String] {
        base.filter { !repositoryVariables.contains($0.key) }
    }

    static func variables(session: String, agent: AgentRecord, settings: AgentSettings?, artifacts: String?,
                          base: [String: String] = ProcessInfo.processInfo.environment) -> [String: String] {
        var variables = scrubbed(base)
        variables["GIT_AGENTS_SESSION"] = session
        variables["GIT_AGENTS_AGENT"] = agent.name
        variables["GIT_AGENTS_ROLE"] = agent.role
        variables["GIT_AGENTS_TASK"] = agent.task
        variables["GIT_AGENTS_ARTIFACTS"] = artifacts ?? ""
        variables["GIT_AGENTS_MODEL"] = settings?.model ?? ""
        variables["GIT_AGENTS_TEMPERATURE"] = settings?.temperature ?? ""
        variables["GIT_AGENTS_MAX_TOKENS"] = settings?.maxTokens ?? ""
        // `git agents progress` inside the agent reaches this very git-agents, wherever it is installed.
        let ownFolder = (SelfExecutable.path as NSString).deletingLastPathComponent
        if !(variables["PATH"] ?? "").split(separator: ":").contains(Substring(ownFolder)) {
            variables["PATH"] = ownFolder + ":" + (variables["PATH"] ?? "/usr/bin:/bin")
        }
        return variables
    }
}
