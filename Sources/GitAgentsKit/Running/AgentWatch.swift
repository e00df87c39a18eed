// Waits for an agent while enforcing its timeout and honouring stop requests (SIGTERM, then SIGKILL).
import Foundation

struct AgentWatch {
    enum Reason { case exited, timedOut, stopped }

    let pid: pid_t
    let timeout: TimeInterval?
    let grace: TimeInterval
    let stopMarker: String

    func wait() -> (exitCode: Int32, reason: Reason) {
        let started = Date()
        var reason = Reason.exited
        var terminatedAt: Date?
        var status: Int32 = 0
        while true {
            let rc = waitpid(pid, &status, WNOHANG)
            if rc == pid { break }
            if rc < 0 && errno != EINTR { break }
            if terminatedAt == nil {
                if FileManager.default.fileExists(atPath: stopMarker) {
                    reason = .stopped
                } else if let timeout, Date().timeIntervalSince(started) > timeout {
                    reason = .timedOut
                }
                if reason != .exited {
                    Spawn.signalGroup(pid, SIGTERM)
                    terminatedAt = Date()
                }
            } else if let terminatedAt, Date().timeIntervalSince(terminatedAt) > grace {
                Spawn.signalGroup(pid, SIGKILL)
            }
            usleep(50_000)
        }
        // A stop asked for while the agent was already dying still counts as a stop, not a failure; an agent
        // that finished its work (exit 0) by itself at that moment is done.
        let exitedCleanly = status & 0x7f == 0 && (status >> 8) & 0xff == 0
        if reason == .exited && !exitedCleanly && FileManager.default.fileExists(atPath: stopMarker) { reason = .stopped }
        // Whatever the agent left running in its group goes with it (SIGKILL for what ignores SIGTERM),
        // so its output pipe closes and nothing keeps working in the worktree.
        if Spawn.signalGroup(pid, SIGTERM) {
            let deadline = Date().addingTimeInterval(grace)
            while Date() < deadline && Spawn.signalGroup(pid, 0) { usleep(50_000) }
            Spawn.signalGroup(pid, SIGKILL)
        }
        let signal = status & 0x7f
        return (signal == 0 ? (status >> 8) & 0xff : 128 + signal, reason)
    }
}
