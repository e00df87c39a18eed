// Issue #7's breaks in the lifecycle and the record, tried as a user would: a branch deleted under a running
// agent, a start killed half-way, a foreign ref among the sessions, bad session ids, the worktree you stand
// in, and assignment titles.
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Lifecycle hardening", .timeLimit(.minutes(10)))
struct LifecycleHardeningTests {
    /// Starts `api` with `agent` (which commits, touches records/api.ready and waits for its release), deletes
    /// its branch by hand once it has committed, then releases it.
    func deleteBranchWhileRunning(_ fixture: SessionFixture, agent: String) throws -> (id: String, branch: String, firstPart: String) {
        try fixture.role("api")
        #expect(try fixture.agents("start", "Work", "--agent-cmd", agent).status == 0)
        let id = try fixture.newestSession()
        try fixture.waitUntil("api has committed") { fixture.record("api.ready") != nil }
        let branch = try #require(SessionFixture.agent("api", in: try fixture.status())?["branch"] as? String)
        let firstPart = try fixture.git(["rev-parse", branch])
        try fixture.git(["update-ref", "-d", "refs/heads/\(branch)"])
        try fixture.release("api")
        return (id, branch, firstPart)
    }

    @Test func aBranchDeletedByHandWhileTheAgentRunsKeepsItsCommits() throws {
        let fixture = try SessionFixture()
        let agent = try fixture.script("commits", """
            echo one > "$AGENT-one.txt"
            git add -A && git commit -q -m "$AGENT: first part"
            touch "$REC/$AGENT.ready"
            await "release-$AGENT" || exit 8
            echo two > "$AGENT-two.txt"
            exit 0
            """)
        let (id, branch, firstPart) = try deleteBranchWhileRunning(fixture, agent: agent)

        let ended = try fixture.waitForEnd(session: id)
        let api = try #require(SessionFixture.agent("api", in: ended))
        #expect(api["status"] as? String == "done")
        // The leftovers are committed on top of the agent's own commit, not as a new root commit.
        let head = try fixture.git(["rev-parse", branch])
        #expect(api["head"] as? String == head)
        #expect(try fixture.git(["rev-parse", "\(head)^"]) == firstPart)
        #expect(try fixture.git(["show", "\(branch):api-two.txt"]) == "two")
        #expect(try fixture.git(["rev-list", "--max-parents=0", branch]) == fixture.git(["rev-list", "--max-parents=0", "main"]))
        let history = try fixture.history(id)
        #expect(history.contains { $0.hasPrefix("api: done") && $0.contains("had been deleted by hand; restored at \(firstPart.prefix(7))") },
                "\(history)")
        #expect((api["reason"] as? String)?.contains("had been deleted by hand") == true, "\(api)")
        // Reachable through the record too: expiring every reflog and pruning loses nothing.
        try fixture.git(["update-ref", "-d", "refs/heads/\(branch)"])
        try fixture.git(["reflog", "expire", "--expire=now", "--all"])
        try fixture.git(["gc", "--quiet", "--prune=now"])
        #expect(try fixture.gitResult(["cat-file", "-e", "\(firstPart)^{commit}"]).status == 0)
    }

    @Test func aBranchDeletedAndStartedAnewByTheAgentLosesNoCommit() throws {
        let fixture = try SessionFixture()
        let agent = try fixture.script("recommits", """
            echo one > one.txt && git add one.txt && git commit -q -m "first part"
            touch "$REC/$AGENT.ready"
            await "release-$AGENT" || exit 8
            echo two > two.txt && git add two.txt && git commit -q -m "second part"
            echo three > three.txt
            exit 0
            """)
        let (id, branch, firstPart) = try deleteBranchWhileRunning(fixture, agent: agent)

        let api = try #require(SessionFixture.agent("api", in: try fixture.waitForEnd(session: id)))
        // The agent's second commit started the branch anew (a root commit): the first is named and kept.
        let reason = try #require(api["reason"] as? String, "\(api)")
        #expect(reason.contains("no longer holds") && reason.contains(String(firstPart.prefix(7))), "\(reason)")
        #expect(try fixture.git(["show", "\(branch):three.txt"]) == "three")
        try fixture.git(["reflog", "expire", "--expire=now", "--all"])
        try fixture.git(["gc", "--quiet", "--prune=now"])
        #expect(try fixture.gitResult(["cat-file", "-e", "\(firstPart)^{commit}"]).status == 0)
        #expect(try fixture.agents("status").stdout.contains("no longer holds"))
    }

    @Test func aRepositoryAnAgentClonedDoesNotStopItsOtherWorkFromBeingCommitted() throws {
        let fixture = try SessionFixture()
        let agent = try fixture.script("nests", """
            echo important > important.txt
            git init -q vendor/lib && echo x > vendor/lib/x
            exit 0
            """)
        try fixture.role("api")
        #expect(try fixture.agents("start", "Work", "--agent-cmd", agent, "--wait").status == 0)
        let api = try #require(SessionFixture.agent("api", in: try fixture.status()))
        let branch = try #require(api["branch"] as? String)
        #expect(try fixture.git(["show", "\(branch):important.txt"]) == "important")
        #expect((api["reason"] as? String)?.contains("vendor/lib is a git repository of its own") == true, "\(api)")
        let worktree = URL(fileURLWithPath: try #require(api["worktree"] as? String))
        #expect(FileManager.default.fileExists(atPath: worktree.appendingPathComponent("vendor/lib/x").path))
    }

    @Test func restartingABlockedAgentNamesWhatBlocksIt() throws {
        let fixture = try SessionFixture()
        try fixture.role("broken", command: try fixture.failingAgent())
        try fixture.role("after", dependsOn: ["broken"], command: try fixture.succeedingAgent() + " {prompt}")
        #expect(try fixture.agents("start", "Try it", "--wait").status == 1)
        let restart = try fixture.agents("restart", "--agent", "after")
        #expect(restart.status == 2, "\(restart)")
        #expect(restart.stderr.contains("after is blocked by broken") && restart.stderr.contains("restart --agent broken"),
                "\(restart)")
        #expect(SessionFixture.agent("after", in: try fixture.status())?["status"] as? String == "blocked")
    }

    /// A session whose `start` was SIGKILLed while `agents.setup` ran (`setupFirst` runs before it sleeps).
    private func startKilledDuringSetup(setupFirst: String = "") throws -> SessionFixture {
        let fixture = try SessionFixture()
        try fixture.role("api")
        try fixture.defaultCommand(try fixture.succeedingAgent() + " {prompt}")
        let pidFile = fixture.records.appendingPathComponent("setup.pid").path
        try fixture.git(["config", "agents.setup", "\(setupFirst)echo $$ > '\(pidFile)'; exec sleep 30"])
        let start = Process()
        start.executableURL = try Binary.gitAgents.url
        start.arguments = ["start", "Slow setup"]
        start.currentDirectoryURL = fixture.repo
        start.environment = fixture.environment
        start.standardOutput = FileHandle.nullDevice
        start.standardError = FileHandle.nullDevice
        try start.run()
        try fixture.waitUntil("setup is running") { fixture.record("setup.pid") != nil }
        kill(start.processIdentifier, SIGKILL)
        start.waitUntilExit()
        if let setup = Int32(fixture.record("setup.pid")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") {
            kill(setup, SIGKILL)
        }
        return fixture
    }

    @Test func aStartKilledDuringSetupIsRolledBackByTheNextCommand() throws {
        let fixture = try startKilledDuringSetup()
        let id = try fixture.git(["for-each-ref", "--format=%(refname:lstrip=3)", "refs/agents/sessions/"])
        #expect(!id.isEmpty, "the killed start should have left its record")
        #expect(try fixture.git(["worktree", "list"]).split(separator: "\n").count == 2)

        let doctor = try fixture.agents("doctor")
        #expect(doctor.status == 1, "\(doctor)")
        #expect(doctor.stdout.contains("session \(id) never finished starting"), "\(doctor)")

        let list = try fixture.agents("list")
        #expect(list.status == 0, "\(list)")
        #expect(list.stderr.contains("interrupted"), "\(list)")
        #expect(try fixture.git(["for-each-ref", "refs/agents/sessions/"]).isEmpty)
        #expect(try fixture.git(["worktree", "list"]).split(separator: "\n").count == 1)
        #expect(try fixture.git(["for-each-ref", "refs/heads/agents/"]).isEmpty)
        #expect(try fixture.agents("doctor").stdout.contains("never finished starting") == false)
    }

    @Test func aStartKilledAfterSetupMadeFilesKeepsThemWithTheirBranches() throws {
        let fixture = try startKilledDuringSetup(setupFirst: "echo generated > generated.txt; ")
        let status = try fixture.agents("status", "--json")
        #expect(status.status == 0, "\(status)")
        #expect(status.stderr.contains("interrupted"), "\(status)")
        let ended = try jsonObject(status.stdout)
        #expect(SessionFixture.sessionState(ended) == "failed")
        let api = try #require(SessionFixture.agent("api", in: ended))
        #expect(api["status"] as? String == "blocked", "\(api)")
        // The worktree holds a file nobody committed: it stays, and so does its branch.
        let branch = try #require(api["branch"] as? String)
        #expect(try fixture.gitResult(["rev-parse", "--verify", "refs/heads/\(branch)"]).status == 0)
        let worktree = try #require(api["worktree"] as? String)
        #expect(FileManager.default.fileExists(atPath: worktree + "/generated.txt"))
    }

    @Test func aForeignRefAmongTheSessionsIsSkippedWithOneWarning() throws {
        let fixture = try SessionFixture()
        try fixture.role("api")
        #expect(try fixture.agents("start", "Work", "--agent-cmd", try fixture.succeedingAgent() + " {prompt}", "--wait").status == 0)
        let good = try fixture.newestSession()
        try fixture.git(["update-ref", "refs/agents/sessions/20991231-001", "HEAD"])

        let list = try fixture.agents("list")
        #expect(list.status == 0, "\(list)")
        #expect(list.stdout.contains(good), "\(list)")
        #expect(list.stderr.split(separator: "\n").count == 1 && list.stderr.contains("refs/agents/sessions/20991231-001"),
                "\(list)")
        let status = try fixture.agents("status")
        #expect(status.status == 0, "\(status)")
        #expect(status.stdout.contains("Session: \(good)"), "\(status)")
        let doctor = try fixture.agents("doctor")
        #expect(doctor.status == 1, "\(doctor)")
        #expect(doctor.stdout.contains("refs/agents/sessions/20991231-001"), "\(doctor)")
        // Named on its own, it is an unusable record (exit 4) saying which.
        let named = try fixture.agents("status", "--session", "20991231-001")
        #expect(named.status == 4, "\(named)")
        #expect(named.stderr.contains("refs/agents/sessions/20991231-001"), "\(named)")
    }

    @Test func sessionIdsAreCheckedAndTheSeedSpellingWorks() throws {
        let fixture = try SessionFixture()
        try fixture.role("api")
        #expect(try fixture.agents("start", "Work", "--agent-cmd", try fixture.succeedingAgent() + " {prompt}", "--wait").status == 0)
        let id = try fixture.newestSession()
        for bad in ["../../x", "refs/heads/main", "20260101-001"] {
            let result = try fixture.agents("status", "--session", bad)
            #expect(result.status == 2, "\(bad): \(result)")
            #expect(result.stderr.contains("no session '\(bad)'"), "\(result)")
        }
        let seed = try fixture.agents("status", "--session", "session-\(id)", "--json")
        #expect(seed.status == 0, "\(seed)")
        #expect(SessionFixture.sessionID(try jsonObject(seed.stdout)) == id)
    }

    @Test func statusInsideAnAgentsWorktreeShowsThatAgentsSession() throws {
        let fixture = try SessionFixture()
        try fixture.role("api")
        let agent = try fixture.succeedingAgent() + " {prompt}"
        #expect(try fixture.agents("start", "First", "--agent-cmd", agent, "--wait").status == 0)
        let first = try fixture.newestSession()
        let worktree = try #require(SessionFixture.agent("api", in: try fixture.status())?["worktree"] as? String)
        #expect(try fixture.agents("start", "Second", "--agent-cmd", agent, "--wait").status == 0)
        let second = try fixture.newestSession()
        #expect(first != second)

        let inside = URL(fileURLWithPath: worktree)
        try FileManager.default.createDirectory(at: inside.appendingPathComponent("deeper"), withIntermediateDirectories: true)
        for directory in [inside, inside.appendingPathComponent("deeper")] {
            let status = try fixture.agents(["status", "--json"], in: directory)
            #expect(SessionFixture.sessionID(try jsonObject(status.stdout)) == first, "\(status)")
        }
        #expect(SessionFixture.sessionID(try fixture.status()) == second)
    }

    @Test func eachAssignmentHasAShortTitle() throws {
        let fixture = try SessionFixture()
        try fixture.role("database", description: "Database schema and migrations")
        try fixture.role("api", description: "REST endpoints. Keep them small.")
        #expect(try fixture.agents("start", "Build a user profile feature with avatar upload",
                                   "--agent-cmd", try fixture.succeedingAgent() + " {prompt}", "--wait").status == 0)
        let status = try fixture.status()
        #expect(SessionFixture.agent("database", in: status)?["title"] as? String == "Database schema and migrations")
        #expect(SessionFixture.agent("api", in: status)?["title"] as? String == "REST endpoints")
        // The full assignment stays in the record.
        #expect((SessionFixture.agent("api", in: status)?["task"] as? String)?.contains("avatar upload") == true)
        let human = try fixture.agents("status").stdout
        #expect(human.contains("database  Database schema and migrations"), "\(human)")
        #expect(human.contains("api       REST endpoints"), "\(human)")

        let plan = fixture.root.appendingPathComponent("plan.json")
        try #"{"agents": [{"name": "db", "role": "database", "title": "Schema design", "task": "Design the tables"}]}"#
            .write(to: plan, atomically: true, encoding: .utf8)
        let dryRun = try fixture.agents("start", "Profiles", "--plan", plan.path, "--agent-cmd", "cat", "--dry-run")
        #expect(dryRun.status == 0, "\(dryRun)")
        #expect(dryRun.stdout.contains("Schema design"), "\(dryRun)")
    }

    @Test func watchingStopsWhenSupervisorsKeepDying() throws {
        let fixture = try SessionFixture()
        try fixture.role("api")
        #expect(try fixture.agents("start", "Sleep", "--agent-cmd", try fixture.waitingAgent()).status == 0)
        let id = try fixture.newestSession()
        _ = try fixture.waitForWorking("api", session: id)
        let runtime = try fixture.runtimeFolder(id)
        let pid = try #require(try fixture.supervisorPid(id))
        kill(pid, SIGKILL)
        try fixture.waitUntil("the supervisor is gone") { !SessionFixture.isAlive(pid) }
        // No supervisor can take the lock any more: each one started gives up.
        let lock = runtime.appendingPathComponent("supervisor.lock")
        try FileManager.default.removeItem(at: lock)
        try FileManager.default.createDirectory(at: lock, withIntermediateDirectories: false)

        let watch = try fixture.agents(["status", "--watch"], timeout: .seconds(60))
        #expect(watch.status == 1, "\(watch)")
        #expect(watch.stderr.contains("ended right after starting") && watch.stderr.contains("supervisor.log"), "\(watch)")
        try FileManager.default.removeItem(at: lock)
        try fixture.agents("stop")
    }

    @Test func aStatusAndFieldsWrittenByANewerVersionAreShownAndKept() throws {
        let fixture = try SessionFixture()
        try fixture.role("api")
        try fixture.role("db")
        #expect(try fixture.agents("start", "Work", "--agent-cmd", try fixture.succeedingAgent() + " {prompt}", "--wait").status == 0)
        let id = try fixture.newestSession()
        let ref = "refs/agents/sessions/\(id)"
        // A newer version put api in a status this one does not know, with a field of its own.
        var api = try jsonObject(try fixture.git(["show", "\(ref):agents/api.json"]))
        api["status"] = "reviewing"
        api["review"] = ["decision": "pending", "by": "v9"]
        let file = fixture.root.appendingPathComponent("api.json")
        try JSONSerialization.data(withJSONObject: api).write(to: file)
        let blob = try fixture.git(["hash-object", "-w", file.path])
        let index = ["GIT_INDEX_FILE": fixture.root.appendingPathComponent("record.index").path]
        func git(_ arguments: [String]) throws -> String {
            try Binary.git.run(arguments, in: fixture.repo, environment: fixture.environment.merging(index) { _, new in new })
                .requireSuccess().stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        _ = try git(["read-tree", ref])
        _ = try git(["update-index", "--cacheinfo", "100644,\(blob),agents/api.json"])
        let commit = try git(["commit-tree", try git(["write-tree"]), "-p", ref, "-m", "api: reviewing"])
        try fixture.git(["update-ref", ref, commit])

        let status = try fixture.agents("status")
        #expect(status.status == 0, "\(status)")
        #expect(status.stdout.contains("reviewing"), "\(status)")
        #expect(try fixture.agents("list").status == 0)
        let restart = try fixture.agents("restart", "--agent", "api")
        #expect(restart.status == 2 && restart.stderr.contains("api is reviewing"), "\(restart)")

        // This version runs db again; api's document (and its field) is left as the newer version wrote it,
        // and the session is not ended by this version while api is in that status.
        #expect(try fixture.agents("restart", "--agent", "db").status == 0)
        try fixture.waitUntil("db has run again") { fixture.startTimes("db").count == 2 && fixture.endTimes("db").count == 2 }
        let after = try fixture.waitForStatus(what: "db done") { SessionFixture.agent("db", in: $0)?["status"] as? String == "done" }
        #expect(SessionFixture.agent("api", in: after)?["status"] as? String == "reviewing")
        let kept = try jsonObject(try fixture.git(["show", "\(ref):agents/api.json"]))
        #expect((kept["review"] as? [String: Any])?["by"] as? String == "v9")
        #expect(SessionFixture.sessionState(after) == "running")
        let watch = try fixture.agents(["status", "--watch"], timeout: .seconds(30))
        #expect(watch.status == 0, "status --watch should end: \(watch)")
    }
}
