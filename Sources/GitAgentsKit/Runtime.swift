// `$GIT_COMMON_DIR/agents/<session>/`: runtime-only files (supervisor pid, live logs), rebuilt or copied into refs.
import Foundation

public struct RuntimeFolder: Sendable {
    public let path: String
    /// The git dir holding `agents/`: folders from there down are made owner-only.
    let top: String

    public init(_ workspace: Workspace, session: String) {
        path = workspace.runtimeDir + "/" + session
        top = workspace.commonDir
    }

    public var supervisorPidFile: String { path + "/supervisor.pid" }
    /// Held (flock) by the live supervisor; free when it has died, whatever its pid file says.
    public var supervisorLock: String { path + "/supervisor.lock" }
    public var supervisorLog: String { path + "/supervisor.log" }

    /// Timestamped output of a running agent; copied into the record as `logs/<agent>.log` when it ends.
    public func liveLog(agent: String) -> String { path + "/\(agent).log" }
    /// A run's live log once the run has ended, until the record holds it (then it is removed).
    public func parkedLog(agent: String, run: Int) -> String { path + "/\(agent).log.run-\(run)" }
    /// The process that runs, watches and finishes one agent (`pid starttime`).
    public func runnerPidFile(agent: String) -> String { path + "/\(agent).runner" }
    /// The agent's own process (group leader), written the moment it is spawned (`pid starttime`).
    public func agentPidFile(agent: String) -> String { path + "/\(agent).agent" }
    /// `start`'s environment (mode 0600), so a supervisor started later by another command gives agents
    /// the same variables (API keys, PATH) as the person who started the session.
    public var environmentFile: String { path + "/environment" }
    /// Present while someone has asked the agent to stop (so its end counts as stopped, not failed).
    public func stopMarker(agent: String) -> String { path + "/\(agent).stop" }
    /// The agent's own artifact folder (GIT_AGENTS_ARTIFACTS); the record files them under its role.
    public func artifacts(agent: String) -> String { path + "/artifacts/\(agent)" }

    public var hasLiveSupervisor: Bool { FileLock.isHeld(path: supervisorLock) }

    public func runnerPid(agent: String) -> Int32? { ProcessIdentity.read(runnerPidFile(agent: agent))?.pid }

    public func create() throws {
        try RuntimeFile.makeFolder(path, below: top)
    }

    /// A folder inside this one (artifacts, shared files), owner-only like the rest.
    func makeFolder(_ folder: String) throws {
        try RuntimeFile.makeFolder(folder, below: top)
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

/// A process as the kernel knows it: its pid and its start time (in clock ticks since boot), so a pid the
/// kernel has since given to another process (after a reboot, say) is never mistaken for ours or signalled.
public struct ProcessIdentity: Equatable, Sendable {
    public let pid: Int32
    public let startTime: UInt64

    /// The identity of the live process `pid`; nil when there is none (or it is a zombie).
    public static func of(_ pid: Int32) -> ProcessIdentity? {
        guard pid > 0, ProcessLiveness.isAlive(pid),
              let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        // Fields after the command name: state is field 3, starttime field 22.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let start = UInt64(fields[19]) else { return nil }
        return ProcessIdentity(pid: pid, startTime: start)
    }

    /// True when this very process is still running.
    public var isAlive: Bool { Self.of(pid) == self }

    public func write(to file: String) throws {
        try RuntimeFile.write("\(pid) \(startTime)\n", to: file)
    }

    public static func read(_ file: String) -> ProcessIdentity? {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        let parts = text.split(whereSeparator: \.isWhitespace)
        guard let pid = parts.first.flatMap({ Int32($0) }) else { return nil }
        return ProcessIdentity(pid: pid, startTime: parts.count > 1 ? UInt64(parts[1]) ?? 0 : 0)
    }
}
