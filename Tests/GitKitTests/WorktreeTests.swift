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

    /// Adding a worktree that exists already (same name, folder and branch — two `recreate`s racing) fails
    /// and leaves the existing one, with its uncommitted work, exactly as it was.
    @Test(arguments: [1, 2])
    func aFailedAddNeverRemovesTheWorktreeAlreadyThere(threads: Int) throws {
        try scratch.git("branch", "feature")
        let repository = try Repository.open(at: scratch.path)
        let path = scratch.root + "/worktrees/feature"
        try repository.addWorktree(name: "feature", path: path, branch: "refs/heads/feature")
        try "mine\n".write(toFile: path + "/uncommitted.txt", atomically: true, encoding: .utf8)

        #expect(throws: GitError.self) {
            try repository.addWorktree(name: "feature", path: path, branch: "refs/heads/feature", checkoutThreads: threads)
        }

        #expect(FileManager.default.contents(atPath: path + "/uncommitted.txt") == Data("mine\n".utf8))
        #expect(try gitWorktrees().map(\.path) == [scratch.path, path])
        #expect(try scratch.git("status", "--porcelain", in: path) == "?? uncommitted.txt")
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

/// A large worktree checked out by several threads is the worktree `git worktree add` makes: the same index
/// (stat data included: `git diff-files` reads it before anything refreshes it), bytes, modes and links.
@Suite(.scratchRepository)
struct SplitCheckoutTests {
    let scratch = ScratchRepository.current

    /// 1,300 files in nested folders, an executable, links (to a file, to a folder, dangling), and a file and a
    /// folder whose names sort next to each other (`a.b`, `a/`, `a-c`).
    func commitManyFiles() throws {
        for folder in 0..<26 {
            for file in 0..<50 { try scratch.write("folder \(folder) file \(file)\n", to: "src/d\(folder)/sub\(file % 3)/f\(file).txt") }
        }
        for name in ["a.b", "a/inner", "a-c", "a0"] { try scratch.write(name + "\n", to: name) }
        try scratch.write("#!/bin/sh\necho built\n", to: "tools/build.sh")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: scratch.path + "/tools/build.sh")
        try FileManager.default.createSymbolicLink(atPath: scratch.path + "/src/link.txt", withDestinationPath: "d0/sub0/f0.txt")
        try FileManager.default.createSymbolicLink(atPath: scratch.path + "/src/folder-link", withDestinationPath: "d1")
        try FileManager.default.createSymbolicLink(atPath: scratch.path + "/dangling", withDestinationPath: "nowhere")
        try scratch.git("add", "-A")
        try scratch.git("commit", "--quiet", "-m", "many files")
    }

    /// Checks out `branch` on up to 3 threads and requires `expected` threads, and the same index, bytes, modes
    /// and links as git's own worktree of it; returns the paths git lists.
    @discardableResult
    func requireSameAsGit(branch: String, threads expected: Int, name: String) throws -> [String] {
        let repository = try Repository.open(at: scratch.path)
        let ours = scratch.root + "/worktrees/\(name)", theirs = scratch.root + "/worktrees/\(name)-witness"
        try scratch.git("branch", name, branch)
        let threads = try repository.addWorktree(name: name, path: ours, branch: "refs/heads/" + name, checkoutThreads: 3)
        try scratch.git("worktree", "add", "--quiet", "--detach", theirs, branch)
        #expect(threads == expected)
        #expect(try scratch.git("diff-files", "--name-only", in: ours) == "")
        #expect(try scratch.git("ls-files", "-s", in: ours) == scratch.git("ls-files", "-s", in: theirs))
        #expect(try scratch.git("status", "--porcelain", in: ours) == "")
        let manager = FileManager.default
        let paths = try scratch.git("ls-files", in: theirs).split(separator: "\n").map(String.init)
        for path in paths {
            let mine = ours + "/" + path, git = theirs + "/" + path
            #expect((try? manager.destinationOfSymbolicLink(atPath: mine)) == (try? manager.destinationOfSymbolicLink(atPath: git)),
                    "link \(path)")
            #expect(manager.isExecutableFile(atPath: mine) == manager.isExecutableFile(atPath: git), "mode of \(path)")
            #expect(manager.contents(atPath: mine) == manager.contents(atPath: git), "bytes of \(path)")
        }
        return paths
    }

    @Test func aWorktreeWrittenByThreeThreadsIsTheOneGitMakes() throws {
        try commitManyFiles()
        // 1,309 files give two parts of at least 500.
        #expect(try requireSameAsGit(branch: "main", threads: 2, name: "agent").count == 1_309)
    }

    /// Where a split could differ from one checkout — a backslash in a path (libgit2 reads it as an escape in the
    /// parts' common prefix), submodules (their paths are parsed as patterns), core.ignorecase — one thread
    /// writes everything.
    @Test func pathsASplitCouldMisreadAreCheckedOutByOneThread() throws {
        try commitManyFiles()
        for file in 0..<10 { try scratch.write("escaped \(file)\n", to: "b\\c/f\(file).txt") }
        try scratch.git("add", "-A")
        try scratch.git("commit", "--quiet", "-m", "a folder with a backslash")
        try requireSameAsGit(branch: "main", threads: 1, name: "backslash")
        #expect(FileManager.default.fileExists(atPath: scratch.root + "/worktrees/backslash/b\\c/f9.txt"))

        try scratch.git("rm", "-r", "--quiet", "b\\c")
        let head = try scratch.git("rev-parse", "HEAD")
        for module in ["#hash", "!bang", "vendor/module"] {
            try scratch.git("update-index", "--add", "--cacheinfo", "160000,\(head),\(module)")
        }
        try scratch.git("commit", "--quiet", "-m", "submodules")
        try requireSameAsGit(branch: "main", threads: 1, name: "submodules")

        try scratch.git("rm", "--quiet", "--cached", "#hash", "!bang", "vendor/module")
        try scratch.git("commit", "--quiet", "-m", "no submodules")
        try scratch.git("config", "core.ignorecase", "true")
        try requireSameAsGit(branch: "main", threads: 1, name: "ignorecase")
        try scratch.git("config", "core.ignorecase", "false")
        try requireSameAsGit(branch: "main", threads: 2, name: "split")
    }

    /// A checkout that fails half-way (a path libgit2 refuses to write) leaves no folder, no registration and
    /// no admin folder, with threads or without: a half-written worktree would read as deleted files.
    @Test(arguments: [1, 3])
    func aFailedCheckoutLeavesNothing(threads: Int) throws {
        try commitManyFiles()
        let blob = try scratch.git("hash-object", "-w", "--stdin", input: "not a repository\n")
        let folder = try scratch.git("mktree", input: "100644 blob \(blob)\t.git\n")
        let root = try scratch.git("mktree", input: try scratch.git("ls-tree", "HEAD") + "\n040000 tree \(folder)\tzz\n")
        try scratch.git("branch", "refused", try scratch.git("commit-tree", root, "-p", "HEAD", "-m", "refused path"))
        let repository = try Repository.open(at: scratch.path)
        let path = scratch.root + "/worktrees/refused"

        #expect(throws: GitError.self) {
            try repository.addWorktree(name: "refused", path: path, branch: "refs/heads/refused", checkoutThreads: threads)
        }

        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(!FileManager.default.fileExists(atPath: scratch.gitDir + "/worktrees/refused"))
        #expect(try scratch.git("worktree", "list", "--porcelain").components(separatedBy: "\n\n").count == 1)
    }

    @Test func aSmallTreeOrOneWithAttributesIsCheckedOutByOneThread() throws {
        try scratch.git("branch", "small")
        let repository = try Repository.open(at: scratch.path)
        #expect(try repository.addWorktree(name: "small", path: scratch.root + "/small", branch: "refs/heads/small",
                                           checkoutThreads: 4) == 1)
        try commitManyFiles()
        try scratch.write("*.txt text\n", to: ".gitattributes")
        try scratch.git("add", ".gitattributes")
        try scratch.git("commit", "--quiet", "-m", "attributes")
        try scratch.git("branch", "converting")
        let path = scratch.root + "/converting"
        #expect(try repository.addWorktree(name: "converting", path: path, branch: "refs/heads/converting",
                                           checkoutThreads: 4) == 1)
        #expect(try scratch.git("status", "--porcelain", in: path) == "")
    }
}
