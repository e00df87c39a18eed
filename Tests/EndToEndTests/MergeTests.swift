// `git agents review` and `git agents merge` as a user runs them, with the git CLI as the witness of what
// landed on the target branch — and of what did not, when the merge was refused.
import Foundation
import Testing

@Suite("Review and merge", .timeLimit(.minutes(3)))
struct MergeTests {
    /// Four agents in the seed's dependency order, each committing a file of its own, all finished.
    func finishedSession(_ fixture: SessionFixture, strategy: String? = nil) throws -> String {
        try fixture.role("database")
        try fixture.role("api", dependsOn: ["database"])
        try fixture.role("frontend", dependsOn: ["api"])
        try fixture.role("testing", dependsOn: ["api", "frontend"])
        var arguments = ["start", "Build a user profile feature", "--agent-cmd", try fixture.succeedingAgent(sleep: 0) + " {prompt}", "--wait"]
        if let strategy { arguments += ["--strategy", strategy] }
        let start = try fixture.agents(arguments)
        #expect(start.status == 0, "\(start)")
        return try fixture.newestSession()
    }

    @Test func approvingMergesEveryAgentAsOneCommit() throws {
        let fixture = try SessionFixture()
        let id = try finishedSession(fixture)
        let before = try fixture.git(["rev-parse", "main"])

        let review = try fixture.agents("review")
        #expect(review.status == 0, "\(review)")
        #expect(review.stdout.contains("Total: 4 files, 4 additions, 0 deletions"), "\(review)")
        #expect(review.stdout.contains("Conflicts Detected: 0"), "\(review)")
        #expect(try fixture.git(["rev-parse", "main"]) == before, "review moved main")

        let merge = try fixture.agents("merge", "--approve")
        #expect(merge.status == 0, "\(merge)")
        #expect(merge.stdout.contains("All changes merged successfully"), "\(merge)")
        // One commit on the first-parent line, every agent commit reachable, the files in the worktree.
        #expect(try fixture.git(["rev-list", "--first-parent", "--count", "\(before)..main"]) == "1")
        #expect(try fixture.git(["log", "-1", "--format=%s", "main"]) == "feat: Build a user profile feature")
        #expect(try fixture.git(["rev-parse", "main^1"]) == before)
        for agent in ["database", "api", "frontend", "testing"] {
            let branch = "agents/\(id)/\(agent)"
            #expect(try fixture.gitResult(["merge-base", "--is-ancestor", branch, "main"]).status == 0, "\(agent) not in main")
            #expect(FileManager.default.fileExists(atPath: fixture.repo.appendingPathComponent("\(agent).txt").path))
        }
        #expect(try fixture.git(["status", "--porcelain"]).isEmpty)
        let note = try jsonObject(try fixture.git(["notes", "--ref=agents", "show", "main"]))
        #expect(note["kind"] as? String == "integration" && note["session"] as? String == id)
        #expect((note["agents"] as? [[String: Any]])?.count == 4)
        let status = try fixture.status()
        #expect(SessionFixture.sessionState(status) == "merged")
        #expect(SessionFixture.agentRecords(status).allSatisfy { $0["status"] as? String == "merged" })
        #expect((SessionFixture.agent("api", in: status)?["review"] as? [String: Any])?["decision"] as? String == "approve")
        try fixture.expectFsckClean()
        // A second merge has nothing to do.
        #expect(try fixture.agents("merge", "--approve").status == 2)
    }

    @Test func aDirtyCheckedOutTargetIsNeverTouched() throws {
        let fixture = try SessionFixture()
        _ = try finishedSession(fixture)
        let before = try fixture.git(["rev-parse", "main"])
        try fixture.write("my local edit\n", to: "README.md")

        let merge = try fixture.agents("merge", "--approve")
        #expect(merge.status == 1, "\(merge)")
        #expect(merge.stderr.contains("uncommitted changes (README.md)"), "\(merge)")
        #expect(try fixture.git(["rev-parse", "main"]) == before)
        #expect(try String(contentsOf: fixture.repo.appendingPathComponent("README.md"), encoding: .utf8) == "my local edit\n")
        #expect(!FileManager.default.fileExists(atPath: fixture.repo.appendingPathComponent("api.txt").path))
    }

    @Test func aTargetCheckedOutInALinkedWorktreeIsUpdatedThere() throws {
        let fixture = try SessionFixture()
        let id = try finishedSession(fixture)
        // main moves to a linked worktree; the main worktree goes to another branch.
        try fixture.git(["switch", "-q", "-c", "elsewhere"])
        let linked = fixture.root.appendingPathComponent("main-checkout")
        try fixture.git(["worktree", "add", "-q", linked.path, "main"])

        let merge = try fixture.agents("merge", "--approve", "--session", id)
        #expect(merge.status == 0, "\(merge)")
        #expect(FileManager.default.fileExists(atPath: linked.appendingPathComponent("testing.txt").path))
        #expect(try fixture.git(["status", "--porcelain"], in: linked).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: fixture.repo.appendingPathComponent("testing.txt").path))
    }

    @Test func conflictingAgentsMergeNothingAndExitThree() throws {
        let fixture = try SessionFixture()
        _ = try fixture.sameLinesSession()
        let before = try fixture.git(["rev-parse", "main"])
        let review = try fixture.agents("review")
        #expect(review.stdout.contains("Conflicts Detected: 1"), "\(review)")
        let merge = try fixture.agents("merge", "--approve")
        #expect(merge.status == 3, "\(merge)")
        #expect(merge.stderr.contains("README.md"), "\(merge)")
        #expect(try fixture.git(["rev-parse", "main"]) == before)
        #expect(try fixture.git(["status", "--porcelain"]).isEmpty)
    }

    @Test func rejectingAnAgentLeavesItAndWhatDependsOnItOut() throws {
        let fixture = try SessionFixture()
        let id = try finishedSession(fixture)
        let reject = try fixture.agents("merge", "--reject", "frontend", "-m", "wrong framework")
        #expect(reject.status == 0, "\(reject)")
        let merge = try fixture.agents("merge", "--approve")
        #expect(merge.status == 0, "\(merge)")
        #expect(merge.stdout.contains("testing not merged: it depends on frontend, which was rejected"), "\(merge)")
        #expect(try fixture.gitResult(["merge-base", "--is-ancestor", "agents/\(id)/api", "main"]).status == 0)
        #expect(try fixture.gitResult(["merge-base", "--is-ancestor", "agents/\(id)/frontend", "main"]).status != 0)
        #expect(try fixture.gitResult(["rev-parse", "--verify", "agents/\(id)/frontend"]).status == 0, "its branch stays")
        let frontend = try #require(SessionFixture.agent("frontend", in: try fixture.status()))
        #expect(frontend["status"] as? String == "rejected" && (frontend["reason"] as? String)?.contains("wrong framework") == true)
        #expect(SessionFixture.agent("testing", in: try fixture.status())?["status"] as? String == "blocked")
    }

    @Test func rejectingWithForceLeavesTheDependantsAsTheyAre() throws {
        let fixture = try SessionFixture()
        _ = try finishedSession(fixture)
        #expect(try fixture.agents("merge", "--reject", "frontend", "--force").status == 0)
        let status = try fixture.status()
        #expect(SessionFixture.agent("frontend", in: status)?["status"] as? String == "rejected")
        #expect(SessionFixture.agent("testing", in: status)?["status"] as? String == "done")
        // Its work holds frontend's: merge still leaves it out, saying why.
        let merge = try fixture.agents("merge", "--approve")
        #expect(merge.stdout.contains("testing not merged: it depends on frontend, which is not merged"), "\(merge)")
        #expect(try fixture.agents("merge", "--approve", "--force").status == 2)
    }

    @Test func requestedChangesRunTheAgentAgainWithTheFeedback() throws {
        let fixture = try SessionFixture()
        try fixture.role("api")
        let agent = try fixture.script("feedback", """
            printf '%s' "$1" > "$REC/$AGENT.prompt.$(wc -l < "$REC/$AGENT.start" | tr -d ' ')"
            echo "run $(wc -l < "$REC/$AGENT.start")" >> "$AGENT.txt"
            git add -A && git commit -q -m "$AGENT: work"
            exit 0
            """)
        #expect(try fixture.agents("start", "Work", "--agent-cmd", agent + " {prompt}", "--wait").status == 0)
        let id = try fixture.newestSession()
        let send = try fixture.agents("merge", "--request-changes", "api", "-m", "validate the input")
        #expect(send.status == 0, "\(send)")
        let ended = try fixture.waitForEnd(session: id)
        let api = try #require(SessionFixture.agent("api", in: ended))
        #expect(api["status"] as? String == "done" && api["run"] as? Int == 2, "\(api)")
        #expect(fixture.record("api.prompt.2")?.contains("validate the input") == true)
        #expect(fixture.record("api.prompt.1")?.contains("validate the input") == false)
        #expect(try fixture.agents("merge", "--approve").status == 0)
        #expect(try fixture.git(["show", "main:api.txt"]) == "run 1\nrun 2")
    }

    @Test func theOrchestratorsReviewDecidesAndABadAnswerMergesNothing() throws {
        let fixture = try SessionFixture()
        let reviewer = try fixture.script("reviewer", """
            input=$(cat)
            printf '%s\n' "$input" >> "$REC/review-inputs"
            case "$input" in
              *'"agent" : "frontend"'*|*'"agent":"frontend"'*) echo '{"decision": "request-changes", "reason": "add alt text"}' ;;
              *) echo 'Looks good. {"decision": "approve", "reason": "fine"}' ;;
            esac
            """)
        // Set after the start: with an orchestrator, start would ask it for a plan.
        _ = try finishedSession(fixture)
        try fixture.git(["config", "agents.orchestrator", reviewer])
        let merge = try fixture.agents("merge", "--approve")
        #expect(merge.status == 0, "\(merge)")
        #expect(merge.stdout.contains("frontend: changes requested: add alt text"), "\(merge)")
        // The reviewer saw each agent's diff as git prints it.
        #expect(fixture.record("review-inputs")?.contains("+line from api") == true)
        #expect(fixture.record("review-inputs")?.contains("diff --git a/api.txt b/api.txt") == true)
        #expect(merge.stdout.contains("testing not merged"), "\(merge)")
        #expect(try fixture.git(["show", "main:api.txt"]).contains("line from api"))
        #expect(try fixture.gitResult(["cat-file", "-e", "main:frontend.txt"]).status != 0)

        let garbled = try SessionFixture()
        _ = try finishedSession(garbled)
        try garbled.git(["config", "agents.orchestrator", try garbled.script("garbled", "echo 'I think it is fine'")])
        let before = try garbled.git(["rev-parse", "main"])
        let refused = try garbled.agents("merge", "--approve")
        #expect(refused.status == 1 && refused.stderr.contains("has no decision"), "\(refused)")
        #expect(try garbled.git(["rev-parse", "main"]) == before)
    }

    @Test func aCommitLandingOnTheTargetMeanwhileMergesNothing() throws {
        let fixture = try SessionFixture()
        // The reviewer commits on main while it "reviews": the merge was prepared on the old tip.
        let reviewer = try fixture.script("busy-reviewer", """
            cat > /dev/null
            if [ ! -e "$REC/landed" ]; then
              touch "$REC/landed"
              git -C '\(fixture.repo.path)' commit -q --allow-empty -m "someone else's commit"
            fi
            echo '{"decision": "approve"}'
            """)
        _ = try finishedSession(fixture)
        try fixture.git(["config", "agents.orchestrator", reviewer])
        let merge = try fixture.agents("merge", "--approve")
        #expect(merge.status == 1, "\(merge)")
        #expect(merge.stderr.contains("moved while the merge was prepared"), "\(merge)")
        #expect(try fixture.git(["log", "-1", "--format=%s", "main"]) == "someone else's commit")
        // Tried again, it merges onto the new tip.
        #expect(try fixture.agents("merge", "--approve").status == 0)
        #expect(try fixture.git(["log", "-1", "--format=%s", "main^1"]) == "someone else's commit")
    }

    @Test func theManualStrategyWritesTheIntegrationBranchOnly() throws {
        let fixture = try SessionFixture()
        let id = try finishedSession(fixture, strategy: "manual")
        let before = try fixture.git(["rev-parse", "main"])
        let merge = try fixture.agents("merge", "--approve")
        #expect(merge.status == 0, "\(merge)")
        #expect(try fixture.git(["rev-parse", "main"]) == before)
        let integration = "agents/\(id)/integration"
        #expect(try fixture.git(["rev-parse", "\(integration)^1"]) == before)
        #expect(try fixture.git(["show", "\(integration):testing.txt"]).contains("line from testing"))
    }

    @Test func theAutoStrategyMergesWhenEveryAgentIsDone() throws {
        let fixture = try SessionFixture()
        let before = try fixture.git(["rev-parse", "main"])
        let id = try finishedSession(fixture, strategy: "auto")
        let status = try fixture.status()
        #expect(SessionFixture.sessionState(status) == "merged", "\(SessionFixture.activity(status))")
        #expect(try fixture.git(["rev-parse", "main^1"]) == before)
        #expect(try fixture.gitResult(["merge-base", "--is-ancestor", "agents/\(id)/testing", "main"]).status == 0)
        #expect(SessionFixture.activity(status).contains { $0.hasPrefix("auto-merge: merged into main") })
    }

    @Test func failingTestsKeepTheTargetWhereItWas() throws {
        let fixture = try SessionFixture()
        try fixture.git(["config", "agents.requireTests", "true"])
        try fixture.git(["config", "agents.testCommand", "test -e testing.txt && echo 'all 3 tests fail' && exit 1"])
        let before = try fixture.git(["rev-parse", "main"])
        try fixture.role("database")
        try fixture.role("testing", dependsOn: ["database"])
        let start = try fixture.agents(["start", "Build", "--agent-cmd", try fixture.succeedingAgent(sleep: 0) + " {prompt}",
                                        "--strategy", "auto", "--wait"])
        #expect(start.status == 1, "the refused auto-merge is the session's outcome: \(start)")
        #expect(start.stdout.contains("auto-merge refused: the tests"), "\(start)")
        let id = try fixture.newestSession()
        #expect(try fixture.git(["rev-parse", "main"]) == before)
        #expect(try fixture.git(["show", "refs/agents/sessions/\(id):logs/integration-tests.log"]).contains("all 3 tests fail"))
        // The temporary worktree and branch are gone.
        #expect(try fixture.git(["worktree", "list"]).split(separator: "\n").count == 3)
        #expect(try fixture.gitResult(["rev-parse", "--verify", "agents/\(id)/integration-test"]).status != 0)

        // Tests that pass let the merge through.
        try fixture.git(["config", "agents.testCommand", "test -e testing.txt && test -e database.txt"])
        let merge = try fixture.agents("merge", "--approve")
        #expect(merge.status == 0, "\(merge)")
        #expect(try fixture.git(["rev-parse", "main^1"]) == before)
    }

    @Test func changesToADependencyRestackItsFinishedDependants() throws {
        let fixture = try SessionFixture()
        try fixture.role("database")
        try fixture.role("api", dependsOn: ["database"])
        #expect(try fixture.agents("start", "Build", "--agent-cmd", try fixture.succeedingAgent(sleep: 0) + " {prompt}", "--wait").status == 0)
        let id = try fixture.newestSession()
        let oldApi = try fixture.git(["rev-parse", "agents/\(id)/api"])
        #expect(try fixture.agents("merge", "--request-changes", "database", "-m", "add an index").status == 0)
        let ended = try fixture.waitForEnd(session: id)
        #expect(SessionFixture.agent("api", in: ended)?["status"] as? String == "done")
        // api now stands on database's new work, with its own commit replayed (same message and author).
        let database = try fixture.git(["rev-parse", "agents/\(id)/database"])
        #expect(try fixture.gitResult(["merge-base", "--is-ancestor", database, "agents/\(id)/api"]).status == 0)
        #expect(try fixture.git(["log", "-1", "--format=%s", "agents/\(id)/api"]) == "api: add api.txt")
        #expect(SessionFixture.activity(ended).contains { $0.hasPrefix("api: restacked onto its dependencies' new work") })
        #expect(try fixture.git(["status", "--porcelain"], in: URL(fileURLWithPath: try #require(
            SessionFixture.agent("api", in: ended)?["worktree"] as? String))).isEmpty)
        // The old head stays reachable through the record.
        try fixture.git(["reflog", "expire", "--expire=now", "--all"])
        try fixture.git(["gc", "--quiet", "--prune=now"])
        #expect(try fixture.gitResult(["cat-file", "-e", "\(oldApi)^{commit}"]).status == 0)
        #expect(try fixture.agents("merge", "--approve").status == 0)
        #expect(try fixture.git(["show", "main:database.txt"]) == "line from database\nline from database")
    }

    @Test func aRestackThatConflictsBlocksTheDependant() throws {
        let fixture = try SessionFixture()
        try fixture.role("database")
        try fixture.role("api", dependsOn: ["database"])
        // Both edit the same line of shared.txt: database on each run, api once on top of it.
        let agent = try fixture.script("shared", """
            echo "$AGENT run $(wc -l < "$REC/$AGENT.start" | tr -d ' ')" > shared.txt
            git add shared.txt && git commit -q -m "$AGENT edits shared.txt"
            exit 0
            """)
        #expect(try fixture.agents("start", "Build", "--agent-cmd", agent, "--wait").status == 0)
        let id = try fixture.newestSession()
        let api = try fixture.git(["rev-parse", "agents/\(id)/api"])
        #expect(try fixture.agents("merge", "--request-changes", "database", "-m", "again").status == 0)
        let ended = try fixture.waitForEnd(session: id)
        let record = try #require(SessionFixture.agent("api", in: ended))
        #expect(record["status"] as? String == "blocked", "\(record)")
        #expect((record["reason"] as? String)?.contains("conflicts with the new work in shared.txt") == true, "\(record)")
        #expect(try fixture.git(["rev-parse", "agents/\(id)/api"]) == api, "a failed restack moves nothing")
    }

    @Test func reviewShowsEachAgentItsDecisionAndWhatItTouchedOutsideItsPaths() throws {
        let fixture = try SessionFixture()
        try fixture.git(["config", "role.database.paths", "db"])
        let id = try finishedSession(fixture)
        #expect(try fixture.agents("merge", "--reject", "frontend", "-m", "wrong framework").status == 0)
        let refs = try fixture.git(["for-each-ref", "--format=%(refname) %(objectname)"])
        let status = try fixture.git(["status", "--porcelain"])

        let json = try jsonObject(try fixture.agents("review", "--json").stdout)
        let rows = try #require(json["agents"] as? [[String: Any]])
        #expect(rows.map { $0["agent"] as? String } == ["database", "api", "frontend", "testing"])
        #expect(rows.allSatisfy { $0["files"] as? Int == 1 && $0["added"] as? Int == 1 && $0["deleted"] as? Int == 0 })
        let database = try #require(rows.first)
        // database's role owns db/: its database.txt at the top is outside it.
        #expect(database["outsidePaths"] as? [String] == ["database.txt"])
        let frontend = try #require(rows.first { $0["agent"] as? String == "frontend" })
        #expect((frontend["review"] as? [String: Any])?["decision"] as? String == "reject")
        #expect((rows.last?["notMergedBecause"] as? String)?.contains("frontend") == true)
        #expect((json["totals"] as? [String: Int]) == ["files": 4, "added": 4, "deleted": 0])

        let human = try fixture.agents("review").stdout
        for expected in ["Review Session \(id)", "frontend  1      1            0          rejected  reject (Fixture User)",
                         "database changed files outside its paths (db): database.txt", "Merge Options:",
                         "git agents merge --approve"] {
            #expect(human.contains(expected), "missing \(expected) in:\n\(human)")
        }
        // Review touches nothing: refs, the worktree, and no object lands in the repository for its merge.
        #expect(try fixture.git(["for-each-ref", "--format=%(refname) %(objectname)"]) == refs)
        #expect(try fixture.git(["status", "--porcelain"]) == status)
    }

    @Test func mergeApproveWithFailingRequiredTestsMergesNothing() throws {
        let fixture = try SessionFixture()
        _ = try finishedSession(fixture)
        try fixture.git(["config", "agents.requireTests", "true"])
        try fixture.git(["config", "agents.testCommand", "echo 'tests fail'; exit 1"])
        let before = try fixture.git(["rev-parse", "main"])
        let merge = try fixture.agents("merge", "--approve")
        #expect(merge.status == 1 && merge.stderr.contains("the tests (echo 'tests fail'; exit 1) failed (exit status 1)"), "\(merge)")
        #expect(try fixture.git(["rev-parse", "main"]) == before)
        #expect(try fixture.git(["status", "--porcelain"]).isEmpty)
    }
}
