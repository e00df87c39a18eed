// The installed hooks driven by the real git: `git merge` (three-way and fast-forward) of a rejected agent
// refused with its override, a hand merge recorded as merged (and cleaned up with agents.autoCleanup),
// `git push` of unapproved work warned about, and `git branch -D` of an agent branch recorded.
import Foundation
import Testing

@Suite("Hooks in plain git", .timeLimit(.minutes(3)))
struct HookBehaviourTests {
    /// A finished session of agents that each commit a file of their own, with the hooks installed.
    func finishedSession(_ fixture: SessionFixture, roles: [String] = ["api"]) throws -> String {
        for role in roles { try fixture.role(role) }
        let start = try fixture.agents("start", "Add endpoints", "--agent-cmd", try fixture.succeedingAgent(sleep: 0), "--wait")
        #expect(start.status == 0, "\(start)")
        try fixture.agents("hooks", "install").requireSuccess()
        return try fixture.newestSession()
    }

    func commitOnMain(_ fixture: SessionFixture) throws {
        try fixture.write("main moved on\n", to: "main.txt")
        try fixture.git(["add", "main.txt"])
        try fixture.git(["commit", "-q", "-m", "main moves on"])
    }

    @Test func aThreeWayMergeOfARejectedAgentIsRefusedUnlessNoVerify() throws {
        let fixture = try SessionFixture()
        let id = try finishedSession(fixture)
        try fixture.agents(["merge", "--reject", "api", "-m", "wrong framework"]).requireSuccess()
        try commitOnMain(fixture)
        let main = try fixture.git(["rev-parse", "main"])

        let refused = try fixture.gitResult(["merge", "--no-edit", "agents/\(id)/api"])
        #expect(refused.status != 0, "\(refused)")
        let line = refused.stderr.split(separator: "\n").first { $0.hasPrefix("git-agents:") }.map(String.init) ?? ""
        #expect(line.contains("api of session \(id) is rejected: wrong framework") && line.contains("--no-verify"), "\(refused)")
        // git suggests concluding the refused merge with `git commit`: that is refused too.
        let concluded = try fixture.gitResult(["commit", "--no-edit"])
        #expect(concluded.status != 0 && concluded.stderr.contains("git -c agents.reviewGate=false commit"), "\(concluded)")
        try fixture.git(["merge", "--abort"])
        #expect(try fixture.git(["rev-parse", "main"]) == main)

        // --no-verify skips pre-merge-commit; the branch update that follows is not refused again.
        let forced = try fixture.gitResult(["merge", "--no-verify", "--no-edit", "agents/\(id)/api"])
        #expect(forced.status == 0, "\(forced)")
        #expect(try fixture.git(["rev-parse", "main^1"]) == main)
        #expect(try fixture.git(["rev-parse", "main^2"]) == (try fixture.git(["rev-parse", "agents/\(id)/api"])))
        // Said once: a later merge into main that brings nothing of the session's in says nothing more.
        try fixture.git(["switch", "-q", "-c", "topic", "main~1"])
        try fixture.write("topic\n", to: "topic.txt")
        try fixture.git(["add", "topic.txt"])
        try fixture.git(["commit", "-q", "-m", "topic"])
        try fixture.git(["switch", "-q", "main"])
        try fixture.git(["merge", "-q", "--no-edit", "topic"])
        let activity = try fixture.history(id)
        #expect(activity.filter { $0.contains("not approved but merged: api") }.count == 1, "\(activity)")
    }

    @Test func aFastForwardOntoARejectedAgentIsRefusedUnlessTheGateIsOff() throws {
        let fixture = try SessionFixture()
        let id = try finishedSession(fixture)
        try fixture.agents(["merge", "--reject", "api"]).requireSuccess()
        let main = try fixture.git(["rev-parse", "main"])

        let refused = try fixture.gitResult(["merge", "--ff-only", "agents/\(id)/api"])
        #expect(refused.status != 0, "\(refused)")
        #expect(refused.stderr.contains("is rejected") && refused.stderr.contains("git -c agents.reviewGate=false merge"), "\(refused)")
        #expect(try fixture.git(["rev-parse", "main"]) == main)
        #expect(try fixture.git(["status", "--porcelain"]).isEmpty)
        // A pull merges what it fetched (FETCH_HEAD): refused the same way.
        let pulled = try fixture.gitResult(["pull", "--ff-only", ".", "agents/\(id)/api"])
        #expect(pulled.status != 0 && pulled.stderr.contains("is rejected"), "\(pulled)")
        #expect(try fixture.git(["rev-parse", "main"]) == main)

        let forced = try fixture.gitResult(["-c", "agents.reviewGate=false", "merge", "--ff-only", "agents/\(id)/api"])
        #expect(forced.status == 0, "\(forced)")
        #expect(try fixture.git(["rev-parse", "main"]) == (try fixture.git(["rev-parse", "agents/\(id)/api"])))
    }

    @Test func aHandMergeMarksTheAgentMergedAndCleansItUp() throws {
        let fixture = try SessionFixture()
        let id = try finishedSession(fixture, roles: ["api", "docs"])
        try fixture.git(["config", "agents.autoCleanup", "true"])
        let worktree = try #require(SessionFixture.agent("api", in: try fixture.status(session: id))?["worktree"] as? String)

        // A fast-forward: no merge commit, no pre-merge-commit, post-merge still runs.
        let first = try fixture.gitResult(["merge", "--no-edit", "agents/\(id)/api"])
        #expect(first.status == 0 && first.stderr.contains("api merged into main"), "\(first)")
        var status = try fixture.status(session: id)
        #expect(SessionFixture.agent("api", in: status)?["status"] as? String == "merged")
        #expect(SessionFixture.agent("docs", in: status)?["status"] as? String == "done")
        #expect(SessionFixture.sessionState(status) == "done")
        #expect(!FileManager.default.fileExists(atPath: worktree), "the merged agent's worktree is still there")
        #expect(try fixture.gitResult(["rev-parse", "--verify", "-q", "agents/\(id)/api"]).status != 0)
        #expect(try fixture.gitResult(["rev-parse", "--verify", "-q", "agents/\(id)/docs"]).status == 0)

        // A three-way merge this time; the last agent merged makes the session merged, and cleanup archives it.
        let second = try fixture.gitResult(["merge", "--no-edit", "agents/\(id)/docs"])
        #expect(second.status == 0, "\(second)")
        status = try fixture.status(session: id)
        #expect(SessionFixture.agentRecords(status).allSatisfy { $0["status"] as? String == "merged" }, "\(status)")
        #expect(SessionFixture.sessionState(status) == "cleaned", "\(status)")
        #expect(try fixture.gitResult(["rev-parse", "--verify", "-q", "refs/agents/archive/\(id)"]).status == 0)
        try fixture.expectFsckClean()
    }

    @Test func pushingUnapprovedWorkWarnsAndTheSessionsGoAlong() throws {
        let fixture = try SessionFixture()
        let id = try finishedSession(fixture)
        let remote = fixture.root.appendingPathComponent("remote.git")
        try fixture.git(["init", "-q", "--bare", remote.path])
        try fixture.git(["remote", "add", "origin", remote.path])

        let push = try fixture.gitResult(["push", "origin", "agents/\(id)/api"])
        #expect(push.status == 0, "\(push)")
        #expect(push.stderr.contains("pushing agents/\(id)/api to origin: agent api of session \(id) is done, not approved"), "\(push)")
        #expect(try fixture.git(["--git-dir", remote.path, "rev-parse", "agents/\(id)/api"])
            == (try fixture.git(["rev-parse", "agents/\(id)/api"])))

        try fixture.git(["config", "agents.pushSessions", "true"])
        let along = try fixture.gitResult(["push", "origin", "main"])
        #expect(along.status == 0, "\(along)")
        // The hook ran `git agents push origin`: this clone's sessions are on the remote under its clone name.
        let clone = try fixture.git(["config", "agents.cloneName"])
        #expect(try fixture.git(["--git-dir", remote.path, "for-each-ref", "refs/agents/clones/\(clone)/sessions/"]).contains(id),
                "\(along)")
    }

    @Test func anAgentBranchDeletedByHandIsRecordedAndItsWorkKept() throws {
        let fixture = try SessionFixture()
        let id = try finishedSession(fixture)
        let tip = try fixture.git(["rev-parse", "agents/\(id)/api"])
        let worktree = try #require(SessionFixture.agent("api", in: try fixture.status(session: id))?["worktree"] as? String)
        try fixture.git(["worktree", "remove", worktree])
        try fixture.git(["pack-refs", "--all"])
        #expect(!(try fixture.history(id)).contains { $0.contains("deleted by hand") }, "pack-refs counted as a deletion")

        try fixture.git(["branch", "-D", "agents/\(id)/api"])
        let activity = try fixture.history(id)
        #expect(activity.contains { $0.contains("api: branch agents/\(id)/api deleted by hand; its tip \(tip.prefix(7))") }, "\(activity)")
        #expect(try fixture.gitResult(["merge-base", "--is-ancestor", tip, "refs/agents/sessions/\(id)"]).status == 0)
        try fixture.git(["gc", "-q", "--prune=now"])
        #expect(try fixture.git(["cat-file", "-t", tip]) == "commit")
    }

    @Test func aFailureInsideOurHookNeverStopsGit() throws {
        let fixture = try SessionFixture()
        let id = try finishedSession(fixture)
        let worktree = try #require(SessionFixture.agent("api", in: try fixture.status(session: id))?["worktree"] as? String)
        try fixture.git(["worktree", "remove", worktree])
        // The runtime folder's `deleting` is a file: the prepared hook cannot note the tip there.
        try fixture.write("in the way\n", to: ".git/agents/deleting")

        let delete = try fixture.gitResult(["branch", "-D", "agents/\(id)/api"])
        #expect(delete.status == 0, "\(delete)")
        #expect(delete.stderr.contains("warning: git-agents reference-transaction hook"), "\(delete)")
        #expect(try fixture.gitResult(["rev-parse", "--verify", "-q", "agents/\(id)/api"]).status != 0)
        // The record still hears of it, from the head it knew.
        #expect(try fixture.history(id).contains { $0.contains("deleted by hand") })
    }
}
