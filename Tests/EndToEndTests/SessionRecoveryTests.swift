// When things break under a session: the supervisor killed, an agent's runner killed, a worktree removed.
// The session notices, takes over, and nothing the agents did is lost.
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Recovering sessions", .timeLimit(.minutes(10)))
struct SessionRecoveryTests {

    @Test func aKilledSupervisorIsNoticedAndReplacedAndTheSessionFinishes() throws {
        let fixture = try SessionFixture()
        try fixture.role("first", command: try fixture.waitingAgent())
        try fixture.role("second", dependsOn: ["first"], command: try fixture.succeedingAgent())

        #expect(try fixture.agents("start", "Survive").status == 0)
        let id = try fixture.newestSession()
        try fixture.waitForWorking("first", session: id)
        let pidFile = try fixture.runtimeFolder(id).appendingPathComponent("supervisor.pid")
        let common = try fixture.git(["rev-parse", "--git-common-dir"])
        #expect(pidFile.path.hasPrefix(URL(fileURLWithPath: common, relativeTo: fixture.repo).standardizedFileURL.path))
        let old = try #require(SessionFixture.pid(in: pidFile), "no supervisor.pid")
        #expect(SessionFixture.isAlive(old))

        #expect(kill(old, SIGKILL) == 0)
        try fixture.waitUntil("the supervisor to die", timeout: 10) { !SessionFixture.isAlive(old) }

        // The agent itself lives on; the next look at the session notices and starts a new supervisor.
        let status = try fixture.agents("status")
        #expect(status.status == 0, "\(status)")
        #expect(status.stderr.contains("supervisor") && status.stderr.contains("gone"), "\(status)")
        #expect(status.stderr.contains(String(old)), "\(status)")
        // The new supervisor writes its pid once it holds the session's lock.
        try fixture.waitUntil("a new supervisor to write its pid", timeout: 10) {
            SessionFixture.pid(in: pidFile).map { $0 != old && SessionFixture.isAlive($0) } ?? false
        }
        let new = try #require(SessionFixture.pid(in: pidFile))
        #expect(status.stderr.contains("pid \(new)"), "the notice names the new supervisor:\n\(status)")
        // Once is enough: the next look finds the new one alive.
        let again = try fixture.agents("status")
        #expect(!again.stderr.contains("gone"), "\(again)")

        try fixture.release("first")
        let ended = try fixture.waitForEnd(session: id)
        #expect(SessionFixture.sessionState(ended) == "done", "\(SessionFixture.activity(ended))")
        #expect(SessionFixture.agent("first", in: ended)?["status"] as? String == "done")
        #expect(SessionFixture.agent("second", in: ended)?["status"] as? String == "done")
        #expect(fixture.startTimes("first").count == 1, "the running agent must not be started twice")
        #expect((fixture.startTimes("second").first ?? 0) >= (fixture.endTimes("first").first ?? .infinity))
        #expect(try fixture.git(["show", "agents/\(id)/second:first-draft.txt"]) == "draft by first")
        try fixture.expectFsckClean()
    }

    @Test func aSupervisorKilledWhileAgentsWaitIsReplacedByStatusJSONToo() throws {
        let fixture = try SessionFixture()
        try fixture.role("first", command: try fixture.waitingAgent())
        try fixture.role("second", dependsOn: ["first"], command: try fixture.succeedingAgent())
        #expect(try fixture.agents("start", "Survive quietly").status == 0)
        let id = try fixture.newestSession()
        try fixture.waitForWorking("first", session: id)
        let old = try #require(try fixture.supervisorPid(id))
        #expect(kill(old, SIGKILL) == 0)
        try fixture.waitUntil("the supervisor to die", timeout: 10) { !SessionFixture.isAlive(old) }
        // The agent ends while nobody supervises: its runner still records the end.
        try fixture.release("first")
        try fixture.waitUntil("first's script to end") { !fixture.endTimes("first").isEmpty }
        let json = try fixture.agents("status", "--json")
        #expect(json.status == 0, "\(json)")
        #expect(json.stderr.contains("gone"), "\(json)")
        _ = try jsonObject(json.stdout)
        let ended = try fixture.waitForEnd(session: id)
        #expect(SessionFixture.sessionState(ended) == "done", "\(SessionFixture.activity(ended))")
    }

    /// A supervisor lives as long as its session: it must not keep a descriptor per agent it launched
    /// (a session of a few hundred `--over` agents would run out of descriptors).
    @Test
    func theSupervisorKeepsNoDescriptorPerLaunchedAgent() throws {
        let fixture = try SessionFixture()
        let quick = try fixture.sleepingAgent(seconds: 0.1)
        for name in ["q1", "q2", "q3", "q4", "q5"] { try fixture.role(name, command: quick) }
        try fixture.role("last", dependsOn: ["q1", "q2", "q3", "q4", "q5"], command: try fixture.waitingAgent())
        #expect(try fixture.agents("start", "Many agents").status == 0)
        let id = try fixture.newestSession()
        try fixture.waitForWorking("last", session: id)
        let supervisor = try #require(try fixture.supervisorPid(id))
        let descriptors = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(supervisor)/fd")
        let onLog = descriptors.filter {
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(supervisor)/fd/\($0)"))?
                .hasSuffix("/supervisor.log") == true
        }
        #expect(onLog.count <= 3, "the supervisor holds \(onLog.count) descriptors on supervisor.log after 6 launches")
        try fixture.release("last")
        try fixture.waitForEnd(session: id)
    }

    @Test func anAgentWhoseRunnerWasKilledEndsAsFailed() throws {
        let fixture = try SessionFixture()
        try fixture.role("victim", command: try fixture.waitingAgent())
        #expect(try fixture.agents("start", "Lose the runner").status == 0)
        let id = try fixture.newestSession()
        let running = try fixture.waitForWorking("victim", session: id)
        let runnerFile = try fixture.runtimeFolder(id).appendingPathComponent("victim.runner")
        let runner = try #require(SessionFixture.pid(in: runnerFile), "no victim.runner")
        let agentPid = try #require(SessionFixture.agentPid("victim", in: running))
        #expect(kill(runner, SIGKILL) == 0)

        let ended = try fixture.waitForEnd(session: id)
        let victim = try #require(SessionFixture.agent("victim", in: ended))
        #expect(victim["status"] as? String == "failed")
        #expect(SessionFixture.activity(ended).contains { $0.hasPrefix("victim: failed") && $0.contains("runner") },
                "\(SessionFixture.activity(ended))")
        try fixture.waitUntil("the orphaned agent to be ended", timeout: 10) { !SessionFixture.isAlive(agentPid) }
        // What it wrote before is on its branch.
        #expect(try fixture.git(["show", "agents/\(id)/victim:victim-draft.txt"]) == "draft by victim")
        try fixture.expectFsckClean()
    }

    @Test func recreateBringsBackARemovedWorktreeOnItsBranch() throws {
        let fixture = try SessionFixture()
        try fixture.defaultCommand(try fixture.succeedingAgent())
        try fixture.role("builder")
        try fixture.role("other")
        #expect(try fixture.agents("start", "Build", "--wait").status == 0)
        let id = try fixture.newestSession()
        let agent = try #require(SessionFixture.agent("builder", in: try fixture.status()))
        let worktree = try #require(agent["worktree"] as? String)
        let branch = "agents/\(id)/builder"
        let head = try fixture.git(["rev-parse", branch])

        #expect(try fixture.gitResult(["worktree", "remove", "--force", worktree]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: worktree))

        let recreate = try fixture.agents("recreate", "--agent", "builder")
        #expect(recreate.status == 0, "\(recreate)")
        #expect(recreate.stdout.contains(worktree), "\(recreate)")
        let folder = URL(fileURLWithPath: worktree)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("builder.txt").path))
        #expect(try fixture.git(["rev-parse", "--abbrev-ref", "HEAD"], in: folder) == branch)
        #expect(try fixture.git(["rev-parse", "HEAD"], in: folder) == head)
        #expect(try fixture.git(["status", "--porcelain"], in: folder).isEmpty)
        let listing = try fixture.git(["worktree", "list", "--porcelain"])
        #expect(listing.contains("worktree \(worktree)\n") && listing.contains("branch refs/heads/\(branch)"), "\(listing)")
        #expect(!listing.contains("prunable"), "\(listing)")
        #expect(try fixture.history(id).last == "builder: worktree recreated at \(worktree)")
        // The recreated worktree works for the agent again.
        let restart = try fixture.agents("restart", "--agent", "builder")
        #expect(restart.status == 0, "\(restart)")
        let ended = try fixture.waitForEnd(session: id)
        #expect(SessionFixture.agent("builder", in: ended)?["status"] as? String == "done")
        #expect(try fixture.git(["show", "\(branch):builder.txt"]) == "line from builder\nline from builder")
        try fixture.expectFsckClean()
    }

    @Test func recreateOfAWorktreeWhoseFolderWasDeletedByHand() throws {
        let fixture = try SessionFixture()
        try fixture.defaultCommand(try fixture.succeedingAgent())
        try fixture.role("builder")
        #expect(try fixture.agents("start", "Build", "--wait").status == 0)
        let id = try fixture.newestSession()
        let worktree = try #require(SessionFixture.agent("builder", in: try fixture.status())?["worktree"] as? String)
        try FileManager.default.removeItem(atPath: worktree)

        let recreate = try fixture.agents("recreate", "--agent", "builder")
        #expect(recreate.status == 0, "\(recreate)")
        let folder = URL(fileURLWithPath: worktree)
        #expect(try fixture.git(["rev-parse", "--abbrev-ref", "HEAD"], in: folder) == "agents/\(id)/builder")
        #expect(try fixture.git(["status", "--porcelain"], in: folder).isEmpty)
        #expect(!(try fixture.git(["worktree", "list", "--porcelain"]).contains("prunable")))
    }

    @Test func recreateRefusesARunningAgent() throws {
        let fixture = try SessionFixture()
        try fixture.role("busy", command: try fixture.waitingAgent())
        #expect(try fixture.agents("start", "Busy").status == 0)
        let id = try fixture.newestSession()
        try fixture.waitForAgent("busy", status: "running", session: id)
        let recreate = try fixture.agents("recreate", "--agent", "busy")
        #expect(recreate.status == 2, "\(recreate)")
        #expect(recreate.stderr.contains("git agents stop"), "\(recreate)")
        try fixture.release("busy")
        try fixture.waitForEnd(session: id)
    }

    @Test func provenanceNotesAndARepositoryThatStaysCleanAfterMixedOutcomes() throws {
        let fixture = try SessionFixture()
        try fixture.role("good", command: try fixture.succeedingAgent())
        try fixture.role("bad", command: try fixture.failingAgent())
        try fixture.role("messy", command: try fixture.leftoverAgent())
        try fixture.role("slow", command: try fixture.hangingAgent())
        let start = try fixture.agents(["start", "Mixed", "--timeout", "2s", "--wait"])
        #expect(start.status == 1, "\(start)")
        let id = try fixture.newestSession()
        let status = try fixture.status()
        let expected = ["good": "done", "bad": "failed", "messy": "done", "slow": "failed"]
        for (name, outcome) in expected {
            #expect(SessionFixture.agent(name, in: status)?["status"] as? String == outcome, "\(name)")
        }

        // git log --notes=agents shows who wrote what, on each agent's head.
        for name in ["good", "messy"] {
            let log = try fixture.git(["log", "-1", "--notes=agents", "agents/\(id)/\(name)"])
            #expect(log.contains("Notes (agents):"), "\(log)")
            let noteLine = try #require(log.split(separator: "\n").first { $0.contains("\"session\"") }, "\(log)")
            let note = try jsonObject(noteLine.trimmingCharacters(in: .whitespaces))
            #expect(note["session"] as? String == id)
            #expect(note["agent"] as? String == name)
            #expect(note["role"] as? String == name)
            #expect(note["status"] as? String == "done")
            #expect(note["exitCode"] as? Int == 0)
            #expect((note["command"] as? [String])?.first?.hasSuffix(".sh") == true)
            #expect(note["startedAt"] is String && note["endedAt"] is String)
        }
        // A failed agent that made no commit leaves its note on the base, beside the others'.
        let baseNote = try fixture.git(["notes", "--ref=agents", "show", "main"])
        #expect(baseNote.contains("\"agent\":\"bad\"") && baseNote.contains("\"exitCode\":3"), "\(baseNote)")
        #expect(baseNote.contains("\"agent\":\"slow\""), "\(baseNote)")
        // The notes ref is an ordinary notes history.
        #expect(try fixture.git(["rev-parse", "--verify", "refs/notes/agents"]).count == 40)
        // The record's logs are in its tree.
        let files = try fixture.git(["ls-tree", "-r", "--name-only", "refs/agents/sessions/\(id)"])
        for name in expected.keys {
            #expect(files.contains("agents/\(name).json") && files.contains("logs/\(name).log"), "\(files)")
        }
        #expect(files.contains("session.json"))
        try fixture.expectFsckClean()
        // No runtime leftovers of ended agents (live logs and runner pids go into the record).
        let runtime = try FileManager.default.contentsOfDirectory(atPath: try fixture.runtimeFolder(id).path)
        #expect(!runtime.contains { $0.hasSuffix(".runner") || ($0.hasSuffix(".log") && $0 != "supervisor.log") },
                "\(runtime)")
    }
}
