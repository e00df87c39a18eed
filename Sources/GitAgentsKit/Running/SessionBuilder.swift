// Makes the agents' branches and worktrees (worktrees in parallel), copies ignored files, runs setup;
// remembers what it made so a failure can remove all of it.
import Foundation
import GitKit

struct SessionBuilder {
    let workspace: Workspace
    let sessionID: String
    private var branches: [(name: String, at: OID)] = []
    private var worktrees: [(name: String, path: String)] = []

    init(workspace: Workspace, sessionID: String) {
        self.workspace = workspace
        self.sessionID = sessionID
    }

    mutating func build(_ agents: [AgentRecord], copy: [String], from sourceRoot: String, setup: String?) throws {
        for agent in agents {
            try workspace.repository.createBranch(agent.branch, at: agent.base)
            branches.append((agent.branch, agent.base))
        }
        let planned = agents.map { (name: URL(fileURLWithPath: $0.worktree).lastPathComponent, path: $0.worktree, agent: $0) }
        worktrees = planned.map { ($0.name, $0.path) }
        // Made here, not by GitKit, so that a failure names the folder and its cause in plain words.
        for folder in Set(planned.map { ($0.path as NSString).deletingLastPathComponent }) {
            try FileProblem.guarding("create", folder) {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
        }
        let commonDir = workspace.commonDir, sessionID = sessionID
        let checkoutThreads = Self.checkoutThreads(forWorktrees: planned.count)
        let failures = Parallel.map(planned) { item -> AgentsError? in
            do {
                // Each thread needs its own repository handle: libgit2 handles are not shared across threads.
                let repository = try Repository.open(at: commonDir)
                try repository.addWorktree(name: item.name, path: item.path, branch: "refs/heads/" + item.agent.branch,
                                           checkoutThreads: checkoutThreads)
                try Self.copyIgnored(copy, from: sourceRoot, to: item.path)
                if let setup { try Self.runSetup(setup, in: item.path, agent: item.agent, session: sessionID) }
                return nil
            } catch {
                let message = "could not create the worktree of \(item.agent.name): \(AgentFinisher.brief(error))"
                let hint = "nothing was kept; fix the cause and start again"
                // A refused configuration stays a usage error (exit 2), whichever worktree found it.
                if case .usage = error as? AgentsError { return .usage(message, hint: hint) }
                return .failed(message, hint: hint)
            }
        }
        if let failure = failures.compactMap({ $0 }).first { throw failure }
    }

    /// Threads for each worktree's checkout when `count` are made at once: the cores left over, so that one
    /// worktree uses every core and many worktrees one each (a checkout is mostly CPU: libgit2's bookkeeping).
    static func checkoutThreads(forWorktrees count: Int) -> Int {
        max(1, ProcessInfo.processInfo.activeProcessorCount / max(1, count))
    }

    /// `agents.copy`: files git ignores (like `.env`) that an agent still needs, copied from where `start` ran.
    /// Both sides are checked link by link: a committed symlink must not make the copy read a file outside the
    /// repository, nor delete or overwrite one outside the new worktree.
    static func copyIgnored(_ paths: [String], from sourceRoot: String, to worktree: String) throws {
        for path in paths {
            // A worktree's `.git` is git's, not a file to copy: replacing it would cut the worktree off.
            guard !path.split(separator: "/").contains(where: { $0.lowercased() == ".git" }) else {
                throw AgentsError.usage("agents.copy names \(path), which is git's own folder",
                                        hint: "list files git ignores, like .env; never .git")
            }
            try ContainedPath.check(path, in: sourceRoot, for: "agents.copy")
            try ContainedPath.check(path, in: worktree, for: "agents.copy")
            let source = sourceRoot + "/" + path, target = worktree + "/" + path
            guard FileManager.default.fileExists(atPath: source) else { continue }
            try FileProblem.guarding("copy \(source) to", target) {
                try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent,
                                                        withIntermediateDirectories: true)
                // removeItem on a link removes the link itself, never what it points to.
                if (try? FileManager.default.attributesOfItem(atPath: target)) != nil {
                    try FileManager.default.removeItem(atPath: target)
                }
                try FileManager.default.copyItem(atPath: source, toPath: target)
            }
        }
    }

    /// `agents.setup` is a trusted command line written by the user (like a git alias with `!`): run by `sh -c`.
    /// The task text is not part of it; it reaches setup only through the environment.
    static func runSetup(_ setup: String, in worktree: String, agent: AgentRecord, session: String) throws {
        let environment = AgentEnvironment.variables(session: session, agent: agent, settings: nil, artifacts: nil)
        let pid = try Spawn.start(["/bin/sh", "-c", setup], directory: worktree, environment: environment,
                                  stdout: STDERR_FILENO, stderr: STDERR_FILENO)
        let status = Spawn.wait(pid)
        guard status == 0 else {
            throw AgentsError.failed("agents.setup (\(setup)) exited with status \(status) in \(worktree)")
        }
    }

    /// Removes every worktree and branch made so far (used when `start` fails half-way).
    func rollBack() {
        guard let repository = try? Repository.open(at: workspace.commonDir) else { return }
        for worktree in worktrees {
            try? repository.pruneWorktree(name: worktree.name, deleteFolder: true)
            if FileManager.default.fileExists(atPath: worktree.path),
               (try? FileManager.default.contentsOfDirectory(atPath: worktree.path))?.contains(".git") ?? false {
                try? FileManager.default.removeItem(atPath: worktree.path)
            }
        }
        for branch in branches { try? repository.deleteBranch(branch.name, expected: branch.at) }
        try? FileManager.default.removeItem(atPath: RuntimeFolder(workspace, session: sessionID).path)
    }
}

enum Parallel {
    /// Runs `body` for every item on its own thread and returns the results in order.
    static func map<Item: Sendable, Result: Sendable>(_ items: [Item],
                                                      _ body: @escaping @Sendable (Item) -> Result) -> [Result] {
        let results = Results<Result>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            results.set(index, body(items[index]))
        }
        return results.values
    }

    private final class Results<Value>: @unchecked Sendable {
        private var storage: [Value?]
        private let lock = NSLock()

        init(count: Int) { storage = Array(repeating: nil, count: count) }

        func set(_ index: Int, _ value: Value) {
            lock.lock()
            storage[index] = value
            lock.unlock()
        }

        var values: [Value] { storage.map { $0! } }
    }
}
