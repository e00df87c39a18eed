// `git agents cleanup`: worktrees and merged branches go, the record is archived, and no work is ever lost —
// unmerged branches, uncommitted changes, detached commits and nested repositories stay (or stay reachable).
import Foundation
import Testing

@Suite("Cleaning up sessions", .timeLimit(.minutes(10)))
struct CleanupTests {
    /// A finished session of `roles`, each running `command`; returns its id and its agents by name.
    private func finishedSession(_ fixture: SessionFixture, roles: [String], command: String,
                                 task: String = "Do the work") throws -> (id: String, agents: [String: [String: Any]]) {
        for role in roles { try fixture.role(role, command: command) }
        try fixture.agents(["start", task, "--wait"])
        let status = try fixture.waitForEnd()
        let id = try #require(SessionFixture.sessionID(status))
        let agents = Dictionary(uniqueKeysWithValues: SessionFixture.agentRecords(status).map { ($0["name"] as? String ?? "", $0) })
        return (id, agents)
    }

    private func worktree(_ agent: [String: Any]?) throws -> String { try #require(agent?["worktree"] as? String) }

    private func branchExists(_ fixture: SessionFixture, _ branch: String) throws -> Bool {
        try fixture.gitResult(["rev-parse", "--verify", "--quiet", "refs/heads/" + branch]).status == 0
    }

    @Test func mergedBranchIsDeletedWorktreeRemovedAndTheRecordArchived() throws {
        let fixture = try SessionFixture()
        // Its worktree holds a link to a folder outside: removing the worktree must not follow it.
        let outside = fixture.root.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try "not ours\n".write(to: outside.appendingPathComponent("keep.txt"), atomically: true, encoding: .utf8)
        let command = try fixture.script("linker", """
            ln -s '\(outside.path)' outside-link
            echo "api" > api.txt
            git add -A && git commit -q -m "api: add api.txt and a link"
            exit 0
            """)
        let (id, agents) = try finishedSession(fixture, roles: ["api"], command: command)
        let folder = try worktree(agents["api"]), branch = "agents/\(id)/api"
        try fixture.git(["merge", "--quiet", "--no-edit", branch])
        #expect(FileManager.default.fileExists(atPath: try fixture.runtimeFolder(id).appendingPathComponent("environment").path))

        let cleanup = try fixture.agents("cleanup")
        #expect(cleanup.status == 0, "\(cleanup)")
        #expect(cleanup.stdout.contains("✓ Removed worktree \(folder) (api)"), "\(cleanup)")
        #expect(cleanup.stdout.contains("✓ Deleted branch \(branch) (merged into main)"), "\(cleanup)")
        #expect(cleanup.stdout.contains("Session \(id) archived (git log refs/agents/archive/\(id))"), "\(cleanup)")
        #expect(!FileManager.default.fileExists(atPath: folder))
        #expect(try fixture.git(["worktree", "list", "--porcelain"]).components(separatedBy: "worktree ").count == 2)
        #expect(try !branchExists(fixture, branch))
        #expect(try String(contentsOf: outside.appendingPathComponent("keep.txt"), encoding: .utf8) == "not ours\n")
        // The record moved to the archive, in state cleaned; the runtime folder (and its saved environment) is gone.
        #expect(try fixture.gitResult(["rev-parse", "--verify", "--quiet", "refs/agents/sessions/\(id)"]).status != 0)
        let archived = try fixture.git(["show", "refs/agents/archive/\(id):session.json"])
        #expect(archived.contains("\"state\" : \"cleaned\""), "\(archived)")
        #expect(!FileManager.default.fileExists(atPath: try fixture.runtimeFolder(id).path))
        let listed = try fixture.list(all: true)
        #expect(listed.first?["state"] as? String == "cleaned" && listed.first?["archived"] as? Bool == true, "\(listed)")
        #expect(try fixture.list().isEmpty)

        // Idempotent: a second cleanup, with or without the session named, has nothing to do.
        let again = try fixture.agents("cleanup")
        #expect(again.status == 0 && again.stdout.contains("Nothing to clean up"), "\(again)")
        let named = try fixture.agents("cleanup", "--session", id)
        #expect(named.status == 0 && named.stdout.contains("Nothing to clean: session \(id) is archived already"), "\(named)")
        try fixture.expectFsckClean()
    }

    @Test func aSessionMergedByMergeApproveIsCleanedWithoutForce() throws {
        let fixture = try SessionFixture()
        let (id, _) = try finishedSession(fixture, roles: ["db", "api"], command: try fixture.succeedingAgent(sleep: 0))
        try fixture.agents("merge", "--approve").requireSuccess()
        let cleanup = try fixture.agents("cleanup")
        #expect(cleanup.status == 0, "\(cleanup)")
        for agent in ["db", "api"] {
            #expect(cleanup.stdout.contains("✓ Deleted branch agents/\(id)/\(agent) (merged into main)"), "\(cleanup)")
        }
        #expect(cleanup.stdout.contains("Session \(id) archived"), "\(cleanup)")
        #expect(try fixture.list(all: true).first?["state"] as? String == "cleaned")
    }

    @Test func unmergedBranchIsKeptWithoutForceAndStaysReachableWithIt() throws {
        let fixture = try SessionFixture()
        let (id, agents) = try finishedSession(fixture, roles: ["db", "api"], command: try fixture.succeedingAgent(sleep: 0))
        try fixture.git(["merge", "--quiet", "--no-edit", "agents/\(id)/db"])
        // A worktree someone already deleted by hand is only pruned from git's list.
        let apiFolder = try worktree(agents["api"])
        try FileManager.default.removeItem(atPath: apiFolder)
        let apiTip = try fixture.git(["rev-parse", "agents/\(id)/api"])

        let first = try fixture.agents("cleanup")
        #expect(first.status == 1, "\(first)")
        #expect(first.stdout.contains("✓ Pruned worktree \(apiFolder) (api): its folder was already gone"), "\(first)")
        #expect(first.stdout.contains("✓ Deleted branch agents/\(id)/db (merged into main)"), "\(first)")
        #expect(first.stdout.contains("• Kept branch agents/\(id)/api (not merged into main; use --force"), "\(first)")
        #expect(first.stdout.contains("Session \(id) is not archived"), "\(first)")
        #expect(try branchExists(fixture, "agents/\(id)/api"))
        #expect(!(try fixture.git(["worktree", "list", "--porcelain"]).contains(apiFolder)))
        #expect(try fixture.list().first?["id"] as? String == id, "still listed: a later cleanup finishes it")

        let forced = try fixture.agents("cleanup", "--force")
        #expect(forced.status == 0, "\(forced)")
        let short = String(apiTip.prefix(7))
        #expect(forced.stdout.contains("✓ Deleted branch agents/\(id)/api (not merged; \(short) kept in the session record)"), "\(forced)")
        #expect(forced.stdout.contains("Session \(id) archived"), "\(forced)")
        #expect(try !branchExists(fixture, "agents/\(id)/api"))
        try fixture.git(["reflog", "expire", "--expire=now", "--all"])
        try fixture.git(["gc", "--quiet", "--prune=now"])
        #expect(try fixture.gitResult(["cat-file", "-e", apiTip + "^{commit}"]).status == 0, "gc pruned the unmerged commit")
        #expect(try fixture.git(["log", "--format=%H", "refs/agents/archive/\(id)"]).contains(apiTip))
        #expect(try fixture.git(["log", "--format=%s", "refs/agents/archive/\(id)"]).contains("cleanup: kept agents/\(id)/api (\(short)) in this record"))
        try fixture.expectFsckClean()
    }

    @Test func dirtyWorktreeIsKeptWithoutForceAndCommittedWithIt() throws {
        let fixture = try SessionFixture()
        let (id, agents) = try finishedSession(fixture, roles: ["api"], command: try fixture.succeedingAgent(sleep: 0))
        let folder = try worktree(agents["api"]), branch = "agents/\(id)/api"
        try fixture.write("late idea\n", to: "notes.txt", in: URL(fileURLWithPath: folder))
        try fixture.write("changed after the end\n", to: "README.md", in: URL(fileURLWithPath: folder))

        let kept = try fixture.agents("cleanup")
        #expect(kept.status == 1, "\(kept)")
        #expect(kept.stdout.contains("• Kept worktree \(folder) (api): it has uncommitted changes; use --force"), "\(kept)")
        #expect(kept.stdout.contains("• Kept branch \(branch) (its worktree is kept)"), "\(kept)")
        #expect(FileManager.default.fileExists(atPath: folder + "/notes.txt"))
        // --json says the same, step by step; running it again changed nothing.
        let json = try fixture.agents("cleanup", "--json")
        #expect(json.status == 1, "\(json)")
        let report = try #require((try jsonObject(json.stdout)["sessions"] as? [[String: Any]])?.first, "\(json)")
        #expect(report["session"] as? String == id && report["archived"] as? Bool == false)
        let actions = (report["steps"] as? [[String: Any]] ?? []).map { "\($0["action"] ?? "") \($0["target"] ?? "")" }
        #expect(actions == ["keptWorktree \(folder)", "keptBranch \(branch)"], "\(actions)")
        #expect(FileManager.default.fileExists(atPath: folder + "/notes.txt"))

        let forced = try fixture.agents("cleanup", "--force")
        #expect(forced.status == 0, "\(forced)")
        #expect(forced.stdout.contains("✓ Committed api's uncommitted work to \(branch)"), "\(forced)")
        #expect(forced.stdout.contains("✓ Removed worktree \(folder) (api)"), "\(forced)")
        #expect(!FileManager.default.fileExists(atPath: folder))
        try fixture.git(["reflog", "expire", "--expire=now", "--all"])
        try fixture.git(["gc", "--quiet", "--prune=now"])
        let log = try fixture.git(["log", "--format=%H %s", "refs/agents/archive/\(id)"]).split(separator: "\n")
        let saved = try #require(log.first { $0.contains("work left uncommitted, committed by git agents cleanup") }, "\(log)")
        let commit = String(saved.prefix(40))
        #expect(try fixture.git(["show", "\(commit):notes.txt"]) == "late idea")
        #expect(try fixture.git(["show", "\(commit):README.md"]) == "changed after the end")
    }

    @Test func aDetachedHeadsCommitIsKeptInTheRecord() throws {
        let fixture = try SessionFixture()
        let (id, agents) = try finishedSession(fixture, roles: ["api"], command: try fixture.succeedingAgent(sleep: 0))
        let folder = URL(fileURLWithPath: try worktree(agents["api"]))
        try fixture.git(["checkout", "--quiet", "--detach"], in: folder)
        try fixture.git(["commit", "--quiet", "--allow-empty", "-m", "stray work on a detached HEAD"], in: folder)
        let stray = try fixture.git(["rev-parse", "HEAD"], in: folder)

        let kept = try fixture.agents("cleanup")
        #expect(kept.status == 1 && kept.stdout.contains("is on no branch; use --force"), "\(kept)")
        let forced = try fixture.agents("cleanup", "--force")
        #expect(forced.status == 0, "\(forced)")
        try fixture.git(["reflog", "expire", "--expire=now", "--all"])
        try fixture.git(["gc", "--quiet", "--prune=now"])
        #expect(try fixture.git(["log", "--format=%H", "refs/agents/archive/\(id)"]).contains(stray))
    }

    @Test func aNestedRepositoryIsMovedAsideNotDeleted() throws {
        let fixture = try SessionFixture()
        let (id, agents) = try finishedSession(fixture, roles: ["api"], command: try fixture.succeedingAgent(sleep: 0))
        let folder = try worktree(agents["api"])
        let nested = URL(fileURLWithPath: folder).appendingPathComponent("vendor/lib")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        try fixture.git(["init", "--quiet", nested.path])
        try fixture.write("cloned\n", to: "lib.c", in: nested)
        try fixture.write("draft\n", to: "draft.txt", in: URL(fileURLWithPath: folder))

        let kept = try fixture.agents("cleanup")
        #expect(kept.status == 1 && kept.stdout.contains("• Kept worktree \(folder) (api)"), "\(kept)")
        let forced = try fixture.agents("cleanup", "--force")
        #expect(forced.status == 0, "\(forced)")
        #expect(forced.stdout.contains("vendor/lib is a git repository of its own, which git does not hold"), "\(forced)")
        let line = try #require(forced.stdout.split(separator: "\n").first { $0.contains("Moved worktree") }, "\(forced)")
        let aside = try #require(line.components(separatedBy: " to ").dropFirst().first?.components(separatedBy: ",").first)
        #expect(aside.hasPrefix(folder + ".kept-"), "\(line)")
        #expect(try String(contentsOfFile: aside + "/vendor/lib/lib.c", encoding: .utf8) == "cloned\n")
        #expect(FileManager.default.fileExists(atPath: aside + "/vendor/lib/.git"))
        #expect(!FileManager.default.fileExists(atPath: folder))
        #expect(!(try fixture.git(["worktree", "list", "--porcelain"]).contains(folder)))
        // What git could hold was committed first: the draft is in the archived record's history.
        #expect(try fixture.git(["log", "-p", "refs/agents/archive/\(id)"]).contains("+draft"))
    }

    @Test func keepFailedLeavesFailedAgentsForDebugging() throws {
        let fixture = try SessionFixture()
        try fixture.role("good", command: try fixture.succeedingAgent(sleep: 0))
        try fixture.role("bad", command: try fixture.failingAgent())
        try fixture.agents(["start", "Half of it fails", "--wait"])
        let status = try fixture.waitForEnd()
        let id = try #require(SessionFixture.sessionID(status))
        let good = try worktree(SessionFixture.agent("good", in: status)), bad = try worktree(SessionFixture.agent("bad", in: status))
        try fixture.git(["merge", "--quiet", "--no-edit", "agents/\(id)/good"])

        let cleanup = try fixture.agents("cleanup", "--keep-failed")
        #expect(cleanup.status == 0, "\(cleanup)")
        #expect(cleanup.stdout.contains("• Kept worktree \(bad) (bad): bad failed; kept by --keep-failed"), "\(cleanup)")
        #expect(cleanup.stdout.contains("✓ Removed worktree \(good) (good)"), "\(cleanup)")
        #expect(FileManager.default.fileExists(atPath: bad) && !FileManager.default.fileExists(atPath: good))
        #expect(try branchExists(fixture, "agents/\(id)/bad"))
        #expect(try !branchExists(fixture, "agents/\(id)/good"))
        #expect(cleanup.stdout.contains("Session \(id) is not archived"), "\(cleanup)")

        // Once debugging is over, a plain cleanup finishes: the failed agent committed nothing of its own.
        let finish = try fixture.agents("cleanup")
        #expect(finish.status == 0, "\(finish)")
        #expect(finish.stdout.contains("✓ Deleted branch agents/\(id)/bad (no commits of its own)"), "\(finish)")
        #expect(finish.stdout.contains("Session \(id) archived"), "\(finish)")
    }

    @Test func allCleansFinishedSessionsAndARunningOneIsRefused() throws {
        let fixture = try SessionFixture()
        let (first, _) = try finishedSession(fixture, roles: ["api"], command: try fixture.succeedingAgent(sleep: 0))
        try fixture.git(["merge", "--quiet", "--no-edit", "agents/\(first)/api"])
        try fixture.git(["config", "role.api.command", try fixture.waitingAgent()])
        try fixture.agents(["start", "Still at work"]).requireSuccess()
        let second = try fixture.newestSession()
        try fixture.waitForWorking("api", session: second)

        let refused = try fixture.agents("cleanup")
        #expect(refused.status == 2, "\(refused)")
        #expect(refused.stderr.contains("session \(second) is running") && refused.stderr.contains("stop it first: git agents stop"), "\(refused)")
        let all = try fixture.agents("cleanup", "--all")
        #expect(all.status == 0, "\(all)")
        #expect(all.stdout.contains("Session \(first) archived"), "\(all)")
        #expect(all.stdout.contains("• Skipped session \(second): it is running"), "\(all)")
        #expect(try fixture.list().map { $0["id"] as? String } == [second])

        try fixture.release("api")
        try fixture.waitForEnd(session: second)
        let rest = try fixture.agents("cleanup", "--all", "--force")
        #expect(rest.status == 0 && rest.stdout.contains("Session \(second) archived"), "\(rest)")
        #expect(try fixture.list().isEmpty)
        #expect(try fixture.list(all: true).count == 2)
        #expect(try fixture.agents("cleanup", "--all").stdout.contains("Nothing to clean up"))
    }
}
