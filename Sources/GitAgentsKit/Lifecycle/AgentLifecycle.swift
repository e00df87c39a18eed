// An agent's lifecycle: its status and the facts of its current run, changed only by the named transitions
// below, each refused unless the agent is where that transition starts from (docs/data-model.md has the table).
import Foundation

/// A transition asked of an agent (or session) that is not in a state it starts from; nothing was changed.
public struct TransitionRefused: Error, Equatable, CustomStringConvertible {
    public let transition: String
    public let from: String

    public var description: String { "\(transition) is not possible from \(from)" }
}

public struct AgentLifecycle: Equatable, Sendable {
    public private(set) var status: AgentStatus = .waiting
    /// How many runs have been claimed: each claim starts run `run + 1`. A runner, the supervisor and `stop`
    /// name the run they act on, so an ended run is never ended twice and a newer run is never touched.
    public private(set) var run = 0
    /// Why the agent is blocked, failed or stopped (exit status and the last lines of its stderr, say).
    public private(set) var reason: String?
    public private(set) var progress = 0
    public private(set) var pid: Int32?
    public private(set) var startedAt: Date?
    public private(set) var endedAt: Date?
    public private(set) var exitCode: Int32?
    /// The last review decision on the current run's work; cleared when the agent runs again.
    public private(set) var review: Review?

    public init() {}

    private func require(_ transition: String, from allowed: Set<AgentStatus>, run expected: Int? = nil) throws {
        guard allowed.contains(status), expected == nil || expected == run else {
            let which = expected.map { " (run \($0))" } ?? ""
            throw TransitionRefused(transition: transition + which, from: "\(status) (run \(run))")
        }
    }

    private mutating func clearRun() {
        progress = 0
        pid = nil
        startedAt = nil
        endedAt = nil
        exitCode = nil
        reason = nil
        review = nil
    }

    // MARK: Transitions

    /// waiting | changes-requested → running: the supervisor takes the agent for a new run, before its runner
    /// exists, so no second supervisor or restart starts it too. Feedback asked for stays in the reason until
    /// the run ends.
    public mutating func claim(at time: Date) throws {
        try require("claim", from: [.waiting, .changesRequested])
        let feedback = status == .changesRequested ? reason : nil
        clearRun()
        reason = feedback
        run += 1
        status = .running
        startedAt = time
    }

    /// running → running: the runner started the agent's process for run `run`.
    public mutating func started(run expected: Int, pid: Int32, at time: Date) throws {
        try require("started", from: [.running], run: expected)
        self.pid = pid
        startedAt = time
    }

    /// running → done | failed | stopped: the run ended (`run` nil: whichever run is going on). `notes` are
    /// what a person should know about how it ended (its branch was deleted, work left out of its commit…):
    /// they follow the outcome's reason, one per line.
    public mutating func ended(run expected: Int?, outcome: AgentOutcome, exitCode: Int32?, at time: Date,
                               notes: [String] = []) throws {
        try require("end", from: [.running], run: expected)
        status = outcome.status
        let lines = ([outcome.reason].compactMap { $0 } + notes)
        reason = lines.isEmpty ? nil : lines.joined(separator: "\n")
        self.exitCode = exitCode
        endedAt = time
        if outcome == .done { progress = 100 }
    }

    /// waiting → blocked: a dependency failed, was stopped or rejected, so this agent cannot run.
    /// done → blocked: its work cannot be moved onto a dependency's new work (a restack conflicts).
    public mutating func block(reason: String, at time: Date) throws {
        try require("block", from: [.waiting, .done])
        status = .blocked
        self.reason = reason
        endedAt = time
    }

    /// waiting → stopped: a person stopped the agent before it started.
    public mutating func stopBeforeStart(at time: Date) throws {
        try require("stop", from: [.waiting])
        status = .stopped
        reason = "stopped by a person before it started"
        endedAt = time
    }

    /// done | failed | stopped | blocked | rejected → waiting: `restart` runs the agent again (its run count
    /// goes on; a review of the old work no longer applies).
    public mutating func reset() throws {
        try require("reset", from: [.done, .failed, .stopped, .blocked, .rejected])
        clearRun()
        status = .waiting
    }

    /// blocked → waiting: the dependency that blocked it is being run again.
    public mutating func unblock() throws {
        try require("unblock", from: [.blocked])
        clearRun()
        status = .waiting
    }

    // MARK: Review and merge

    /// done → done: the work is approved for merging (by the orchestrator, or a person's `merge --approve`).
    public mutating func approve(_ review: Review) throws {
        try require("approve", from: [.done])
        self.review = review
    }

    /// done | failed | stopped | blocked → rejected: `merge --reject` leaves the work out; its branch stays.
    public mutating func reject(_ review: Review) throws {
        try require("reject", from: [.done, .failed, .stopped, .blocked])
        status = .rejected
        self.review = review
        reason = review.reason.map { "rejected: \($0)" } ?? "rejected by \(review.by)"
    }

    /// done | failed | stopped → changes-requested: the agent runs again with the feedback (the review's
    /// reason) appended to its prompt; the supervisor claims it like a waiting agent.
    public mutating func requestChanges(_ review: Review) throws {
        try require("request changes", from: [.done, .failed, .stopped])
        clearRun()
        status = .changesRequested
        self.review = review
        reason = review.reason
    }

    /// done → done: its commits were replayed onto a dependency's new work; a review of the old ones no
    /// longer applies.
    public mutating func restacked() throws {
        try require("restack", from: [.done])
        review = nil
    }

    /// done (approved) → merged: its work is in the target branch (or the integration branch).
    public mutating func merged(at time: Date) throws {
        try require("merged", from: [.done])
        guard review?.decision == .approve else {
            throw TransitionRefused(transition: "merged", from: "done without an approval")
        }
        status = .merged
        endedAt = endedAt ?? time
    }

    /// running → running: the agent reports how far it is (`git agents progress`).
    public mutating func reportProgress(_ percent: Int) throws {
        try require("progress", from: [.running])
        progress = min(100, max(0, percent))
    }
}

extension AgentLifecycle: Codable {
    enum CodingKeys: String, CodingKey { case status, run, reason, progress, pid, startedAt, endedAt, exitCode, review }

    /// Read from the agent's document leniently: a field that is missing (an older record) takes its default.
    /// A record without `run` that has started counts as run 1.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        status = try container.decodeIfPresent(AgentStatus.self, forKey: .status) ?? .waiting
        reason = try? container.decodeIfPresent(String.self, forKey: .reason)
        progress = (try? container.decodeIfPresent(Int.self, forKey: .progress)) ?? 0
        pid = try? container.decodeIfPresent(Int32.self, forKey: .pid)
        startedAt = try? container.decodeIfPresent(Date.self, forKey: .startedAt)
        endedAt = try? container.decodeIfPresent(Date.self, forKey: .endedAt)
        exitCode = try? container.decodeIfPresent(Int32.self, forKey: .exitCode)
        run = (try? container.decodeIfPresent(Int.self, forKey: .run)) ?? (startedAt == nil ? 0 : 1)
        review = try? container.decodeIfPresent(Review.self, forKey: .review)
    }

    // Optional fields are written as `null`, never left out, so every document has the same keys.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(status, forKey: .status)
        try container.encode(run, forKey: .run)
        try container.encode(reason, forKey: .reason)
        try container.encode(progress, forKey: .progress)
        try container.encode(pid, forKey: .pid)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(endedAt, forKey: .endedAt)
        try container.encode(exitCode, forKey: .exitCode)
        try container.encode(review, forKey: .review)
    }
}
