// A merge left open in a linked worktree by libgit2, with `git` as the witness: unmerged paths, markers as git
// writes them, MERGE_HEAD, and `git add` resolving what libgit2 then stages and commits.
import Foundation
import GitKit
import Testing
import TestSupport

@Suite(.scratchRepository)
struct MergeInWorktreeTests {
    let scratch = ScratchRepository.current

    /// `feature` and `main` both rewrite README.md; `feature` also adds a file of its own. The worktree at
    /// `path` has `feature` checked out.
    func conflictingBranches() throws -> (repository: Repository, path: String) {
        try scratch.git("branch", "feature")
        try "main's line\n".write(toFile: scratch.path + "/README.md", atomically: true, encoding: .utf8)
        try scratch.git("commit", "--quiet", "-am", "main: README")
        let path = scratch.root + "/worktrees/resolve"
        try Repository.open(at: scratch.path).addWorktree(name: "resolve", path: path, branch: "refs/heads/feature")
        try "feature's line\n".write(toFile: path + "/README.md", atomically: true, encoding: .utf8)
        try "new\n".write(toFile: path + "/own.txt", atomically: true, encoding: .utf8)
        try scratch.git("add", "-A", in: path)
        try scratch.git("commit", "--quiet", "-m", "feature: README and own.txt", in: path)
        return (try Repository.open(at: path), path)
    }

    @Test func aConflictedMergeIsLeftAsGitLeavesIt() throws {
        let (worktree, path) = try conflictingBranches()
        let main = try scratch.git("rev-parse", "main")

        let merged = try worktree.mergeIntoWorktree(branch: "refs/heads/main")

        #expect(merged.hex == main)
        #expect(try worktree.mergeHead()?.hex == main)
        #expect(try worktree.unmergedPaths() == ["README.md"])
        #expect(try scratch.git("diff", "--name-only", "--diff-filter=U", in: path) == "README.md")
        #expect(try scratch.git("status", "--porcelain=v2", in: path).contains("u UU N... "))
        #expect(try scratch.git("status", in: path).contains("You have unmerged paths"))
        let gitDir = try scratch.git("rev-parse", "--absolute-git-dir", in: path)
        #expect(try String(contentsOfFile: gitDir + "/MERGE_HEAD", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) == main)
        #expect(try worktree.preparedMessage()?.hasPrefix("Merge branch 'main'") == true)
        let marked = try String(contentsOfFile: path + "/README.md", encoding: .utf8)
        #expect(marked == "<<<<<<< HEAD\nfeature's line\n=======\nmain's line\n>>>>>>> main\n", "\(marked)")

        try "both lines\n".write(toFile: path + "/README.md", atomically: true, encoding: .utf8)
        try scratch.git("add", "README.md", in: path)
        #expect(try worktree.unmergedPaths().isEmpty)
        let staged = try worktree.stageEverything()
        #expect(try scratch.git("show", ":README.md", in: path) == "both lines", "the resolution is what is staged")
        #expect(try worktree.treeFiles(staged.tree).keys.sorted() == ["README.md", "own.txt"])
    }

    @Test func addingEverythingResolvesConflictStages() throws {
        let (worktree, path) = try conflictingBranches()
        try worktree.mergeIntoWorktree(branch: "refs/heads/main")
        try "resolved\n".write(toFile: path + "/README.md", atomically: true, encoding: .utf8)

        let staged = try worktree.stageEverything()

        #expect(try worktree.unmergedPaths().isEmpty)
        #expect(try scratch.git("diff", "--name-only", "--diff-filter=U", in: path) == "")
        let blob = try #require(try worktree.treeFiles(staged.tree)["README.md"]).blob
        #expect(String(decoding: try worktree.readBlob(blob), as: UTF8.self) == "resolved\n")
    }

    @Test func noMergeInProgressHasNoMergeHead() throws {
        let repository = try Repository.open(at: scratch.path)
        #expect(try repository.mergeHead() == nil)
        #expect(try repository.preparedMessage() == nil)
        #expect(try repository.unmergedPaths().isEmpty)
    }

    @Test func theHeadsOfAnOctopusAndOfAFetchAreReadAsGitWroteThem() throws {
        for branch in ["one", "two"] {
            try scratch.git("checkout", "--quiet", "-b", branch, "main")
            try "\(branch)\n".write(toFile: scratch.path + "/\(branch).txt", atomically: false, encoding: .utf8)
            try scratch.git("add", "\(branch).txt")
            try scratch.git("commit", "--quiet", "-m", branch)
        }
        try scratch.git("checkout", "--quiet", "main")
        let repository = try Repository.open(at: scratch.path)
        #expect(try repository.mergeHeads().isEmpty && repository.fetchHeadsForMerge().isEmpty)

        // An octopus stopped before its commit (--no-commit) leaves both heads in MERGE_HEAD.
        try scratch.git("merge", "--quiet", "--no-commit", "--no-ff", "one", "two")
        let heads = [try scratch.git("rev-parse", "one"), try scratch.git("rev-parse", "two")].compactMap(OID.init(hex:))
        #expect(try repository.mergeHeads() == heads)
        try scratch.git("merge", "--abort")

        // `git fetch . one two` marks both for merging.
        try scratch.git("fetch", "--quiet", ".", "one", "two")
        let fetched = try repository.fetchHeadsForMerge()
        #expect(fetched.map(\.id) == heads && fetched.map(\.ref) == ["refs/heads/one", "refs/heads/two"], "\(fetched)")
    }
}
