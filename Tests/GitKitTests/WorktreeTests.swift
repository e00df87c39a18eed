// Linked worktrees made by libgit2: listed, used and removed by `git worktree`; a failed add leaves nothing.
import Foundation
import GitKit
import Testing
import TestSupport

@Suite(.scratchRepository)
struct WorktreeTests {
    let scratch = ScratchRepository.current

    /// The `worktree <path>` and `branch <ref>` pairs of `git worktree list --porcelain`.
    func gitWorktrees() throws -> [(path: String, branch: String?)] {
        try scratch.git("worktree", "list", "--porcelain").components(separatedBy: "\n\n").map { block in
            let lines = block.split(separator: "\n").map(String.init)
            let path = lines.first { $0.hasPrefix("worktree ") }.map { String($0.dropFirst("worktree ".count)) }
            let branch = lines.first { $0.hasPrefix("branch ") }.map { String($0.dropFirst("branch ".count)) }
            return (path ?? "", branch)
        }
    }

    @Test func addedWorktreeIsUsableByGitAndRemovable() throws {
        try scratch.git("branch", "agents/20260403-001/api")
        let repository = try Repository.open(at: scratch.path)
        let path = scratch.root + "/repo-worktrees/agent-001"

        try repository.addWorktree(name: "agent-001", path: path, branch: "refs/heads/agents/20260403-001/api")

        let listed = try gitWorktrees()
        #expect(listed.map(\.path) == [scratch.path, path])
        #expect(listed.last?.branch == "refs/heads/agents/20260403-001/api")
        #expect(FileManager.default.fileExists(atPath: path + "/README.md"))
        #expect(try scratch.git("status", "--porcelain", in: path) == "")
        let info = try #require(try repository.worktrees().first)
        #expect((info.name, info.path, info.isValid, info.isLocked) == ("agent-001", path, true, false))

        try scratch.git("worktree", "remove", path)

        #expect(try gitWorktrees().map(\.path) == [scratch.path])
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(try repository.worktrees().isEmpty)
    }

    @Test func commitsInTheWorktreeMoveItsBranch() throws {
        try scratch.git("branch", "feature")
        let repository = try Repository.open(at: scratch.path)
        let path = scratch.root + "/worktrees/feature"
        try repository.addWorktree(name: "feature", path: path, branch: "refs/heads/feature")

        try scratch.git("commit", "--quiet", "--allow-empty", "-m", "work in worktree", in: path)

        #expect(try scratch.git("log", "-1", "--format=%s", "feature") == "work in worktree")
        #expect(try scratch.git("log", "-1", "--format=%s", "main") == "initial commit")
    }

    @Test func failedAddLeavesNoAdministrativeFolder() throws {
        let repository = try Repository.open(at: scratch.path)
        let path = scratch.root + "/worktrees/duplicate"

        // `main` is checked out in the main worktree already (libgit2 checks this before making any folder).
        #expect(throws: GitError.self) {
            try repository.addWorktree(name: "duplicate", path: path, branch: "refs/heads/main")
        }

        #expect(!FileManager.default.fileExists(atPath: scratch.gitDir + "/worktrees/duplicate"))
        #expect(try gitWorktrees().map(\.path) == [scratch.path])
        #expect(try repository.worktrees().isEmpty)
        try scratch.git("worktree", "prune")
        try scratch.git("branch", "retry")
        try repository.addWorktree(name: "duplicate", path: path, branch: "refs/heads/retry")
        #expect(try repository.worktrees().map(\.name) == ["duplicate"])
    }

    /// libgit2 makes `.git/worktrees/<name>` before it finds the folder taken; addWorktree must remove it.
    @Test func failedAddOntoAnExistingFolderLeavesNoAdministrativeFolder() throws {
        try scratch.git("branch", "feature")
        let repository = try Repository.open(at: scratch.path)
        let path = scratch.root + "/worktrees/taken"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try "someone else's\n".write(toFile: path + "/notes.txt", atomically: true, encoding: .utf8)

        #expect(throws: GitError.self) {
            try repository.addWorktree(name: "taken", path: path, branch: "refs/heads/feature")
        }

        #expect(!FileManager.default.fileExists(atPath: scratch.gitDir + "/worktrees/taken"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: path) == ["notes.txt"])
        #expect(try gitWorktrees().map(\.path) == [scratch.path])
        try FileManager.default.removeItem(atPath: path)
        try repository.addWorktree(name: "taken", path: path, branch: "refs/heads/feature")
        #expect(try repository.worktrees().map(\.name) == ["taken"])
    }

    @Test func addWithAMissingBranchThrowsNotFound() throws {
        let repository = try Repository.open(at: scratch.path)
        let error = try #require(throws: GitError.self) {
            try repository.addWorktree(name: "ghost", path: scratch.root + "/worktrees/ghost", branch: "refs/heads/ghost")
        }
        #expect(error.code == .notFound)
        #expect(!FileManager.default.fileExists(atPath: scratch.gitDir + "/worktrees/ghost"))
    }

    @Test func pruneRemovesTheWorktreeAndItsFolder() throws {
        try scratch.git("branch", "feature")
        let repository = try Repository.open(at: scratch.path)
        let path = scratch.root + "/worktrees/feature"
        try repository.addWorktree(name: "feature", path: path, branch: "refs/heads/feature")

        try repository.pruneWorktree(name: "feature", deleteFolder: true)

        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(try gitWorktrees().map(\.path) == [scratch.path])
        #expect(try scratch.git("branch", "--list", "feature") == "feature")
    }

    @Test func worktreeWithItsFolderGoneIsInvalid() throws {
        try scratch.git("branch", "feature")
        let repository = try Repository.open(at: scratch.path)
        let path = scratch.root + "/worktrees/feature"
        try repository.addWorktree(name: "feature", path: path, branch: "refs/heads/feature")

        try FileManager.default.removeItem(atPath: path)

        #expect(try repository.worktrees().map(\.isValid) == [false])
        // git reports what it would prune on stderr.
        #expect(try scratch.run(["worktree", "prune", "--dry-run", "--verbose"]).error.contains("worktrees/feature"))
    }
}
