// The words of the lifecycle: an agent's status, a session's state, how a run ended. Read leniently:
// a value written by a newer git-agents is kept as `.unknown` and shown as it is, never a decoding error.
import Foundation

/// A string-valued enumeration that also holds values it does not know (SPEC §2: readers accept them).
public protocol OpenEnumeration: Hashable, Sendable, Codable, CustomStringConvertible {
    static var knownCases: [Self] { get }
    static func unknown(_ rawValue: String) -> Self
    var rawValue: String { get }
}

extension OpenEnumeration {
    public init(rawValue: String) {
        self = Self.knownCases.first { $0.rawValue == rawValue } ?? .unknown(rawValue)
    }

    public init(from decoder: Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
}

public enum AgentStatus: OpenEnumeration {
    case waiting, running, done, failed, blocked, stopped, rejected, changesRequested, merged
    /// Written by a newer git-agents: shown as it is, never started, ended or reset by this one.
    case unknown(String)

    public static let knownCases: [AgentStatus] =
        [.waiting, .running, .done, .failed, .blocked, .stopped, .rejected, .changesRequested, .merged]

    public var rawValue: String {
        switch self {
        case .waiting: "waiting"
        case .running: "running"
        case .done: "done"
        case .failed: "failed"
        case .blocked: "blocked"
        case .stopped: "stopped"
        case .rejected: "rejected"
        case .changesRequested: "changes-requested"
        case .merged: "merged"
        case .unknown(let value): value
        }
    }

    /// The agent will not change by itself any more (changes-requested runs again, like waiting).
    public var isFinal: Bool { self != .waiting && self != .running && self != .changesRequested }

    /// Its work counts: dependants may start from it, the session may succeed.
    public var isSuccess: Bool { self == .done || self == .merged }
}

public enum SessionState: OpenEnumeration {
    case planning, running, done, failed, stopped, merged, cleaned
    case unknown(String)

    public static let knownCases: [SessionState] = [.planning, .running, .done, .failed, .stopped, .merged, .cleaned]

    public var rawValue: String {
        switch self {
        case .planning: "planning"
        case .running: "running"
        case .done: "done"
        case .failed: "failed"
        case .stopped: "stopped"
        case .merged: "merged"
        case .cleaned: "cleaned"
        case .unknown(let value): value
        }
    }
}

/// How one run of an agent ended.
public enum AgentOutcome: Sendable, Equatable {
    /// Exit status 0.
    case done
    /// Anything else that went wrong; the text says what (exit status and the last lines of stderr, say).
    case failed(String)
    /// A person stopped it (`git agents stop`): not a failure.
    case stopped
    case timedOut(TimeInterval)

    var status: AgentStatus {
        switch self {
        case .done: .done
        case .failed, .timedOut: .failed
        case .stopped: .stopped
        }
    }

    var reason: String? {
        switch self {
        case .done: nil
        case .failed(let reason): reason
        case .stopped: "stopped by a person"
        case .timedOut(let limit): "timed out after \(Units.elapsed(limit))"
        }
    }
}

/// A review decision on an agent's finished work (SPEC §6): by the orchestrator or a person.
public struct Review: Codable, Equatable, Sendable {
    public enum Decision: OpenEnumeration {
        case approve, requestChanges, reject
        case unknown(String)

        public static let knownCases: [Decision] = [.approve, .requestChanges, .reject]

        public var rawValue: String {
            switch self {
            case .approve: "approve"
            case .requestChanges: "request-changes"
            case .reject: "reject"
            case .unknown(let value): value
            }
        }
    }

    public let decision: Decision
    /// Why (the orchestrator's words, or the person's message).
    public let reason: String?
    /// Who decided: `orchestrator`, or the person (git's user.name, else the login name).
    public let by: String
    public let at: Date

    public init(decision: Decision, reason: String?, by: String, at: Date) {
        self.decision = decision
        self.reason = reason
        self.by = by
        self.at = at
    }
}
