// `settings.json` in the session record: what the supervisor and the agent runners need after `start` returns.
import Foundation

public struct AgentSettings: Codable, Sendable, Equatable {
    /// The argv template (placeholders unsubstituted) and the preset it came from.
    public var command: [String]
    public var preset: String?
    public var description: String?
    public var model: String?
    public var temperature: String?
    public var maxTokens: String?
    public var skills: [String]
    public var paths: [String]
    public var mcpServers: [String]
    /// Request-changes feedback, appended to the prompt on the next run.
    public var feedback: [String]

    public var agentCommand: AgentCommand { AgentCommand(template: command, preset: preset) }
}

public struct RunSettings: Codable, Sendable, Equatable {
    /// Per-agent wall-clock limit in seconds.
    public var timeout: TimeInterval?
    /// An agent with no output and no progress for this long is shown as stalled.
    public var stallTimeout: TimeInterval?
    /// Seconds between SIGTERM and SIGKILL when an agent is stopped or times out.
    public var gracePeriod: TimeInterval
    public var limits: AgentLimits
    /// `--batch-size` waves of agent names; one wave holding everyone when no batch size was given.
    public var waves: [[String]]
    public var agents: [String: AgentSettings]

    static let path = "settings.json"

    static func read(from tree: RecordTree) throws -> RunSettings {
        guard let data = try tree.data(at: path) else {
            throw AgentsError.repository("the session record has no \(path)", hint: "run: git agents doctor")
        }
        return try RecordJSON.decoder().decode(RunSettings.self, from: data)
    }
}

extension SessionSnapshot {
    public func settings() throws -> RunSettings { try RunSettings.read(from: tree) }
}
