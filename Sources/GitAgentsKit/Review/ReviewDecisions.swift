// A person's review decisions (SPEC §1): `merge --reject A` leaves A's work out; `merge --request-changes A -m MSG`
// sends A back to work with the feedback appended to its prompt.
import Foundation
import GitKit

extension SessionMerge {
    /// Leaves `agent` out of the merge (its branch stays). Agents that depend on it are blocked with the reason,
    /// unless `keepDependants` (`--force`): they stay as they are, to be restarted or rejected in their turn
    /// (merge still leaves out whatever holds the rejected work).
    public func reject(_ agent: String, reason: String?, by person: String, keepDependants: Bool = false) throws {
        let snapshot = try store.load(sessionID)
        guard let record = snapshot.agent(agent) else { throw Self.noAgent(agent, snapshot) }
        let review = Review(decision: .reject, reason: reason, by: person, at: Date())
        var rejected = false
        try store.update(sessionID) { document in
            rejected = document.transition(agent) { try $0.reject(review) }
            guard rejected else { return nil }
            for (name, other) in document.agents where other.dependsOn.contains(agent) && !keepDependants {
                document.transition(name) { try $0.block(reason: Supervisor.blockReason(blocker: agent, status: .rejected), at: Date()) }
            }
            if document.session.state == .running { _ = document.endSessionIfOver() }
            return "\(agent): rejected by \(person)" + (reason.map { ": \($0)" } ?? "")
        }
        guard rejected else {
            throw AgentsError.usage("\(agent) is \(record.status): only finished work can be rejected",
                                    hint: record.status == .running ? "stop it first: git agents stop --agent \(agent)" : nil)
        }
    }

    /// Sends `agent` back to work: it runs again in its worktree, on its branch, with `feedback` appended to its
    /// prompt. The session goes on running until it has ended again.
    public func requestChanges(_ agent: String, feedback: String, by person: String) throws {
        let snapshot = try store.load(sessionID)
        guard let record = snapshot.agent(agent) else { throw Self.noAgent(agent, snapshot) }
        guard !feedback.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw AgentsError.usage("say what to change: git agents merge --request-changes \(agent) -m \"…\"")
        }
        guard [.done, .failed, .stopped, .running].contains(snapshot.session.state) else {
            throw AgentsError.usage("session \(sessionID) is \(snapshot.session.state): its agents cannot run again",
                                    hint: "start a new session for more work")
        }
        let review = Review(decision: .requestChanges, reason: feedback, by: person, at: Date())
        var sent = false
        try store.update(sessionID) { document in
            sent = document.transition(agent) { try $0.requestChanges(review) }
            guard sent else { return nil }
            try Self.appendFeedback(feedback, to: agent, in: &document)
            document.transitionSession { try $0.reopen() }
            return "\(agent): changes requested by \(person): \(feedback)"
        }
        guard sent else {
            throw AgentsError.usage("\(agent) is \(record.status): changes can be requested only of finished work",
                                    hint: record.status == .merged ? "its work is merged; start a new session for more" : nil)
        }
        try Supervision.launch(workspace, session: sessionID)
    }

    static func noAgent(_ name: String, _ snapshot: SessionSnapshot) -> AgentsError {
        .usage("session \(snapshot.session.id) has no agent '\(name)'",
               hint: "its agents: \(snapshot.agents.map(\.name).joined(separator: ", "))")
    }
}
