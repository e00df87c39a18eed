// The domain's one error type: what went wrong, what to do, and the exit code of SPEC §1.
import Foundation
import GitKit

public enum AgentsError: Error, LocalizedError, Equatable {
    /// Exit 1: the operation failed.
    case failed(String, hint: String? = nil)
    /// Exit 2: bad usage or configuration.
    case usage(String, hint: String? = nil)
    /// Exit 3: conflicts block the operation.
    case conflicts(String, hint: String? = nil)
    /// Exit 4: not inside a git repository, or the repository is unusable.
    case repository(String, hint: String? = nil)

    public var exitCode: Int32 {
        switch self {
        case .failed: 1
        case .usage: 2
        case .conflicts: 3
        case .repository: 4
        }
    }

    public var message: String {
        switch self {
        case .failed(let message, _), .usage(let message, _), .conflicts(let message, _), .repository(let message, _):
            message
        }
    }

    public var hint: String? {
        switch self {
        case .failed(_, let hint), .usage(_, let hint), .conflicts(_, let hint), .repository(_, let hint):
            hint
        }
    }

    public var errorDescription: String? { [message, hint].compactMap { $0 }.joined(separator: "\n") }
}

extension AgentsError {
    static func noSession() -> AgentsError {
        .usage("no session in this repository", hint: "start one with: git agents start \"TASK\"")
    }

    static func unknownSession(_ id: String) -> AgentsError {
        .usage("no session '\(id)' in this repository", hint: "see the sessions with: git agents list --all")
    }
}
