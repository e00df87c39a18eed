// The activity lines a session's start writes, built here only: `start --wait` recognises them by these same
// functions to leave out what its report already showed, and must print every other line.
public enum StartActivity {
    /// The record's first commit.
    public static func created(session id: String, task: String) -> String { "session \(id) created: \(task)" }

    /// `start` names the agents' branches and worktrees.
    public static func creating(session id: String, worktrees: Int) -> String {
        "session \(id): creating \(Units.count(worktrees, "worktree"))"
    }

    /// The worktrees are there; the supervisor may start agents.
    public static func ready(session id: String, agents: Int) -> String {
        "session \(id) ready: \(Units.count(agents, "agent"))"
    }

    /// The supervisor claimed the agent for a run.
    public static func starting(agent: String) -> String { "\(agent): starting" }

    /// The runner started the agent's process.
    public static func started(agent: String, pid: Int32) -> String { "\(agent): started (pid \(pid))" }
}
