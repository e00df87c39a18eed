// `$GIT_COMMON_DIR/agents/<session>/`: runtime-only files (supervisor pid, live logs), rebuilt or copied into refs.
import Foundation

public struct RuntimeFolder: Sendable {
    public let path: String

    public init(_ workspace: Workspace, session: String) {
        path = workspace.runtimeDir + "/" + session
    }

    public var supervisorPidFile: String { path + "/supervisor.pid" }
    /// Held (flock) by the live supervisor; free when it has died, whatever its pid file says.
    public var supervisorLock: String { path + "/supervisor.lock" }
    public var supervisorLog: String { path + "/supervisor.log" }

    /// Timestamped output of a running agent; copied into the record as `logs/<agent>.log` when it ends.
    public func liveLog(agent: String) -> String { path + "/\(agent).log" }
    /// The pid of the process that runs, watches and finishes one agent.
    public func runnerPidFile(agent: String) -> String { path + "/\(agent).runner" }
    /// Present while someone has asked the agent to stop (so its end counts as stopped, not failed).
    public func stopMarker(agent: String) -> String { path + "/\(agent).stop" }
    /// The agent's own artifact folder (GIT_AGENTS_ARTIFACTS); the record files them under its role.
    public func artifacts(agent: String) -> String { path + "/artifacts/\(agent)" }

    public var hasLiveSupervisor: Bool { FileLock.isHeld(path: supervisorLock) }

    public func runnerPid(agent: String) -> Int32? {
        (try? String(contentsOfFile: runnerPidFile(agent: agent), encoding: .utf8))
            .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    public func create() throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// The supervisor's pid when one holds the lock (and has written its pid).
    public var liveSupervisor: Int32? {
        hasLiveSupervisor ? recordedSupervisorPid : nil
    }

    /// The pid the last supervisor wrote, alive or not.
    public var recordedSupervisorPid: Int32? {
        guard let text = try? String(contentsOfFile: supervisorPidFile, encoding: .utf8),
              let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { return nil }
        return pid
    }
}

public enum ProcessLiveness {
    /// True when a process with this pid exists (a zombie counts as gone).
    public static func isAlive(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        if kill(pid, 0) != 0 && errno != EPERM { return false }
        // A zombie still answers kill(0); /proc tells us it has ended.
        if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
           let close = stat.lastIndex(of: ")") {
            let state = stat[stat.index(close, offsetBy: 2)...].prefix(1)
            return state != "Z" && state != "X"
        }
        return true
    }
}
