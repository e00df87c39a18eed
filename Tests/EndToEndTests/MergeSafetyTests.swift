// What a hostile review of merge, resolve and cleanup found, each tried again as a user would: work that must
// not be merged, lost or overwritten, and branches git itself is busy with.
import Foundation
import Testing

@Suite("Merge safety", .timeLimit(.minutes(10)))
struct MergeSafetyTests {
    /// `api` then `ui`, independent, each committing a file of its own; all finished.
    func twoAgents(_ fixture: SessionFixture) throws -> String {
        try fixture.role("api")
        try fixture.role("ui")
        #expect(try fixture.agents("start", "Work", "--agent-cmd", try fixture.succeedingAgent(sleep: 0) + " {prompt}", "--wait").status == 0)
        return try fixture.newestSession()
    }

    @Test func aRejectedAgentsWorkDoesNotComeInThroughAnotherResolution() throws {
        let fixture = try SessionFixture()
        let id = try fixture.sameLinesSession()
        let folder = fixture.worktrees.appendingPathComponent("resolve-right")
        #expect(try fixture.agents("resolve", "--agent", "right").status == 0)
        try fixture.write("right only\n", to: "README.md", in: folder)
        try fixture.git(["add", "README.md"], in: folder)
        #expect(try fixture.agents("resolve", "--agent", "right", "--continue").status == 0)
        // right's branch now holds left's work; left is rejected: right cannot be merged without it.
        #expect(try fixture.agents("merge", "--reject", "left", "-m", "no").status == 0)
        let before = try fixture.git(["rev-parse", "main"])
        let merge = try fixture.agents("merge", "--approve")
        #expect(merge.stdout.contains("right not merged: its branch holds the work of left, which is not merged"), "\(merge)")
        #expect(try fixture.git(["rev-parse", "main"]) == before)
        _ = id
    }

    @Test func aBranchBeingRebasedOrCheckedOutTwiceIsNotMoved() throws {
        let fixture = try SessionFixture()
        _ = try twoAgents(fixture)
        try fixture.write("mine\n", to: "mine.txt")
        try fixture.git(["add", "mine.txt"])
        try fixture.git(["commit", "-q", "-m", "mine"])
        let before = try fixture.git(["rev-parse", "main"])
        // An interactive rebase stopped on `edit`: HEAD is detached, main is git's to move back.
        _ = try Binary.git.run(["rebase", "-i", "HEAD~1"], in: fixture.repo,
                               environment: fixture.environment.merging(["GIT_SEQUENCE_EDITOR": "sed -i s/^pick/edit/"]) { _, new in new })
        let rebasing = try fixture.agents("merge", "--approve")
        #expect(rebasing.status == 1 && rebasing.stderr.contains("being rebased"), "\(rebasing)")
        #expect(try fixture.git(["rev-parse", "main"]) == before)
        try fixture.git(["rebase", "--abort"])

        let second = fixture.root.appendingPathComponent("second")
        try fixture.git(["worktree", "add", "-q", "-f", second.path, "main"])
        let twice = try fixture.agents("merge", "--approve")
        #expect(twice.status == 1 && twice.stderr.contains("checked out in more than one worktree"), "\(twice)")
        #expect(try fixture.git(["rev-parse", "main"]) == before)
    }

    @Test func anIgnoredFileInTheTargetsWorktreeIsNotOverwritten() throws {
        let fixture = try SessionFixture()
        _ = try twoAgents(fixture)
        try fixture.write("my own ui.txt\n", to: "ui.txt")
        try fixture.write("ui.txt\n", to: ".git/info/exclude")
        let before = try fixture.git(["rev-parse", "main"])
        let merge = try fixture.agents("merge", "--approve")
        #expect(merge.status == 1, "\(merge)")
        #expect(try String(contentsOf: fixture.repo.appendingPathComponent("ui.txt"), encoding: .utf8) == "my own ui.txt\n")
        #expect(try fixture.git(["rev-parse", "main"]) == before)
        #expect(try fixture.git(["status", "--porcelain"]).isEmpty)
    }

    @Test func givingUpAResolutionKeepsTheCommitsMadeInIt() throws {
        let fixture = try SessionFixture()
        let id = try fixture.sameLinesSession()
        let folder = fixture.worktrees.appendingPathComponent("resolve-right")
        #expect(try fixture.agents("resolve", "--agent", "right").status == 0)
        try fixture.write("both\n", to: "README.md", in: folder)
        try fixture.git(["commit", "-q", "-am", "the merge"], in: folder)
        try fixture.write("more\n", to: "fix.txt", in: folder)
        try fixture.git(["add", "fix.txt"], in: folder)
        try fixture.git(["commit", "-q", "-m", "follow-up fix"], in: folder)
        let followUp = try fixture.git(["rev-parse", "HEAD"], in: folder)
        // Cleanup leaves an open resolution alone and says so.
        let cleanup = try fixture.agents("cleanup", "--force")
        #expect(cleanup.status == 2 && cleanup.stderr.contains("a resolution of right is open"), "\(cleanup)")
        #expect(try fixture.agents("resolve", "--agent", "right", "--abort").status == 0)
        try fixture.git(["reflog", "expire", "--expire=now", "--all"])
        try fixture.git(["gc", "--quiet", "--prune=now"])
        #expect(try fixture.gitResult(["cat-file", "-e", "\(followUp)^{commit}"]).status == 0)
        #expect(try fixture.history(id).contains { $0.hasPrefix("right: resolution given up; its commits kept") })
    }

    @Test func cleanupKeepsCommitsMadeOnAMergedAgentsBranchAfterTheMerge() throws {
        let fixture = try SessionFixture()
        let id = try twoAgents(fixture)
        #expect(try fixture.agents("merge", "--approve").status == 0)
        let api = try #require(SessionFixture.agent("api", in: try fixture.status())?["worktree"] as? String)
        try fixture.write("after the merge\n", to: "fix.txt", in: URL(fileURLWithPath: api))
        try fixture.git(["add", "fix.txt"], in: URL(fileURLWithPath: api))
        try fixture.git(["commit", "-q", "-m", "my post-merge fix"], in: URL(fileURLWithPath: api))
        let cleanup = try fixture.agents("cleanup")
        #expect(cleanup.status == 1, "\(cleanup)")
        #expect(try fixture.gitResult(["rev-parse", "--verify", "agents/\(id)/api"]).status == 0, "the branch with the fix is kept")
        #expect(try fixture.gitResult(["rev-parse", "--verify", "agents/\(id)/ui"]).status != 0, "the merged one goes")
    }

    @Test func cleanupNeverDeletesARepositoryInsideAnIgnoredFolder() throws {
        let fixture = try SessionFixture()
        try fixture.write("vendor/\n", to: ".gitignore")
        try fixture.git(["add", ".gitignore"])
        try fixture.git(["commit", "-q", "-m", "ignore vendor"])
        let id = try twoAgents(fixture)
        #expect(try fixture.agents("merge", "--approve").status == 0)
        let api = URL(fileURLWithPath: try #require(SessionFixture.agent("api", in: try fixture.status(session: id))?["worktree"] as? String))
        let lib = api.appendingPathComponent("vendor/lib")
        try FileManager.default.createDirectory(at: lib, withIntermediateDirectories: true)
        try fixture.git(["init", "-q", lib.path])
        try fixture.write("x\n", to: "x.txt", in: lib)
        try fixture.git(["add", "x.txt"], in: lib)
        try fixture.git(["commit", "-q", "-m", "history of its own"], in: lib)

        let cleanup = try fixture.agents("cleanup")
        #expect(cleanup.status == 1 && cleanup.stdout.contains("vendor/lib is a git repository inside an ignored folder"), "\(cleanup)")
        #expect(FileManager.default.fileExists(atPath: lib.appendingPathComponent(".git").path))
        let forced = try fixture.agents("cleanup", "--force")
        #expect(forced.status == 0, "\(forced)")
        let aside = try FileManager.default.contentsOfDirectory(atPath: fixture.worktrees.path).filter { $0.hasPrefix("api-001.kept-") }
        #expect(aside.count == 1, "\(aside)")
        let moved = fixture.worktrees.appendingPathComponent(aside.first ?? "").appendingPathComponent("vendor/lib")
        #expect(try fixture.git(["log", "-1", "--format=%s"], in: moved) == "history of its own")
    }
}
