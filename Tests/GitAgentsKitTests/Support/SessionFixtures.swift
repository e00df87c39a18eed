// Sample sessions and agents for the store's tests, with whole-second times (the record keeps seconds).
import Foundation
import TestSupport
import GitAgentsKit
import GitKit

enum Fixture {
    static func time(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    /// Noon, local time, of a calendar day: session ids are named after the local day.
    static func day(_ year: Int, _ month: Int, _ day: Int) -> Date {
        Calendar.current.date(from: DateComponents(year: year, month: month, day: day, hour: 12))!
    }

    static func session(base: OID, task: String = "add a login page") -> SessionInfo {
        SessionInfo(id: "", task: task, createdAt: time("2026-04-03T10:30:00Z"), base: base, into: "main",
                    strategy: "parallel", maxParallel: 3)
    }

    static func agent(_ name: String, dependsOn: [String] = [], base: OID) -> AgentRecord {
        AgentRecord(name: name, role: "backend", task: "write the \(name) part", dependsOn: dependsOn,
                    branch: "agents/20260403-001/\(name)", worktree: "../repo-worktrees/agent-\(name)",
                    base: base, head: base)
    }

    /// An agent with every optional field set.
    static func finishedAgent(_ name: String, base: OID) -> AgentRecord {
        var agent = agent(name, base: base)
        try! agent.lifecycle.claim(at: time("2026-04-03T10:31:05Z"))
        try! agent.lifecycle.started(run: 1, pid: 4242, at: time("2026-04-03T10:31:05Z"))
        try! agent.lifecycle.ended(run: 1, outcome: .done, exitCode: 0, at: time("2026-04-03T10:45:00Z"))
        agent.command = ["claude", "-p", "write the \(name) part"]
        agent.model = "sonnet"
        agent.stats = DiffStats(files: 3, added: 120, deleted: 7)
        return agent
    }
}

extension SessionDocument {
    /// Takes a session the way a real one goes to `cleaned`: ready, ended, cleaned up.
    mutating func cleanUp() throws {
        try session.lifecycle.ready()
        for name in agents.keys { transition(name) { try $0.stopBeforeStart(at: Date()) } }
        try session.lifecycle.end(agents: agents.mapValues(\.status))
        try session.lifecycle.cleanedUp()
    }
}

extension ScratchRepository {
    /// A store on a fresh handle of the scratch repository (handles are not shared across threads).
    func store() throws -> SessionStore { SessionStore(repository: try Repository.open(at: path)) }

    func head() throws -> OID { OID(hex: try git("rev-parse", "HEAD"))! }

    /// The lines of a git command's output.
    func lines(_ arguments: String...) throws -> [String] {
        let result = try run(arguments)
        guard result.status == 0 else {
            throw GitCommandFailed(arguments: arguments, status: result.status, error: result.error)
        }
        return result.output.split(separator: "\n").map(String.init)
    }
}
