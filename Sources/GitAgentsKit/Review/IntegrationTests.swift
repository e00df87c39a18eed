// `agents.requireTests`: the integrated result is checked out in a temporary worktree (on a temporary branch)
// and `agents.testCommand` runs there; the target moves only when it passes. The output goes into the record.
import Foundation
import GitKit

struct IntegrationTests {
    let workspace: Workspace
    let sessionID: String

    struct Outcome {
        let passed: Bool
        let exitCode: Int32
        let timedOut: Bool
        let log: Data
    }

    /// Runs `command` (a trusted command line, through `sh -c` like a git alias with `!`) in a worktree of
    /// `commit`, within `timeout`; the worktree and its branch are removed afterwards whatever happens.
    func run(_ command: String, on commit: OID, beside agentWorktree: String, timeout: TimeInterval) throws -> Outcome {
        let repository = workspace.repository
        let branch = "agents/\(sessionID)/integration-test"
        let name = "integration-test-\(sessionID)"
        let folder = (agentWorktree as NSString).deletingLastPathComponent + "/" + name
        guard !FileManager.default.fileExists(atPath: folder) else {
            throw AgentsError.failed("\(folder) exists already (a test run of another merge?)",
                                     hint: "remove it when no merge is running, then merge again")
        }
        // A run killed before it could tidy up leaves its branch: no worktree holds it, so it is ours to drop.
        if let stale = try repository.referenceTarget("refs/heads/" + branch), !(try repository.isCheckedOut(branch: branch)) {
            try repository.deleteBranch(branch, expected: stale)
        }
        try repository.createBranch(branch, at: commit)
        defer {
            try? repository.pruneWorktree(name: name, deleteFolder: true)
            try? repository.deleteBranch(branch, expected: commit)
        }
        try repository.addWorktree(name: name, path: folder, branch: "refs/heads/" + branch)
        let runtime = RuntimeFolder(workspace, session: sessionID)
        try runtime.create()
        let logPath = runtime.path + "/integration-tests.log"
        let log = try RuntimeFile.openForAppend(logPath)
        defer {
            close(log)
            try? FileManager.default.removeItem(atPath: logPath)
        }
        var environment = AgentEnvironment.scrubbed()
        environment["GIT_AGENTS_SESSION"] = sessionID
        let pid = try Spawn.start(["/bin/sh", "-c", command], directory: folder, environment: environment,
                                  stdout: log, stderr: log, grouping: .newProcessGroup)
        let ending = AgentWatch(pid: pid, timeout: timeout, grace: 5, stopMarker: runtime.path + "/integration-tests.stop").wait()
        let output = FileManager.default.contents(atPath: logPath) ?? Data()
        return Outcome(passed: ending.reason == .exited && ending.exitCode == 0, exitCode: ending.exitCode,
                       timedOut: ending.reason == .timedOut, log: output)
    }
}
