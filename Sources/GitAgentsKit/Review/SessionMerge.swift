// `git agents merge` (SPEC §6): review decisions, then the approved agents integrated in dependency order into
// the target branch as one commit (or into `agents/<session>/integration` with the manual strategy).
import Foundation
import GitKit

/// What `merge --approve` did.
public struct MergeReport: Sendable {
    public let session: String
    public let target: String
    public let strategy: String
    /// The integration commit, nil when there was nothing to merge.
    public let commit: OID?
    /// Where the commit went: the target branch, or the integration branch (manual strategy).
    public let branch: String
    public let merged: [AgentRecord]
    /// Agents sent back to work by the orchestrator's review, with its feedback.
    public let sentBack: [(agent: String, feedback: String)]
    /// Finished agents not merged this time, and why.
    public let notMerged: [(agent: String, because: String)]
    /// Manual strategy: the pull request opened, or the request-pull text to send.
    public let pullRequest: PullRequestOutcome?
}

public struct SessionMerge {
    let workspace: Workspace
    let sessionID: String
    var store: SessionStore { SessionStore(repository: workspace.repository) }

    public init(workspace: Workspace, sessionID: String) {
        self.workspace = workspace
        self.sessionID = sessionID
    }

    /// Who a person is in a review: git's `user.name`, else the login name.
    public static func person(in workspace: Workspace) -> String {
        let name = (try? workspace.repository.config().string("user.name")) ?? nil
        return name ?? ProcessInfo.processInfo.environment["USER"] ?? "a person"
    }

    // MARK: approve

    /// Reviews what has no decision yet (the orchestrator under orchestrator-review when one is configured, else
    /// this person's approval), then integrates every approved agent whose dependencies are approved too.
    public func approve(by person: String) throws -> MergeReport {
        var snapshot = try store.load(sessionID)
        let configuration = try Configuration.load(workspace)
        let strategy = MergeStrategy(rawValue: snapshot.session.strategy) ?? .orchestratorReview
        if let again = try pullRequestAgain(snapshot, strategy: strategy, configuration: configuration) { return again }
        try Self.requireEnded(snapshot)
        let reviewer = strategy == .orchestratorReview ? try configuration.command("agents.orchestrator") : nil
        let repository = workspace.repository
        let target = snapshot.session.into
        guard let tip = try repository.referenceTarget("refs/heads/" + target) else {
            throw AgentsError.usage("the target branch \(target) of session \(sessionID) does not exist any more",
                                    hint: "create it again (git branch \(target) <commit>), then merge")
        }
        if strategy != .manual { try TargetUpdate.requireClean(target, in: workspace) }
        let pullRequest = strategy == .manual ? try PullRequest(workspace: workspace, configuration: configuration, sessionID: sessionID, target: target) : nil

        // Decisions first, recorded whatever happens next: a person sees them in `git agents review`.
        var decisions: [String: Review] = [:]
        for agent in snapshot.agents where agent.status == .done && agent.review == nil {
            decisions[agent.name] = try reviewer.map {
                try OrchestratorReview(workspace: workspace, configuration: configuration, command: $0)
                    .decide(agent, session: snapshot.session, head: Integration.work(of: agent, in: repository))
            } ?? Review(decision: .approve, reason: nil, by: person, at: Date())
        }
        if !decisions.isEmpty { snapshot = try record(decisions) }
        let sentBack = decisions.filter { $0.value.decision == .requestChanges }.map { ($0.key, $0.value.reason ?? "") }.sorted { $0.0 < $1.0 }

        var eligible: [AgentRecord] = [], notMerged: [(String, String)] = []
        var mergeable = Set(snapshot.agents.filter { $0.status == .merged }.map(\.name))
        var leftOut: [AgentRecord] = []
        for agent in snapshot.agents where agent.status != .merged {
            if let why = try Self.whyNotMerged(agent, mergeable: mergeable)
                ?? Self.holdsWork(of: leftOut, agent, onto: tip, in: repository) {
                notMerged.append((agent.name, why))
                leftOut.append(agent)
            } else {
                eligible.append(agent)
                mergeable.insert(agent.name)
            }
        }
        let integration = try Integration.build(repository, onto: tip, agents: eligible)
        if let conflict = integration.conflicts.first {
            throw AgentsError.conflicts(
                "\(conflict.agent) conflicts with \(target) (or with the agents merged before it) in \(conflict.paths.joined(separator: ", ")); nothing was merged",
                hint: "see git agents conflicts; resolve it (git agents resolve --agent \(conflict.agent)), then merge again")
        }
        let integrationBranch = "agents/\(sessionID)/integration"
        let branch = strategy == .manual ? integrationBranch : target
        var commit: OID?
        if !eligible.isEmpty, try !integration.isEmpty(repository) || strategy == .manual {
            let made = try integration.commit(message: Self.message(snapshot.session, integration.merged), in: repository)
            if try configuration.bool("agents.requireTests") == true {
                try runTests(configuration, on: made, beside: integration.merged[0].worktree)
            }
            if strategy == .manual {
                let current = try repository.referenceTarget("refs/heads/" + integrationBranch)
                try repository.updateReference("refs/heads/" + integrationBranch, to: made, expected: current,
                                               message: "git-agents: integration of session \(sessionID)")
            } else {
                try TargetUpdate.move(target, from: tip, to: made, in: workspace, message: "merge session \(sessionID)")
            }
            commit = made
        }
        let merged = integration.merged
        if !merged.isEmpty || commit != nil { snapshot = try recordMerge(merged, commit: commit, branch: branch, reopen: !sentBack.isEmpty) }
        if let commit { try? writeNote(on: commit, snapshot: snapshot, merged: merged, branch: branch) }
        if !sentBack.isEmpty { try Supervision.launch(workspace, session: sessionID) }
        let reviewed = merged.compactMap { snapshot.agent($0.name) }
        return MergeReport(session: sessionID, target: target, strategy: strategy.rawValue, commit: commit, branch: branch,
                           merged: reviewed, sentBack: sentBack, notMerged: notMerged,
                           pullRequest: try commit.flatMap { try pullRequest?.open($0, agents: reviewed) })
    }

    /// A manual session merged already whose pull request could not be opened (a push that failed, say): the
    /// integration branch is pushed and the request opened again; nothing else changes.
    private func pullRequestAgain(_ snapshot: SessionSnapshot, strategy: MergeStrategy,
                                  configuration: Configuration) throws -> MergeReport? {
        let branch = "agents/\(sessionID)/integration"
        guard snapshot.session.state == .merged, strategy == .manual,
              let commit = try workspace.repository.referenceTarget("refs/heads/" + branch) else { return nil }
        let target = snapshot.session.into
        let merged = snapshot.agents.filter { $0.status == .merged }
        let pullRequest = try PullRequest(workspace: workspace, configuration: configuration, sessionID: sessionID, target: target)
        return MergeReport(session: sessionID, target: target, strategy: strategy.rawValue, commit: commit, branch: branch,
                           merged: merged, sentBack: [], notMerged: [], pullRequest: try pullRequest.open(commit, agents: merged))
    }

    /// `agents.requireTests`: the test command passes on the integrated result, or nothing is merged. Its output
    /// goes into the record either way (`logs/integration-tests.log`).
    private func runTests(_ configuration: Configuration, on commit: OID, beside worktree: String) throws {
        guard let command = try configuration.command("agents.testCommand") else {
            throw AgentsError.usage("agents.requireTests is true but agents.testCommand is not set; nothing was merged",
                                    hint: "set it, e.g. git config agents.testCommand \"npm test\"")
        }
        let timeout = try configuration.duration("agents.timeout") ?? 30 * 60
        let outcome = try IntegrationTests(workspace: workspace, sessionID: sessionID)
            .run(command, on: commit, beside: worktree, timeout: timeout)
        let verdict = outcome.passed ? "passed" : outcome.timedOut ? "timed out after \(Units.elapsed(timeout))"
            : "failed (exit status \(outcome.exitCode))"
        try store.update(sessionID, activity: "tests (\(command)) \(verdict) on the integrated result \(commit.short)") { document in
            let earlier = try document.tree.data(at: "logs/integration-tests.log") ?? Data()
            document.tree.set(earlier + outcome.log, at: "logs/integration-tests.log")
        }
        guard outcome.passed else {
            throw AgentsError.failed("the tests (\(command)) \(verdict) on the integrated result; nothing was merged",
                                     hint: "their output: git show refs/agents/sessions/\(sessionID):logs/integration-tests.log")
        }
    }

    /// Merging waits until no agent is working; a session merged or cleaned already has nothing to merge.
    static func requireEnded(_ snapshot: SessionSnapshot) throws {
        let id = snapshot.session.id
        let working = snapshot.agents.filter { !$0.status.isFinal }.map(\.name)
        guard working.isEmpty, [.done, .failed, .stopped].contains(snapshot.session.state) else {
            switch snapshot.session.state {
            case .merged: throw AgentsError.usage("session \(id) is merged already", hint: "see git log --first-parent \(snapshot.session.into)")
            case .cleaned: throw AgentsError.usage("session \(id) was cleaned up", hint: "start a new session for more work")
            default:
                throw AgentsError.usage("agents of session \(id) are still working (\(working.joined(separator: ", ")))",
                                        hint: "wait for them (git agents status --watch) or stop them, then merge")
            }
        }
    }

    /// Why a finished agent is not merged now; nil when it is approved and all it depends on is (or will be) merged.
    static func whyNotMerged(_ agent: AgentRecord, mergeable: Set<String>) -> String? {
        switch agent.status {
        case .done where agent.review?.decision == .approve: break
        case .done: return agent.review.map { "\($0.decision) by \($0.by)" } ?? "not reviewed"
        case .rejected: return "rejected" + (agent.review?.reason.map { ": \($0)" } ?? "")
        case .changesRequested: return "changes requested; it runs again"
        case .blocked: return agent.reason ?? "it is blocked"
        default: return "it \(agent.status == .failed ? "failed" : "is \(agent.status)")"
        }
        if let missing = agent.dependsOn.first(where: { !mergeable.contains($0) }) {
            return "it depends on \(missing), which is not merged"
        }
        return nil
    }

    /// An agent whose branch holds work of an agent left out (a resolution merged it in, say) would bring
    /// that work in too: it is left out as well, saying whose.
    static func holdsWork(of leftOut: [AgentRecord], _ agent: AgentRecord, onto tip: OID, in repository: Repository) throws -> String? {
        let head = Integration.work(of: agent, in: repository)
        for other in leftOut {
            let theirs = Integration.work(of: other, in: repository)
            if try repository.isAncestor(theirs, of: head), try !repository.isAncestor(theirs, of: tip) {
                return "its branch holds the work of \(other.name), which is not merged"
            }
        }
        return nil
    }

    static func message(_ session: SessionInfo, _ agents: [AgentRecord]) -> String {
        let subject = session.task.split(whereSeparator: \.isNewline).first.map(String.init) ?? session.task
        let lines = agents.map { "- \($0.name) (\($0.role)): \($0.title)" }.joined(separator: "\n")
        return "feat: \(subject)\n\nMerged by git agents from session \(session.id):\n\(lines)\n"
    }

    private func record(_ decisions: [String: Review]) throws -> SessionSnapshot {
        let summary = decisions.sorted { $0.key < $1.key }.map { name, review in
            review.decision == .approve ? "\(name) approved by \(review.by)" : "\(name): changes requested by \(review.by): \(review.reason ?? "")"
        }.joined(separator: "; ")
        return try store.update(sessionID, activity: "review: \(summary)") { document in
            for (name, review) in decisions {
                if review.decision == .approve {
                    document.transition(name) { try $0.approve(review) }
                } else if document.transition(name, { try $0.requestChanges(review) }) {
                    try Self.appendFeedback(review.reason ?? "", to: name, in: &document)
                }
            }
        }
    }

    private func recordMerge(_ merged: [AgentRecord], commit: OID?, branch: String, reopen: Bool) throws -> SessionSnapshot {
        let into = commit.map { " into \(branch) as \($0.short)" } ?? " (already in \(branch))"
        return try store.update(sessionID, activity: "merged \(merged.map(\.name).joined(separator: ", "))\(into)") { document in
            for agent in merged { document.transition(agent.name) { try $0.merged(at: Date()) } }
            if reopen {
                document.transitionSession { try $0.reopen() }
            } else {
                document.transitionSession { try $0.merged() }
            }
        }
    }

    /// Feedback is appended to the agent's prompt on its next run (settings.json, `feedback`).
    static func appendFeedback(_ feedback: String, to agent: String, in document: inout SessionDocument) throws {
        var settings = try RunSettings.read(from: document.tree)
        settings.agents[agent]?.feedback.append(feedback)
        document.tree.set(try RecordJSON.encode(settings), at: RunSettings.path)
    }

    /// Provenance on the integration commit: the session, the agents merged and their review decisions.
    private func writeNote(on commit: OID, snapshot: SessionSnapshot, merged: [AgentRecord], branch: String) throws {
        let note = IntegrationNote(session: sessionID, task: snapshot.session.task, branch: branch,
                                   agents: merged.map { agent in
                                       .init(name: agent.name, role: agent.role, head: Integration.work(of: agent, in: workspace.repository).hex,
                                             review: snapshot.agent(agent.name)?.review)
                                   })
        let line = String(decoding: try JSONEncoder.compact.encode(note), as: UTF8.self)
        try workspace.repository.updateNote(on: commit, notesRef: AgentFinisher.notesRef) { existing in
            ((existing ?? "").split(separator: "\n").map(String.init) + [line]).joined(separator: "\n") + "\n"
        }
    }
}

/// The note on an integration commit (one JSON line; see docs/data-model.md).
struct IntegrationNote: Encodable {
    struct Agent: Encodable {
        let name: String
        let role: String
        let head: String
        let review: Review?
    }

    let version = 1
    let kind = "integration"
    let session: String
    let task: String
    let branch: String
    let agents: [Agent]
}
