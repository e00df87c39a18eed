// The environment an agent (and `agents.setup`) runs with: SPEC §5's variables, this git-agents on PATH,
// none of the caller's repository variables, and nothing that would open a browser, pager, editor or prompt.
import Foundation

enum AgentEnvironment {
    /// Variables that tie a git command to one repository; set by hooks and `git --git-dir`.
    static let repositoryVariables = ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR",
                                      "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES",
                                      "GIT_NAMESPACE", "GIT_PREFIX"]

    /// Agents run headless: nobody reads their screen or answers their questions (docs/agents.md,
    /// "Environment", says why each one is set). Each replaces whatever the caller had.
    static let headless: [String: String] = [
        // Python's webbrowser and xdg-open run $BROWSER first; `true` "opens" a page without starting a
        // browser, where a text-mode one would take over the log (it happened with aider).
        "BROWSER": "true",
        "PAGER": "cat", "GIT_PAGER": "cat", "MANPAGER": "cat",
        // Accept what is proposed, as a person saving the file unchanged would: `git commit` without -m
        // stops for want of a message, `git rebase -i` runs its plan as written.
        "EDITOR": "true", "VISUAL": "true", "GIT_EDITOR": "true", "GIT_SEQUENCE_EDITOR": "true",
        // git asks for credentials neither on a terminal nor through an askpass program (an empty
        // GIT_ASKPASS also hides core.askPass and SSH_ASKPASS from git); credential helpers still work.
        "GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "", "SSH_ASKPASS": "", "SSH_ASKPASS_REQUIRE": "never",
        "GCM_INTERACTIVE": "never",
        "DEBIAN_FRONTEND": "noninteractive",
        // Output goes to a log, not a terminal: no cursor movement, no colours.
        "TERM": "dumb", "NO_COLOR": "1",
    ]

    /// Removed: a display lets a browser or password dialog open on a person's desktop; forced colour
    /// would undo NO_COLOR.
    static let removedVariables = ["DISPLAY", "WAYLAND_DISPLAY", "FORCE_COLOR", "CLICOLOR_FORCE"]

    /// `base` without the repository variables: a child working elsewhere must find its own repository.
    static func scrubbed(_ base: [String: String] = ProcessInfo.processInfo.environment) -> [String: String] {
        base.filter { !repositoryVariables.contains($0.key) }
    }

    /// PATH as agents get it: `base`'s, with this git-agents' folder in front when it is not there yet, so
    /// that `git agents progress` inside an agent reaches this very git-agents, wherever it is installed.
    static func searchPath(_ base: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let path = base["PATH"] ?? "/usr/bin:/bin"
        let ownFolder = (SelfExecutable.path as NSString).deletingLastPathComponent
        return path.split(separator: ":").contains(Substring(ownFolder)) ? path : ownFolder + ":" + path
    }

    static func variables(session: String, agent: AgentRecord, settings: AgentSettings?, artifacts: String?,
                          base: [String: String] = ProcessInfo.processInfo.environment) -> [String: String] {
        var variables = scrubbed(base).filter { !removedVariables.contains($0.key) }
        variables.merge(headless) { _, headless in headless }
        variables["GIT_AGENTS_SESSION"] = session
        variables["GIT_AGENTS_AGENT"] = agent.name
        variables["GIT_AGENTS_ROLE"] = agent.role
        variables["GIT_AGENTS_TASK"] = agent.task
        variables["GIT_AGENTS_ARTIFACTS"] = artifacts ?? ""
        variables["GIT_AGENTS_MODEL"] = settings?.model ?? ""
        variables["GIT_AGENTS_TEMPERATURE"] = settings?.temperature ?? ""
        variables["GIT_AGENTS_MAX_TOKENS"] = settings?.maxTokens ?? ""
        variables["PATH"] = searchPath(base)
        return variables
    }
}
