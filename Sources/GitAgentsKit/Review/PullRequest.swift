// The manual strategy's last step (SPEC §6): once `agents/<session>/integration` is written, it is pushed and
// `agents.prCommand` opens the pull request (with `agents.createPullRequest`), or the `git request-pull` text is
// given for a person to send.
import Foundation
import GitKit

/// What became of the integration branch after it was written.
public struct PullRequestOutcome: Sendable, Equatable {
    /// The remote it was pushed to, nil when it was not pushed.
    public let pushedTo: String?
    /// What `agents.prCommand` printed (e.g. the request's URL), nil when none ran.
    public let created: String?
    /// The `git request-pull` text, when no command opened a request.
    public let requestPull: String?
    /// Said when the request-pull text names a remote that does not hold the branch yet.
    public let notOnRemote: String?
}

/// The settings, checked before anything is merged so that a misconfiguration (exit 2) changes nothing.
struct PullRequest {
    let workspace: Workspace
    let sessionID: String
    let target: String
    let create: Bool
    let remote: RemoteInfo?
    let command: PullRequestCommand?

    var branch: String { "agents/\(sessionID)/integration" }

    init(workspace: Workspace, configuration: Configuration, sessionID: String, target: String) throws {
        self.workspace = workspace
        self.sessionID = sessionID
        self.target = target
        create = try configuration.bool("agents.createPullRequest") ?? false
        remote = try Self.remote(workspace.repository, configuration: configuration, target: target)
        command = create ? try configuration.command("agents.prCommand").map(PullRequestCommand.init) : nil
        if create && remote == nil {
            throw AgentsError.usage("agents.createPullRequest is true but there is no remote to push agents/\(sessionID)/integration to",
                                    hint: "set agents.remote, an upstream for \(target), or add one: git remote add origin URL")
        }
    }

    /// `agents.remote`; else the target's upstream remote (`branch.<target>.remote`); else `origin` when it exists.
    static func remote(_ repository: Repository, configuration: Configuration, target: String) throws -> RemoteInfo? {
        if let name = configuration.string("agents.remote"), !name.isEmpty {
            guard let remote = try repository.remote(named: name) else {
                throw AgentsError.usage("agents.remote is \(name), which is not a remote of this repository",
                                        hint: "see git remote -v, then fix agents.remote")
            }
            return remote
        }
        // "." is git's spelling for an upstream in this same repository: not a remote to push to.
        if let upstream = try repository.config().string("branch.\(target).remote"), upstream != ".",
           let remote = try repository.remote(named: upstream) {
            return remote
        }
        return try repository.remote(named: "origin")
    }

    /// Pushes and runs the command, or gives the request-pull text. `agents` are the ones merged, with their reviews.
    func open(_ commit: OID, agents: [AgentRecord]) throws -> PullRequestOutcome {
        let store = SessionStore(repository: workspace.repository)
        var pushedTo: String?
        if create, let remote {
            try push(to: remote)
            try store.update(sessionID, activity: "pushed \(branch) to \(remote.name)") { _ in }
            pushedTo = remote.name
        }
        let info = try workspace.repository.commit(commit)
        if let command {
            let (title, body) = Self.describe(info.message, agents: agents)
            let values = ["branch": branch, "base": target, "title": title, "body": body]
            let output: String
            do {
                output = try command.run(values, in: workspace)
            } catch let error as AgentsError {
                _ = try? store.update(sessionID, activity: "pull request not created: \(error.message)") { _ in }
                let pushed = pushedTo.map { ", pushed to \($0)" } ?? ""
                throw AgentsError.failed(error.message,
                                         hint: "\(branch) stays\(pushed); fix agents.prCommand, then open the request for it onto \(target) yourself")
            }
            try store.update(sessionID, activity: "pull request: \(Self.oneLine(output))") { _ in }
            return PullRequestOutcome(pushedTo: pushedTo, created: output, requestPull: nil, notOnRemote: nil)
        }
        let base = info.parents.first ?? commit
        let text = try requestPull(from: base, url: remote?.url ?? workspace.mainWorktreeRoot)
        return PullRequestOutcome(pushedTo: pushedTo, created: nil, requestPull: text.output,
                                  notOnRemote: text.found || remote == nil ? nil
                                      : "\(branch) is not on \(remote!.name) yet: git push \(remote!.name) \(branch)")
    }

    private func push(to remote: RemoteInfo) throws {
        let then = command == nil ? "git request-pull" : "run the PR command"
        let refspec = "refs/heads/\(branch):refs/heads/\(branch)"
        do {
            try workspace.repository.push(to: remote.name, refspecs: [refspec], credentials: GitCredentialHelper(workspace))
        } catch PushFailure.credentialsNeeded(let url) {
            throw AgentsError.failed("\(remote.name) (\(url)) needs credentials that neither the ssh agent nor git's credential helpers give",
                                     hint: "push \(branch) yourself, then \(then)")
        } catch PushFailure.rejected(_, let reason) {
            throw AgentsError.failed("\(remote.name) refused \(branch): \(reason)",
                                     hint: "push \(branch) yourself, then \(then)")
        } catch let error as GitError where RemoteInfo.isMissingFolder(remote.pushDestination) {
            // libgit2 calls a path that does not exist an "unsupported URL protocol".
            throw AgentsError.failed("\(remote.name) is \(remote.pushDestination), which does not exist (\(error.message))",
                                     hint: "fix the remote's url (git remote set-url \(remote.name) URL), then push \(branch) and \(then)")
        } catch let error as GitError {
            throw AgentsError.failed("pushing \(branch) to \(remote.name) failed: \(error.message)",
                                     hint: "push it yourself, then \(then)")
        }
    }

    /// `git request-pull` (it has no libgit2 equivalent); `found` is false when git says `url` lacks the branch.
    private func requestPull(from base: OID, url: String) throws -> (output: String, found: Bool) {
        guard let git = AgentCLIs.locate("git") else {
            throw AgentsError.failed("git is not on PATH, so the request-pull text cannot be written",
                                     hint: "\(branch) holds the merge; send it as you usually do")
        }
        let result = try CapturedRun.run([git, "request-pull", base.hex, url, branch], in: workspace.mainWorktreeRoot)
        // git prints the text even when the remote lacks the branch; it then warns and exits 1.
        guard !result.stdout.isEmpty else {
            throw AgentsError.failed("git request-pull failed: \(result.lastErrorLine)",
                                     hint: "\(branch) holds the merge; send it as you usually do")
        }
        return (result.stdout, result.status == 0)
    }

    /// The request's title (the integration commit's subject) and body (its body, then each agent's review).
    static func describe(_ message: String, agents: [AgentRecord]) -> (title: String, body: String) {
        let lines = message.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let title = lines.first ?? ""
        var body = lines.dropFirst().joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        let reviews = agents.map { agent in
            let review = agent.review.map { review in
                "\(review.decision.rawValue) by \(review.by)" + (review.reason.map { ": \($0)" } ?? "")
            } ?? "not reviewed"
            return "- \(agent.name) (\(agent.role)): \(review)"
        }
        if !reviews.isEmpty { body += (body.isEmpty ? "" : "\n\n") + "Reviews:\n" + reviews.joined(separator: "\n") }
        return (title, body + "\n")
    }

    /// The command's output as one activity line; a chatty command must not flood the session's history.
    static func oneLine(_ text: String, limit: Int = 300) -> String {
        let line = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
        return line.count > limit ? line.prefix(limit - 1) + "…" : line
    }
}
