// `$GIT_COMMON_DIR/agents/<session>/`: runtime-only files (supervisor pid, live logs), rebuilt or copied into refs.
import Foundation

public struct RuntimeFolder: Sendable {
    public let path: String

    public init(_ workspace: Workspace, session: String) {
        path = workspace.runtimeDir + "/" + session
    }

    public var supervisorPidFile: String { path + "/supervisor.pid" }

    public func liveLog(agent: String) -> String { path + "/\(agent).log" }

    public func create() throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// The supervisor's pid when one is recorded and that process is still alive.
    public var liveSupervisor: Int32? {
        guard let text = try? String(contentsOfFile: supervisorPidFile, encoding: .utf8),
              let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { return nil }
        return ProcessLiveness.isAlive(pid) ? pid : nil
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
