// pre-push (SPEC §7): pushing an agent branch whose review is not approved is said (the push goes on), and with
// agents.pushSessions the session refs and notes go along, as `git agents push <remote>` pushes them.
import Foundation
import GitKit

struct PushCheck {
    let workspace: Workspace
    let agents: HookAgents
    let settings: HookSettings

    /// Warnings for the person, one line each. `input`: git's `<local ref> <local id> <remote ref> <remote id>` lines.
    func warnings(remote: String, input: String) -> [String] {
        var lines: [String] = []
        for line in input.split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count == 4, let local = OID(hex: fields[1]), !local.isZero,
                  let agent = agents.agent(branch: fields[0]) else { continue }
            let record = agent.record
            guard record.status != .merged, record.review?.decision != .approve else { continue }
            let state = agent.isRefused ? agent.verdict : "\(record.status), not approved"
            lines.append("git-agents: pushing \(record.branch) to \(remote): agent \(record.name) of session "
                         + "\(agent.session.id) is \(state) (the push goes on)")
        }
        return lines
    }

    var pushesSessions: Bool { settings.bool("agents.pushSessions", default: false) }

    /// Pushes the session refs and notes as `git agents push <remote>` does; the line that says what was pushed,
    /// or why nothing was.
    func pushSessions(remote: String) -> String {
        do {
            let report = try SessionSharing(workspace, remote: remote).push()
            let count = report.sessions.count == 1 ? "1 session" : "\(report.sessions.count) sessions"
            return "git-agents: pushed \(count)\(report.notes ? " and the notes" : "") to \(remote) as \(report.clone)"
        } catch {
            return "git-agents: session records not pushed: \(AgentFinisher.brief(error)); push them with: git agents push \(remote)"
        }
    }
}
