// The installed hooks where a demanding user pushes on them: a git-agents on PATH that fails, crashes or is too
// old never stops git; `git pack-refs` of many branches starts no git-agents; a squash merge of rejected work is
// refused at its commit; a --no-ff merge obeys --no-verify; our hook with a person's edits is neither
// overwritten nor removed; hooks are not written into the project's own files (core.hooksPath in the worktree).
import Foundation
import Testing

@Suite("Hooks under a demanding user", .timeLimit(.minutes(3)))
struct HookRobustnessTests {
    /// Puts a stand-in `git-agents` on the fixture's PATH in place of the real one.
    func standIn(_ fixture: SessionFixture, _ body: String) throws {
        let url = fixture.bin.appendingPathComponent("git-agents")
        try FileManager.default.removeItem(at: url)
        try ("#!/bin/sh\n" + body + "\n").write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
    }

    func commit(_ fixture: SessionFixture, _ file: String) throws {
        try fixture.write(file + "\n", to: file)
        try fixture.git(["add", file])
        try fixture.git(["commit", "-q", "-m", file])
    }

    /// A finished session whose agent `api` was rejected ("wrong framework"), with the hooks installed.
    func rejectedAgent(_ fixture: SessionFixture) throws -> String {
        try fixture.role("api")
        let start = try fixture.agents("start", "Add endpoints", "--agent-cmd", try fixture.succeedingAgent(sleep: 0), "--wait")
        #expect(start.status == 0, "\(start)")
        try fixture.agents("hooks", "install").requireSuccess()
        try fixture.agents(["merge", "--reject", "api", "-m", "wrong framework"]).requireSuccess()
        return try fixture.newestSession()
    }

    @Test func aGitAgentsThatFailsCrashesOrIsTooOldNeverStopsGit() throws {
        let fixture = try SessionFixture()
        try fixture.agents("hooks", "install").requireSuccess()
        let remote = fixture.root.appendingPathComponent("remote.git")
        try fixture.git(["init", "-q", "--bare", remote.path])
        // 2: an older git-agents without `hook` (a usage error); 134: a crash.
        for status in [2, 134] {
            try standIn(fixture, "cat >/dev/null; exit \(status)")
            try fixture.git(["switch", "-q", "-c", "topic\(status)"])
            try commit(fixture, "topic\(status).txt")
            try fixture.git(["switch", "-q", "-c", "fast\(status)", "main"])
            try fixture.git(["merge", "-q", "--ff-only", "topic\(status)"])
            try fixture.git(["switch", "-q", "main"])
            try commit(fixture, "main\(status).txt")
            let merged = try fixture.gitResult(["merge", "-q", "--no-edit", "topic\(status)"])
            #expect(merged.status == 0, "\(merged)")
            let deleted = try fixture.gitResult(["branch", "-D", "topic\(status)"])
            #expect(deleted.status == 0, "\(deleted)")
            let pushed = try fixture.gitResult(["push", "-q", remote.path, "main"])
            #expect(pushed.status == 0, "\(pushed)")
        }
    }

    @Test func packingManyBranchesStartsNoGitAgents() throws {
        let fixture = try SessionFixture()
        try fixture.agents("hooks", "install").requireSuccess()
        let started = fixture.records.appendingPathComponent("started")
        try standIn(fixture, "cat >/dev/null; echo \"$*\" >> '\(started.path)'")
        let linked = fixture.root.appendingPathComponent("linked")
        try fixture.git(["worktree", "add", "-q", "--detach", linked.path])
        for index in 1...10 { try fixture.git(["branch", "loose\(index)"]) }
        try fixture.git(["pack-refs", "--all"])
        // From a linked worktree too: packed-refs is in the common folder.
        for index in 11...20 { try fixture.git(["branch", "loose\(index)"]) }
        try fixture.git(["pack-refs", "--all"], in: linked)
        #expect(!FileManager.default.fileExists(atPath: started.path),
                "\((try? String(contentsOf: started, encoding: .utf8)) ?? "")")

        // A branch really deleted still reaches git-agents.
        try fixture.git(["branch", "-D", "loose1"])
        #expect(((try? String(contentsOf: started, encoding: .utf8)) ?? "").contains("hook reference-transaction committed"))
    }

    @Test func aSquashMergeOfARejectedAgentIsRefusedAtItsCommit() throws {
        let fixture = try SessionFixture()
        let id = try rejectedAgent(fixture)
        try commit(fixture, "main.txt")
        let main = try fixture.git(["rev-parse", "main"])

        try fixture.git(["merge", "-q", "--squash", "agents/\(id)/api"])
        let refused = try fixture.gitResult(["commit", "-q", "-m", "squashed"])
        #expect(refused.status != 0, "\(refused)")
        #expect(refused.stderr.contains("api of session \(id) is rejected: wrong framework")
                && refused.stderr.contains("git -c agents.reviewGate=false commit"), "\(refused)")
        #expect(try fixture.git(["rev-parse", "main"]) == main)

        let forced = try fixture.gitResult(["-c", "agents.reviewGate=false", "commit", "-q", "-m", "squashed"])
        #expect(forced.status == 0, "\(forced)")
        #expect(try fixture.git(["rev-parse", "main~1"]) == main)
    }

    @Test func aNoFastForwardMergeIsLeftToPreMergeCommitAndItsNoVerify() throws {
        let fixture = try SessionFixture()
        let id = try rejectedAgent(fixture)
        let main = try fixture.git(["rev-parse", "main"])

        // main could fast-forward onto the agent; --no-ff makes a merge commit, which pre-merge-commit refuses.
        let refused = try fixture.gitResult(["merge", "--no-ff", "--no-edit", "agents/\(id)/api"])
        #expect(refused.status != 0 && refused.stderr.contains("git merge --no-verify"), "\(refused)")
        try fixture.git(["merge", "--abort"])
        let forced = try fixture.gitResult(["merge", "--no-ff", "--no-verify", "--no-edit", "agents/\(id)/api"])
        #expect(forced.status == 0, "\(forced)")
        #expect(try fixture.git(["rev-parse", "main^1"]) == main)

        // merge.ff = false makes every merge a merge commit, as --no-ff does.
        try fixture.git(["reset", "-q", "--hard", main])
        let configured = try fixture.gitResult(["-c", "merge.ff=false", "merge", "--no-verify", "--no-edit", "agents/\(id)/api"])
        #expect(configured.status == 0, "\(configured)")
        #expect(try fixture.git(["rev-parse", "main^1"]) == main)
    }

    @Test func ourHookWithAPersonsEditsIsNeitherOverwrittenNorRemoved() throws {
        let fixture = try SessionFixture()
        try fixture.agents("hooks", "install").requireSuccess()
        let hook = fixture.repo.appendingPathComponent(".git/hooks/pre-push")
        let edited = try String(contentsOf: hook, encoding: .utf8) + "echo my own check\n"
        try edited.write(to: hook, atomically: false, encoding: .utf8)
        for action in ["uninstall", "install"] {
            let result = try fixture.agents("hooks", action)
            #expect(result.status == 1 && result.stderr.contains("pre-push is our hook with changes"), "\(result)")
            #expect(try String(contentsOf: hook, encoding: .utf8) == edited)
        }
        let doctor = try fixture.agents("doctor")
        #expect((doctor.stdout + doctor.stderr).contains("changed by hand since install: pre-push"), "\(doctor)")
        // Refused before anything was touched: the other hooks are still ours.
        let states = try HooksTests.states(fixture)
        #expect(states["post-merge"] == "ours" && states["reference-transaction"] == "ours", "\(states)")
    }

    @Test func aHooksPathInsideTheWorkingTreeIsRefusedLeavingTheProjectsFilesAlone() throws {
        let fixture = try SessionFixture()
        try fixture.write("#!/bin/sh\necho the project's own check\n", to: ".githooks/pre-push")
        try fixture.git(["add", ".githooks"])
        try fixture.git(["commit", "-q", "-m", "the project's hooks"])
        try fixture.git(["config", "core.hooksPath", ".githooks"])

        let install = try fixture.agents("hooks", "install")
        #expect(install.status == 2 && install.stderr.contains("inside the working tree"), "\(install)")
        #expect(try fixture.git(["status", "--porcelain"]).isEmpty)
        // A folder inside the repository's own .git is no project file.
        try fixture.git(["config", "core.hooksPath", ".git/my-hooks"])
        try fixture.agents("hooks", "install").requireSuccess()
        #expect(try HooksTests.states(fixture)["pre-push"] == "ours")
    }
}
