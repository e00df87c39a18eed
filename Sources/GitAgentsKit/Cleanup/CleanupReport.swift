// What `git agents cleanup` did and kept, step by step, for the person and for `--json`.
import Foundation
import GitKit

/// One thing cleanup did to an agent's worktree or branch, or left alone and why.
public struct CleanupStep: Sendable, Equatable, Encodable {
    public enum Action: String, Sendable, Encodable {
        case removedWorktree, prunedWorktree, committedWork, movedAside, keptWorktree, deletedBranch, keptBranch
    }

    public let action: Action
    public let agent: String
    /// The worktree folder or the branch the step is about.
    public let target: String
    /// The commit concerned: a deleted branch's tip, the commit of uncommitted work.
    public let commit: OID?
    /// Why it was kept, how a branch counted as merged, or why a folder was moved aside.
    public let detail: String?
    /// Where a worktree folder was moved aside to.
    public let movedTo: String?
    /// Kept because the person asked (`--keep-failed`), not because it holds work only `--force` removes.
    public let requested: Bool

    init(_ action: Action, agent: String, target: String, commit: OID? = nil, detail: String? = nil,
         movedTo: String? = nil, requested: Bool = false) {
        self.action = action
        self.agent = agent
        self.target = target
        self.commit = commit
        self.detail = detail
        self.movedTo = movedTo
        self.requested = requested
    }

    public var isKept: Bool { action == .keptWorktree || action == .keptBranch }
}

/// The outcome of cleaning one session.
public struct CleanupResult: Sendable, Encodable {
    public let session: String
    public let steps: [CleanupStep]
    /// The record moved to `refs/agents/archive/<id>` (the session is `cleaned`). A session that still has a
    /// worktree or branch kept stays where it was, so that a later cleanup finds it and finishes.
    public let archived: Bool
    /// The session had been cleaned up before: nothing was done.
    public let alreadyClean: Bool
    /// What went wrong after the record was archived (the runtime folder could not be removed), one line each.
    public let problems: [String]

    /// Something was kept that the person did not ask to keep: cleanup did not do all it was asked (exit 1).
    public var keptWork: Bool { steps.contains { $0.isKept && !$0.requested } }

    public var archiveRef: String { SessionStore.archiveNamespace + session }
}

/// A session `cleanup --all` did not touch, and why.
public struct SkippedSession: Sendable, Encodable {
    public let session: String
    public let reason: String
}
