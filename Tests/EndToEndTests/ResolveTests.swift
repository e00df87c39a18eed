// `git agents resolve` as a person and as the orchestrator use it, with the git CLI as the witness: the
// resolution worktree git sees as a merge in progress, the merge commit on the agent's branch, and nothing
// changed when a resolution is refused or given up.
import Foundation
import Testing

@Suite("git agents resolve", .timeLimit(.minutes(10)))
struct ResolveTests {
    /// `api` rewrites README.md, `docs` adds a file; then main rewrites README.md too: api conflicts with main.
    func conflictingSession(_ fixture: SessionFixture) throws -> String {
        try fixture.role("api", command: try fixture.script("readme", """
            echo "api's README" > README.md
            git commit -q -am "$AGENT: README"
            exit 0
            """))
        try fixture.role("docs", command: try fixture.succeedingAgent(sleep: 0) + " {prompt}")
        let start = try fixture.agents("start", "Edit", "--wait")
        #expect(start.status == 0, "\(start)")
        try fixture.write("main's README\n", to: "README.md")
        try fixture.git(["commit", "-q", "-am", "main: README"])
        return try fixture.newestSession()
    }

    var resolutionFolder: (SessionFixture) -> URL { { $0.worktrees.appendingPathComponent("resolve-api") } }

    /// Refs, worktrees and the agents' record: what a refused or given-up resolution must leave as it was.
    func state(_ fixture: SessionFixture, _ id: String) throws -> String {
        [try fixture.git(["for-each-ref", "--format=%(refname) %(objectname)"]),
         try fixture.git(["worktree", "list", "--porcelain"]),
         try fixture.git(["status", "--porcelain"])].joined(separator: "\n")
    }

    @Test func aPersonResolvesByHandAndTheMergeThenGoesThrough() throws {
        let fixture = try SessionFixture()
        let id = try conflictingSession(fixture)
        let folder = resolutionFolder(fixture)
        let head = try fixture.git(["rev-parse", "agents/\(id)/api"])
        #expect(try fixture.agents("review").stdout.contains("Conflicts Detected: 1"))

        let open = try fixture.agents("resolve", "--agent", "api")
        #expect(open.status == 0, "\(open)")
        #expect(open.stdout.contains("cd \(folder.path)") && open.stdout.contains("README.md"), "\(open)")
        #expect(open.stdout.contains("git agents resolve --agent api --continue"), "\(open)")
        // A merge in progress, as git itself would have left it.
        #expect(try fixture.git(["status"], in: folder).contains("You have unmerged paths"))
        #expect(try fixture.git(["diff", "--name-only", "--diff-filter=U"], in: folder) == "README.md")
        #expect(try fixture.git(["status", "--porcelain=v2"], in: folder).contains("u UU N... "))
        #expect(try fixture.git(["rev-parse", "MERGE_HEAD"], in: folder) == (try fixture.git(["rev-parse", "main"])))
        let marked = try String(contentsOf: folder.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(marked == "<<<<<<< HEAD\napi's README\n=======\nmain's README\n>>>>>>> main\n", "\(marked)")

        // Refused while unmerged, and while markers remain after git add.
        let unmerged = try fixture.agents("resolve", "--agent", "api", "--continue")
        #expect(unmerged.status == 3 && unmerged.stderr.contains("unmerged paths remain"), "\(unmerged)")
        try fixture.git(["add", "README.md"], in: folder)
        let markers = try fixture.agents("resolve", "--agent", "api", "--continue")
        #expect(markers.status == 3 && markers.stderr.contains("conflict markers remain in README.md"), "\(markers)")
        #expect(try fixture.git(["rev-parse", "agents/\(id)/api"]) == head)

        try fixture.write("api's and main's README\n", to: "README.md", in: folder)
        try fixture.git(["add", "README.md"], in: folder)
        let done = try fixture.agents("resolve", "--agent", "api", "--continue")
        #expect(done.status == 0, "\(done)")

        // A merge commit on api's branch, api's worktree on it, the resolution worktree and branch gone.
        let branch = "agents/\(id)/api"
        #expect(try fixture.git(["rev-parse", "\(branch)^1"]) == head)
        #expect(try fixture.git(["rev-parse", "\(branch)^2"]) == (try fixture.git(["rev-parse", "main"])))
        let status = try fixture.status()
        let api = try #require(SessionFixture.agent("api", in: status))
        let worktree = URL(fileURLWithPath: try #require(api["worktree"] as? String))
        #expect(try String(contentsOf: worktree.appendingPathComponent("README.md"), encoding: .utf8) == "api's and main's README\n")
        #expect(try fixture.git(["status", "--porcelain"], in: worktree).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: folder.path))
        #expect(try fixture.gitResult(["rev-parse", "--verify", "agents/\(id)/resolve-api"]).status != 0)
        #expect(!(try fixture.git(["worktree", "list"])).contains("resolve-api"))
        // The record: the new head, still done, one activity line.
        #expect(api["head"] as? String == (try fixture.git(["rev-parse", branch])) && api["status"] as? String == "done")
        #expect(SessionFixture.activity(status).contains { $0.hasPrefix("api: conflicts with main resolved by Fixture User as ") })

        let review = try fixture.agents("review")
        #expect(review.stdout.contains("Conflicts Detected: 0"), "\(review)")
        let merge = try fixture.agents("merge", "--approve")
        #expect(merge.status == 0, "\(merge)")
        #expect(try fixture.git(["show", "main:README.md"]) == "api's and main's README")
        try fixture.expectFsckClean()
    }

    @Test func gitMergetoolAndGitCommitWorkThere() throws {
        let fixture = try SessionFixture()
        let id = try conflictingSession(fixture)
        let folder = resolutionFolder(fixture)
        #expect(try fixture.agents("resolve", "--agent", "api").status == 0)
        // A merge tool that takes main's side; it leaves README.md.orig behind, as mergetool does by default.
        try fixture.git(["-c", "mergetool.theirs.cmd=cp \"$REMOTE\" \"$MERGED\"", "-c", "mergetool.theirs.trustExitCode=true",
                         "mergetool", "--tool=theirs", "--no-prompt"], in: folder)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("README.md.orig").path))
        // `git commit` concludes the merge, as git status suggests there.
        try fixture.git(["commit", "-q", "--no-edit"], in: folder)
        let committed = try fixture.git(["rev-parse", "HEAD"], in: folder)

        let done = try fixture.agents("resolve", "--agent", "api", "--continue")
        #expect(done.status == 0, "\(done)")
        #expect(try fixture.git(["rev-parse", "agents/\(id)/api"]) == committed)
        #expect(try fixture.git(["log", "-1", "--format=%s", "agents/\(id)/api"]) == "Merge branch 'main'")
        #expect(try fixture.gitResult(["cat-file", "-e", "agents/\(id)/api:README.md.orig"]).status != 0)
        #expect(try fixture.agents("review").stdout.contains("Conflicts Detected: 0"))
    }

    @Test func abortLeavesEverythingAsItWasAndASecondOpenIsRefused() throws {
        let fixture = try SessionFixture()
        let id = try conflictingSession(fixture)
        let before = try state(fixture, id)
        let folder = resolutionFolder(fixture)

        #expect(try fixture.agents("resolve", "--agent", "api").status == 0)
        let again = try fixture.agents("resolve", "--agent", "api")
        #expect(again.status == 1 && again.stderr.contains("open already in \(folder.path)"), "\(again)")
        try fixture.write("half done\n", to: "README.md", in: folder)

        let abort = try fixture.agents("resolve", "--agent", "api", "--abort")
        #expect(abort.status == 0, "\(abort)")
        #expect(try state(fixture, id) == before)
        #expect(!FileManager.default.fileExists(atPath: folder.path))
        #expect(try fixture.agents("resolve", "--agent", "api", "--abort").status == 2)
        // docs does not conflict: nothing is created. A status other than done is refused.
        let clean = try fixture.agents("resolve", "--agent", "docs")
        #expect(clean.status == 0 && clean.stdout.contains("merges cleanly"), "\(clean)")
        #expect(try state(fixture, id) == before)
        #expect(try fixture.agents("merge", "--reject", "docs").status == 0)
        let rejected = try fixture.agents("resolve", "--agent", "docs")
        #expect(rejected.status == 2 && rejected.stderr.contains("docs is rejected"), "\(rejected)")
    }

    @Test func twoAgentsEditingTheSameLinesAreResolvedAgainstEachOther() throws {
        let fixture = try SessionFixture()
        let id = try fixture.sameLinesSession()
        let before = try state(fixture, id)
        // left comes first and merges cleanly onto main: nothing to resolve there.
        let left = try fixture.agents("resolve", "--agent", "left")
        #expect(left.status == 0 && left.stdout.contains("left merges cleanly"), "\(left)")
        #expect(try state(fixture, id) == before)
        // right conflicts with main as left leaves it: that is what its resolution merges.
        let right = try fixture.agents("resolve", "--agent", "right")
        #expect(right.status == 0, "\(right)")
        let folder = fixture.worktrees.appendingPathComponent("resolve-right")
        let marked = try String(contentsOf: folder.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(marked == "<<<<<<< HEAD\nright was here\n=======\nleft was here\n>>>>>>> resolve-right-onto\n", "\(marked)")
        try fixture.write("left and right were here\n", to: "README.md", in: folder)
        try fixture.git(["add", "README.md"], in: folder)
        let done = try fixture.agents("resolve", "--agent", "right", "--continue")
        #expect(done.status == 0, "\(done)")
        #expect(try fixture.gitResult(["rev-parse", "--verify", "agents/\(id)/resolve-right-onto"]).status != 0)
        #expect(try fixture.agents("review").stdout.contains("Conflicts Detected: 0"))
        #expect(try fixture.agents("merge", "--approve").status == 0)
        #expect(try fixture.git(["show", "main:README.md"]) == "left and right were here")
        // --auto needs an orchestrator.
        let auto = try fixture.agents("resolve", "--auto")
        #expect(auto.status == 2 && auto.stderr.contains("agents.orchestrator is not set"), "\(auto)")
    }

    @Test func aDirtyAgentWorktreeBlocksContinueAndNothingIsLost() throws {
        let fixture = try SessionFixture()
        let id = try conflictingSession(fixture)
        let folder = resolutionFolder(fixture)
        let head = try fixture.git(["rev-parse", "agents/\(id)/api"])
        let worktree = URL(fileURLWithPath: try #require(SessionFixture.agent("api", in: try fixture.status())?["worktree"] as? String))
        #expect(try fixture.agents("resolve", "--agent", "api").status == 0)
        try fixture.write("resolved\n", to: "README.md", in: folder)
        try fixture.git(["add", "README.md"], in: folder)
        try fixture.write("my own edit\n", to: "README.md", in: worktree)

        let blocked = try fixture.agents("resolve", "--agent", "api", "--continue")
        #expect(blocked.status == 1 && blocked.stderr.contains("uncommitted changes (README.md)"), "\(blocked)")
        #expect(try fixture.git(["rev-parse", "agents/\(id)/api"]) == head)
        #expect(try String(contentsOf: worktree.appendingPathComponent("README.md"), encoding: .utf8) == "my own edit\n")
        #expect(try String(contentsOf: folder.appendingPathComponent("README.md"), encoding: .utf8) == "resolved\n")

        try fixture.git(["checkout", "--", "README.md"], in: worktree)
        #expect(try fixture.agents("resolve", "--agent", "api", "--continue").status == 0)
        #expect(try fixture.git(["show", "agents/\(id)/api:README.md"]) == "resolved")
    }

    @Test func theOrchestratorsResolutionIsAcceptedOnlyWithoutMarkers() throws {
        let fixture = try SessionFixture()
        let id = try conflictingSession(fixture)
        let before = try state(fixture, id)
        // Leaves the `=======` line: refused, nothing changed.
        try fixture.git(["config", "agents.orchestrator", try fixture.script("sloppy", """
            cat > /dev/null
            sed -i -e '/^<<<<<<< /d' -e '/^>>>>>>> /d' README.md
            """)])
        let refused = try fixture.agents("resolve", "--auto")
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.stdout.contains("the orchestrator left conflict markers in README.md"), "\(refused)")
        #expect(try state(fixture, id) == before)
        #expect(!FileManager.default.fileExists(atPath: resolutionFolder(fixture).path))

        // Removes the markers, and the required tests pass on the result: accepted. It got the marked file.
        try fixture.git(["config", "agents.orchestrator", try fixture.script("careful", """
            cat > "$REC/request.json"
            echo "resolved by the orchestrator" > README.md
            """)])
        try fixture.git(["config", "agents.requireTests", "true"])
        // Failing tests refuse it too.
        try fixture.git(["config", "agents.testCommand", "echo 'README test fails'; exit 1"])
        let failing = try fixture.agents("resolve", "--auto", "--agent", "api")
        #expect(failing.status == 1 && failing.stdout.contains("the tests (echo 'README test fails'; exit 1) failed"), "\(failing)")
        #expect(failing.stdout.contains("\n    README test fails"), "\(failing)")
        #expect(try state(fixture, id) == before)
        try fixture.git(["config", "agents.testCommand", "grep -q orchestrator README.md"])
        let accepted = try fixture.agents("resolve", "--auto")
        #expect(accepted.status == 0, "\(accepted)")
        #expect(accepted.stdout.contains("api: resolved by the orchestrator"), "\(accepted)")
        #expect(fixture.record("request.json")?.contains("<<<<<<< HEAD") == true)
        #expect(try fixture.git(["show", "agents/\(id)/api:README.md"]) == "resolved by the orchestrator")
        #expect(try fixture.git(["rev-parse", "agents/\(id)/api^2"]) == (try fixture.git(["rev-parse", "main"])))
        #expect(try fixture.agents("review").stdout.contains("Conflicts Detected: 0"))
        #expect(try fixture.git(["worktree", "list"]).split(separator: "\n").count == 3)
        try fixture.expectFsckClean()
    }
}
