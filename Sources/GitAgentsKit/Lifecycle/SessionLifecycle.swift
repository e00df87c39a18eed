// A session's lifecycle: its state, changed only by the named transitions below (docs/data-model.md).
import Foundation

public struct SessionLifecycle: Equatable, Sendable {
    public private(set) var state: SessionState = .planning
    /// Why the session failed or stopped, or what interrupted its start.
    public private(set) var reason: String?

    public init() {}

    private func require(_ transition: String, from allowed: Set<SessionState>) throws {
        guard allowed.contains(state) else { throw TransitionRefused(transition: transition, from: "\(state)") }
    }

    /// planning → running: every branch and worktree exists; the supervisor may start agents.
    public mutating func ready() throws {
        try require("ready", from: [.planning])
        state = .running
    }

    /// planning → failed: the `start` that was creating the session died half-way (its worktrees could not
    /// all be removed, so the record stays to say where they are).
    public mutating func abandon(reason: String) throws {
        try require("abandon", from: [.planning])
        state = .failed
        self.reason = reason
    }

    /// running → done | failed | stopped, once every agent has ended: done when all succeeded; failed when one
    /// failed (or was rejected); else stopped (a person stopped an agent, and what depended on it was blocked).
    /// Refused while an agent has a status this version does not know: a newer version is at work on it.
    public mutating func end(agents: [String: AgentStatus]) throws {
        try require("end", from: [.running])
        guard agents.values.allSatisfy(\.isFinal) else {
            throw TransitionRefused(transition: "end", from: "running with agents still waiting or running")
        }
        guard agents.values.allSatisfy({ AgentStatus.knownCases.contains($0) }) else {
            throw TransitionRefused(transition: "end", from: "running with an agent in a status of a newer version")
        }
        let failed = agents.filter { !$0.value.isSuccess && $0.value != .stopped && $0.value != .blocked }.keys.sorted()
        let stopped = agents.filter { $0.value == .stopped }.keys.sorted()
        if !failed.isEmpty {
            state = .failed
            reason = "did not finish: \(failed.joined(separator: ", "))"
        } else if agents.values.allSatisfy(\.isSuccess) {
            state = .done
            reason = nil
        } else {
            state = .stopped
            reason = stopped.isEmpty ? "stopped" : "stopped: \(stopped.joined(separator: ", "))"
        }
    }

    /// done | failed | stopped → running: an agent was restarted.
    public mutating func reopen() throws {
        try require("reopen", from: [.done, .failed, .stopped])
        state = .running
        reason = nil
    }

    /// done | failed | stopped → merged: the approved agents' work is integrated into the target branch (or
    /// the integration branch, with the manual strategy).
    public mutating func merged() throws {
        try require("merge", from: [.done, .failed, .stopped])
        state = .merged
        reason = nil
    }

    /// Any ended session → cleaned: its worktrees are gone and the record is archived (`cleanup`).
    public mutating func cleanedUp() throws {
        try require("cleanup", from: [.done, .failed, .stopped, .merged])
        state = .cleaned
    }
}

extension SessionLifecycle: Codable {
    enum CodingKeys: String, CodingKey { case state, reason }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        state = try container.decodeIfPresent(SessionState.self, forKey: .state) ?? .planning
        reason = try? container.decodeIfPresent(String.self, forKey: .reason)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(state, forKey: .state)
        try container.encode(reason, forKey: .reason)
    }
}
