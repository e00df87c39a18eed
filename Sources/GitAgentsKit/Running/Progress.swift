// `git agents progress`: an agent reports how far it is, from inside its worktree.
import Foundation

public enum ProgressReport {
    /// Records `percent` and an activity line for the agent running in this worktree (or named by the
    /// GIT_AGENTS_SESSION / GIT_AGENTS_AGENT variables). Returns the session and agent.
    @discardableResult
    public static func record(_ workspace: Workspace, percent: Int, message: String?,
                              environment: [String: String] = ProcessInfo.processInfo.environment) throws -> (session: String, agent: String) {
        guard (0...100).contains(percent) else { throw AgentsError.usage("progress must be between 0 and 100, not \(percent)") }
        // The agent named by the variables is checked inside the one update: reading the record before it
        // too would double the cost of the call agents make most often.
        let (session, agent) = try locate(workspace, environment: environment, verified: false)
        let line = message.map { "\(agent): \($0)" } ?? "\(agent): \(percent)%"
        var ended: AgentStatus?
        try SessionStore(repository: workspace.repository).update(session) { document in
            ended = nil
            guard document.agents[agent] != nil else { throw noAgent(session, agent) }
            guard document.transition(agent, { try $0.reportProgress(percent) }) else {
                ended = document.agents[agent]?.status
                return nil
            }
            return line
        }
        if let ended {
            throw AgentsError.usage("\(agent) is \(ended) in session \(session), not running: progress is recorded only while it runs")
        }
        let runtime = RuntimeFolder(workspace, session: session)
        if FileManager.default.fileExists(atPath: runtime.liveLog(agent: agent)) {
            LogWriter(path: runtime.liveLog(agent: agent)).write("progress \(percent)%" + (message.map { ": \($0)" } ?? ""))
        }
        return (session, agent)
    }

    /// The session and agent of the agent running here; `command` names the command in the hint when there is none.
    static func locate(_ workspace: Workspace, environment: [String: String], command: String = "progress",
                       verified: Bool = true) throws -> (String, String) {
        if let here = try agentHere(workspace, environment: environment, verified: verified) { return here }
        throw AgentsError.usage("this worktree (\(workspace.worktreeRoot)) belongs to no agent",
                                hint: "run git agents \(command) from an agent's worktree, or set GIT_AGENTS_SESSION and GIT_AGENTS_AGENT")
    }

    /// The session and agent the command runs for: the GIT_AGENTS_SESSION / GIT_AGENTS_AGENT variables an agent
    /// runs with, else the agent whose worktree this is; nil for a person. Unless `verified` is false, an agent
    /// named by the variables is looked up in the record first.
    static func agentHere(_ workspace: Workspace, environment: [String: String],
                          verified: Bool = true) throws -> (session: String, agent: String)? {
        let store = SessionStore(repository: workspace.repository)
        if let session = environment["GIT_AGENTS_SESSION"], let agent = environment["GIT_AGENTS_AGENT"],
           !session.isEmpty, !agent.isEmpty {
            guard try !verified || store.load(session).agent(agent) != nil else { throw noAgent(session, agent) }
            return (session, agent)
        }
        return try store.agent(owning: workspace.worktreeRoot)
    }

    private static func noAgent(_ session: String, _ agent: String) -> AgentsError {
        .usage("session \(session) has no agent '\(agent)' (from GIT_AGENTS_SESSION/GIT_AGENTS_AGENT)")
    }
}
