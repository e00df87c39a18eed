// What `status`, `logs` and `list` show: derived from the record and the runtime folder, never stored.
import Foundation

public struct AgentView: Encodable, Sendable {
    public let agent: AgentRecord
    /// Running, with no output and no progress for `agents.stallTimeout`.
    public let stalled: Bool
    /// Seconds the agent has run (so far, or in all).
    public let elapsed: TimeInterval?
    /// The paths it owns (empty: all of them) and the files its committed work changed outside them.
    public var ownedPaths: [String] = []
    public var outsidePaths: [String] = []

    enum CodingKeys: String, CodingKey { case agent, stalled, elapsed, ownedPaths, outsidePaths }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(agent, forKey: .agent)
        try container.encode(stalled, forKey: .stalled)
        try container.encode(elapsed, forKey: .elapsed)
        try container.encode(ownedPaths, forKey: .ownedPaths)
        try container.encode(outsidePaths, forKey: .outsidePaths)
    }
}

public struct StatusReport: Encodable, Sendable {
    public let session: SessionInfo
    public let elapsed: TimeInterval
    /// The live supervisor's pid, nil when none runs.
    public let supervisor: Int32?
    public let agents: [AgentView]
    /// Newest first.
    public let activity: [ActivityEntry]
    /// Messages to the orchestrator nobody has answered yet.
    public let messagesForOrchestrator: Int

    enum CodingKeys: String, CodingKey { case session, elapsed, supervisor, agents, activity, messagesForOrchestrator }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(session, forKey: .session)
        try container.encode(elapsed, forKey: .elapsed)
        try container.encode(supervisor, forKey: .supervisor)
        try container.encode(agents, forKey: .agents)
        try container.encode(activity, forKey: .activity)
        try container.encode(messagesForOrchestrator, forKey: .messagesForOrchestrator)
    }

    /// Nothing will change by itself any more: every agent has ended and the session too — or the session
    /// waits on an agent in a status only a newer version knows, which this one will not change.
    public var isFinished: Bool {
        // With the auto strategy a session that is done still has its merge to come (the supervisor's
        // `auto-merge` line says how it went).
        let mergePending = session.strategy == MergeStrategy.auto.rawValue && session.state == .done
            && !(activity.first?.message.hasPrefix("auto-merge") ?? false)
        return agents.allSatisfy { $0.agent.status.isFinal } && !mergePending
            && (session.state != .running || agents.contains { !AgentStatus.knownCases.contains($0.agent.status) })
    }
    public var allDone: Bool { agents.allSatisfy { $0.agent.status.isSuccess } }
}

public enum SessionView {
    public static func status(_ workspace: Workspace, session id: String, activityLimit: Int = 8) throws -> StatusReport {
        let store = SessionStore(repository: workspace.repository)
        let snapshot = try store.load(id)
        let runtime = RuntimeFolder(workspace, session: id)
        let settings = try? snapshot.settings()
        let stallTimeout = settings?.stallTimeout ?? nil
        let now = Date()
        let views = snapshot.agents.map { agent -> AgentView in
            var stalled = false
            if agent.status == .running, let stallTimeout, let started = agent.startedAt {
                let attributes = try? FileManager.default.attributesOfItem(atPath: runtime.liveLog(agent: agent.name))
                let lastSign = max(started, (attributes?[.modificationDate] as? Date) ?? started)
                stalled = now.timeIntervalSince(lastSign) > stallTimeout
            }
            let elapsed = agent.startedAt.map { (agent.endedAt ?? now).timeIntervalSince($0) }
            var view = AgentView(agent: agent, stalled: stalled, elapsed: elapsed)
            view.ownedPaths = settings?.agents[agent.name]?.paths ?? []
            view.outsidePaths = PathOwnership.outside(of: agent, owned: view.ownedPaths, in: workspace.repository)
            return view
        }
        let ended = snapshot.session.state == .running ? now : (try store.history(id, limit: 1).first?.time ?? now)
        return StatusReport(session: snapshot.session, elapsed: ended.timeIntervalSince(snapshot.session.createdAt),
                            supervisor: runtime.liveSupervisor, agents: views,
                            activity: try store.history(id, limit: activityLimit),
                            messagesForOrchestrator: try SessionMessages.waitingForOrchestrator(snapshot).count)
    }

    /// Every log line of the session (or of one agent), oldest first: the record's logs of ended runs and
    /// the live logs of running agents.
    public static func logs(_ workspace: Workspace, session id: String, agent: String? = nil) throws -> [LogLine] {
        let snapshot = try SessionStore(repository: workspace.repository).load(id)
        if let agent, snapshot.agent(agent) == nil {
            throw AgentsError.usage("session \(id) has no agent '\(agent)'",
                                    hint: "its agents: \(snapshot.agents.map(\.name).joined(separator: ", "))")
        }
        let runtime = RuntimeFolder(workspace, session: id)
        var lines: [LogLine] = []
        for record in snapshot.agents where agent == nil || record.name == agent {
            if let stored = try snapshot.tree.data(at: "logs/\(record.name).log") {
                lines += LogLine.parse(String(decoding: stored, as: UTF8.self), agent: record.name)
            }
            if let live = FileManager.default.contents(atPath: runtime.liveLog(agent: record.name)) {
                lines += LogLine.parse(String(decoding: live, as: UTF8.self), agent: record.name)
            }
        }
        // A stable sort keeps each agent's own lines in order when their times are equal.
        return lines.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
    }
}
