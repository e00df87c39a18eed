// The orchestrator reviews an agent's finished work (SPEC §6, orchestrator-review): it gets the assignment and
// the diff, and answers approve or request-changes with a reason. A bad answer is an error, never an approval.
import Foundation
import GitKit

struct OrchestratorReview {
    let workspace: Workspace
    let configuration: Configuration
    let command: String

    /// What the orchestrator gets on stdin (and, framed, as its prompt).
    struct Request: Encodable {
        let task: String
        let agent: String
        let role: String
        let assignment: String
        let files: [String]
        let stats: DiffStats
        let diff: String
        let answerFormat: String
    }

    static let answerFormat = #"{"decision": "approve" | "request-changes", "reason": "…"}"#
    /// Enough of a diff to judge from without flooding a model's context.
    static let maxDiffBytes = 200_000

    func decide(_ agent: AgentRecord, session: SessionInfo, head: OID) throws -> Review {
        // One diff gives the stats, the paths and the patch as git prints it.
        let diff = try workspace.repository.diff(from: agent.base, to: head)
        let stat = try diff.stat()
        // A diff that cannot be printed is an error: the orchestrator never approves what it did not see.
        let patchBytes = try diff.lines().reduce(into: Data()) { $0.append($1.text) }
        let patch = String(decoding: patchBytes.prefix(Self.maxDiffBytes), as: UTF8.self)
        let request = Request(
            task: session.task, agent: agent.name, role: agent.role, assignment: agent.task,
            files: diff.paths,
            stats: DiffStats(files: stat.files, added: stat.insertions, deleted: stat.deletions),
            diff: patch, answerFormat: Self.answerFormat)
        let input = try RecordJSON.encode(request)
        let prompt = """
        You review the work of one coding agent before it is merged. Approve it when it does its assignment \
        well; otherwise request changes, saying exactly what to change.
        Answer with JSON only, in this shape: \(Self.answerFormat)

        \(String(decoding: input, as: UTF8.self))
        """
        let output = try OrchestratorCall.ask(command, prompt: prompt, request: input, configuration: configuration,
                                              in: workspace.worktreeRoot, task: session.task)
        return try Self.parse(output, agent: agent.name)
    }

    /// Reads the answer leniently (the first JSON object in the output; `approved`, `request_changes`… accepted)
    /// but never guesses: no recognisable decision is an error.
    static func parse(_ output: Data, agent: String) throws -> Review {
        let problem = AgentsError.failed("the orchestrator's review of \(agent) has no decision",
                                         hint: "it must print \(answerFormat); nothing was merged")
        guard let json = OrchestratorCall.jsonObject(in: output),
              let object = try? JSONSerialization.jsonObject(with: json) as? [String: Any],
              let said = (object["decision"] as? String)?.lowercased() else { throw problem }
        let reason = (object["reason"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        let decision: Review.Decision
        switch said.replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: " ", with: "-") {
        case "approve", "approved", "accept", "lgtm": decision = .approve
        case "request-changes", "changes-requested", "changes", "reject", "rejected": decision = .requestChanges
        default: throw problem
        }
        if decision == .requestChanges && reason == nil {
            throw AgentsError.failed("the orchestrator requested changes to \(agent) without saying which",
                                     hint: "it must give a reason: \(answerFormat)")
        }
        return Review(decision: decision, reason: reason, by: "orchestrator", at: Date())
    }
}
