// `git agents resolve --auto`: the orchestrator command edits the conflicted files of a resolution worktree in
// place; its result is accepted only when no conflict marker is left (and, with agents.requireTests, the tests
// pass on it), then recorded as --continue records a person's. Otherwise the worktree is removed: nothing changes.
import Foundation
import GitKit

/// What `resolve --auto` did for one agent.
public struct AutoResolutionOutcome: Sendable {
    public enum Result: Sendable {
        case resolved(FinishedResolution)
        /// Nothing changed, for this reason.
        case refused(String)
        /// The agent does not conflict with the target.
        case clean
        /// A person's resolution is open: it is theirs, not touched.
        case skipped(String)
    }

    public let agent: String
    public let result: Result
}

public struct AutoResolution {
    let resolution: Resolution

    public init(workspace: Workspace, sessionID: String) {
        resolution = Resolution(workspace: workspace, sessionID: sessionID)
    }

    /// What the orchestrator gets on stdin (and, framed, as its prompt).
    struct Request: Encodable {
        struct File: Encodable {
            let path: String
            /// The file as the worktree holds it, with git's conflict markers.
            let marked: String?
        }

        let task: String
        let agent: String
        let role: String
        let assignment: String
        let target: String
        let files: [File]
    }

    /// Enough of a file to resolve it without flooding a model's context; the file itself is whole on disk.
    static let maxFileBytes = 200_000

    /// Resolves `agent`, or every finished agent that conflicts with the target.
    public func run(agent: String?) throws -> [AutoResolutionOutcome] {
        let workspace = resolution.workspace
        let configuration = try Configuration.load(workspace)
        var tests: String?
        if try configuration.bool("agents.requireTests") == true {
            tests = try configuration.command("agents.testCommand")
            guard tests != nil else {
                throw AgentsError.usage("agents.requireTests is true but agents.testCommand is not set; nothing was changed",
                                        hint: "set it, e.g. git config agents.testCommand \"npm test\"")
            }
        }
        guard let command = try configuration.command("agents.orchestrator") else {
            throw AgentsError.usage("resolve --auto needs an orchestrator command, and agents.orchestrator is not set",
                                    hint: "set it (git config agents.orchestrator \"claude -p {prompt}\"), or resolve by hand: git agents resolve --agent A")
        }
        let snapshot = try SessionStore(repository: workspace.repository).load(resolution.sessionID)
        let names = try agent.map { [try resolution.finishedAgent($0).0.name] } ?? snapshot.agents.filter { $0.status == .done }.map(\.name)
        var outcomes: [AutoResolutionOutcome] = []
        for name in names {
            if let open = resolution.openWorktree(of: name) {
                guard agent == nil else {
                    throw AgentsError.failed("a resolution of \(name) is open already in \(open)",
                                             hint: "finish it there (git agents resolve --agent \(name) --continue) or give it up (--abort)")
                }
                outcomes.append(.init(agent: name, result: .skipped("a resolution is open in \(open); finish or abort it there")))
                continue
            }
            guard let opened = try resolution.open(name) else {
                outcomes.append(.init(agent: name, result: .clean))
                continue
            }
            do {
                outcomes.append(.init(agent: name, result: try resolve(opened, snapshot: snapshot, command: command, tests: tests, configuration: configuration)))
            } catch {
                try? resolution.remove(name, folder: opened.path)
                throw error
            }
        }
        return outcomes
    }

    private func resolve(_ opened: OpenedResolution, snapshot: SessionSnapshot, command: String, tests: String?,
                         configuration: Configuration) throws -> AutoResolutionOutcome.Result {
        let name = opened.agent
        let agent = snapshot.agent(name)!
        let files = opened.conflicted.map { path in
            Request.File(path: path, marked: FileManager.default.contents(atPath: opened.path + "/" + path)
                .map { String(decoding: $0.prefix(Self.maxFileBytes), as: UTF8.self) })
        }
        let input = try RecordJSON.encode(Request(task: snapshot.session.task, agent: name, role: agent.role,
                                                  assignment: agent.task, target: opened.target, files: files))
        let prompt = """
        You resolve merge conflicts. The current directory is a git worktree in which \(opened.target) is being \
        merged into the branch of the coding agent "\(name)"; the files listed below hold git's conflict markers \
        (<<<<<<<, =======, >>>>>>>). Edit each of them in place so that it keeps what both sides meant, and remove \
        every conflict marker. Do not commit and do not abort the merge.

        \(String(decoding: input, as: UTF8.self))
        """
        // Run from the resolution worktree: the orchestrator edits the files there.
        _ = try OrchestratorCall.ask(command, prompt: prompt, request: input, configuration: configuration,
                                     in: opened.path, task: snapshot.session.task)

        let marked = Resolution.filesWithMarkers(opened.conflicted, in: opened.path)
        guard marked.isEmpty else {
            try resolution.remove(name, folder: opened.path)
            return .refused("the orchestrator left conflict markers in \(marked.joined(separator: ", "))")
        }
        _ = try Repository.open(at: opened.path).stageEverything()
        do {
            return .resolved(try resolution.finish(name, by: "the orchestrator") { commit in
                if let tests { try runTests(tests, on: commit, beside: agent.worktree, configuration: configuration) }
            })
        } catch let error as AgentsError {
            try resolution.remove(name, folder: opened.path)
            return .refused(error.message)
        }
    }

    /// The test command on the resolution, in a worktree of its own; a failure refuses it.
    private func runTests(_ command: String, on commit: OID, beside worktree: String, configuration: Configuration) throws {
        let timeout = try configuration.duration("agents.timeout") ?? 30 * 60
        let outcome = try IntegrationTests(workspace: resolution.workspace, sessionID: resolution.sessionID)
            .run(command, on: commit, beside: worktree, timeout: timeout)
        guard outcome.passed else {
            let verdict = outcome.timedOut ? "timed out after \(Units.elapsed(timeout))" : "failed (exit status \(outcome.exitCode))"
            let tail = String(decoding: outcome.log, as: UTF8.self).split(separator: "\n").suffix(3).joined(separator: "\n")
            throw AgentsError.failed("the tests (\(command)) \(verdict) on the orchestrator's resolution" + (tail.isEmpty ? "" : ":\n" + tail))
        }
    }
}
