// `git agents start` run as a user runs it, with scripted agents: outcomes, exit codes, dependency order,
// limits, what reaches an agent, and what is (not) created when a plan is refused.
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Running sessions with scripted agents", .timeLimit(.minutes(10)))
struct SessionRunTests {

    @Test func startWaitExitsZeroWhenEveryAgentSucceedsAndRunsDependantsAfterTheirDependencies() throws {
        let fixture = try SessionFixture()
        try fixture.defaultCommand(try fixture.succeedingAgent() + " {prompt}")
        try fixture.role("schema")
        try fixture.role("seed")
        try fixture.role("api", dependsOn: ["schema", "seed"])
        try fixture.role("ui", dependsOn: ["api"])

        let start = try fixture.agents("start", "Build the feature", "--wait")
        #expect(start.status == 0, "\(start)")

        let status = try fixture.status()
        let id = try #require(SessionFixture.sessionID(status))
        #expect(SessionFixture.sessionState(status) == "done")
        for name in ["schema", "seed", "api", "ui"] {
            let agent = try #require(SessionFixture.agent(name, in: status), "no agent \(name)")
            #expect(agent["status"] as? String == "done", "\(name): \(agent)")
            #expect(agent["exitCode"] as? Int == 0)
            #expect(agent["progress"] as? Int == 100)
            let branch = try #require(agent["branch"] as? String)
            #expect(branch == "agents/\(id)/\(name)")
            // The agent's commit is on its branch, with the file it wrote.
            #expect(try fixture.git(["show", "\(branch):\(name).txt"]) == "line from \(name)")
            #expect(try fixture.git(["log", "-1", "--format=%s", branch]) == "\(name): add \(name).txt")
            #expect(agent["head"] as? String == (try fixture.git(["rev-parse", branch])))
            let stats = try #require(agent["stats"] as? [String: Any])
            #expect(stats["files"] as? Int == 1 && stats["added"] as? Int == 1)
            // The provenance note.
            let note = try fixture.git(["log", "-1", "--notes=agents", "--format=%N", branch])
            #expect(note.contains("\"session\":\"\(id)\"") && note.contains("\"agent\":\"\(name)\""), "note: \(note)")
            #expect(note.contains("\"status\":\"done\""), "note: \(note)")
            let worktree = try #require(agent["worktree"] as? String)
            #expect(try fixture.git(["status", "--porcelain"], in: URL(fileURLWithPath: worktree)).isEmpty)
        }
        // A dependant sees its dependencies' work.
        #expect(try fixture.git(["show", "agents/\(id)/api:schema.txt"]) == "line from schema")
        #expect(try fixture.git(["show", "agents/\(id)/api:seed.txt"]) == "line from seed")
        #expect(try fixture.git(["show", "agents/\(id)/ui:schema.txt"]) == "line from schema")

        // Dependency order, from the times the scripts wrote.
        func only(_ times: [Double], _ name: String) throws -> Double {
            try #require(times.count == 1, "\(name) ran \(times.count) times")
            return times[0]
        }
        let ended = try Dictionary(uniqueKeysWithValues: ["schema", "seed", "api"].map { ($0, try only(fixture.endTimes($0), $0)) })
        let apiStart = try only(fixture.startTimes("api"), "api")
        let uiStart = try only(fixture.startTimes("ui"), "ui")
        #expect(apiStart >= ended["schema"]! && apiStart >= ended["seed"]!, "api started before its dependencies ended")
        #expect(uiStart >= ended["api"]!, "ui started before api ended")

        #expect(SessionFixture.activity(status).first == "session \(id) done: all 4 agents finished")
        try fixture.expectFsckClean()
    }

    @Test func startWaitExitsOneWhenAnAgentFailsAndItsDependantsAreNotRun() throws {
        let fixture = try SessionFixture()
        try fixture.defaultCommand(try fixture.succeedingAgent() + " {prompt}")
        try fixture.role("broken", command: try fixture.failingAgent())
        try fixture.role("after", dependsOn: ["broken"])
        try fixture.role("later", dependsOn: ["after"])
        try fixture.role("alone")

        let start = try fixture.agents("start", "Try it", "--wait")
        #expect(start.status == 1, "\(start)")

        let status = try fixture.status()
        let id = try #require(SessionFixture.sessionID(status))
        #expect(SessionFixture.sessionState(status) == "failed")
        let broken = try #require(SessionFixture.agent("broken", in: status))
        #expect(broken["status"] as? String == "failed")
        #expect(broken["exitCode"] as? Int == 3)
        // The reason: the exit status, then the last lines of its stderr (not of its stdout).
        #expect(broken["reason"] as? String == "exit status 3\nerror: the build is broken on purpose")
        #expect(SessionFixture.agent("alone", in: status)?["status"] as? String == "done")
        for (dependant, blocker) in [("after", "broken"), ("later", "after")] {
            let agent = try #require(SessionFixture.agent(dependant, in: status))
            #expect(agent["status"] as? String == "blocked", "\(dependant): \(agent)")
            let which = blocker == "broken" ? "failed" : "was blocked"
            #expect(agent["reason"] as? String == "it depends on \(blocker), which \(which)", "\(agent)")
            #expect(agent["startedAt"] is NSNull, "\(dependant) should never have started")
            #expect(fixture.startTimes(dependant).isEmpty, "\(dependant)'s script ran")
        }
        let history = try fixture.history(id)
        #expect(history.contains { $0.hasPrefix("broken: failed") && $0.contains("exit status 3") }, "\(history)")
        #expect(history.contains { $0 == "after: blocked: it depends on broken, which failed" }, "\(history)")
        #expect(history.contains { $0 == "later: blocked: it depends on after, which was blocked" }, "\(history)")
        #expect(history.last?.hasPrefix("session \(id) failed") == true, "\(history)")
        #expect(start.stdout.contains("blocked"), "start --wait should show the blocked lines:\n\(start)")
        // At the end of start --wait, and in status: why each agent did not finish.
        #expect(start.stdout.contains("error: the build is broken on purpose"), "\(start)")
        let human = try fixture.agents("status", "--no-color")
        #expect(human.stdout.contains("broken  failed: exit status 3"), "\(human)")
        #expect(human.stdout.contains("| error: the build is broken on purpose"), "\(human)")
        #expect(human.stdout.contains("after   blocked: it depends on broken, which failed"), "\(human)")
        try fixture.expectFsckClean()
    }

    @Test func anAgentPastItsTimeoutIsEndedAndCountsAsFailed() throws {
        let fixture = try SessionFixture()
        try fixture.role("sleeper")
        let start = try fixture.agents(["start", "Sleep", "--agent-cmd", try fixture.hangingAgent(), "--timeout", "2s", "--wait"])
        #expect(start.status == 1, "\(start)")

        let status = try fixture.status()
        let id = try #require(SessionFixture.sessionID(status))
        let agent = try #require(SessionFixture.agent("sleeper", in: status))
        #expect(agent["status"] as? String == "failed")
        let code = agent["exitCode"] as? Int
        #expect(code == 143 || code == 137, "exit code \(String(describing: code))")
        let history = try fixture.history(id)
        #expect(history.contains { $0.hasPrefix("sleeper:") && $0.contains("timed out") }, "\(history)")
        #expect(!(try fixture.agents("logs", "--agent", "sleeper").stdout.contains("woke up")))
    }

    @Test func anAgentThatIgnoresSIGTERMIsKilledAfterTheGracePeriod() throws {
        let fixture = try SessionFixture()
        try fixture.role("stubborn")
        let stubborn = try fixture.script("stubborn", """
            trap '' TERM
            echo "ignoring SIGTERM"
            sleep 60
            """)
        let start = try fixture.agents(["start", "Refuse to stop", "--agent-cmd", stubborn, "--timeout", "1s", "--wait"])
        #expect(start.status == 1, "\(start)")
        let agent = try #require(SessionFixture.agent("stubborn", in: try fixture.status()))
        #expect(agent["status"] as? String == "failed")
        #expect(agent["exitCode"] as? Int == 137)
        #expect(SessionFixture.activity(try fixture.status()).contains { $0.hasPrefix("stubborn: timed out") })
    }

    @Test func anAgentProgramGoneByLaunchFailsTheAgentWithAReason() throws {
        let fixture = try SessionFixture()
        // There when start checks it (a missing one is refused then), removed before ghost launches.
        let missing = try fixture.script("doomed", "exit 0")
        try fixture.role("remover", command: try fixture.script("remover", "rm -f '\(missing)'\nexit 0"))
        try fixture.role("ghost", dependsOn: ["remover"], command: missing + " {prompt}")
        let start = try fixture.agents(["start", "Nobody home", "--wait"])
        #expect(start.status == 1, "\(start)")
        let agent = try #require(SessionFixture.agent("ghost", in: try fixture.status()))
        #expect(agent["status"] as? String == "failed")
        #expect(agent["exitCode"] as? Int == 127)
        let logs = try fixture.agents("logs", "--agent", "ghost").stdout
        #expect(logs.contains("cannot run \(missing)"), "\(logs)")
    }

    @Test func workLeftUncommittedEndsUpCommittedOnTheAgentsBranch() throws {
        let fixture = try SessionFixture()
        try fixture.role("writer")
        let start = try fixture.agents(["start", "Write", "--agent-cmd", try fixture.leftoverAgent(), "--wait"])
        #expect(start.status == 0, "\(start)")

        let status = try fixture.status()
        let id = try #require(SessionFixture.sessionID(status))
        let agent = try #require(SessionFixture.agent("writer", in: status))
        let branch = try #require(agent["branch"] as? String)
        let worktree = URL(fileURLWithPath: try #require(agent["worktree"] as? String))
        #expect(try fixture.git(["show", "\(branch):notes/draft.md"]) == "draft by writer")
        #expect(try fixture.git(["show", "\(branch):README.md"]) == "scratch\nchanged by writer")
        #expect(try fixture.git(["status", "--porcelain", "--untracked-files=all"], in: worktree).isEmpty)
        #expect(try fixture.git(["rev-list", "--count", "main..\(branch)"]) == "1")
        #expect(try fixture.git(["log", "-1", "--format=%s", branch]).contains("uncommitted"))
        #expect(try fixture.history(id).contains { $0.hasPrefix("writer: done") && $0.contains("uncommitted work was committed") })
        // The leftovers commit carries the provenance note.
        #expect(try fixture.git(["notes", "--ref=agents", "show", branch]).contains("\"agent\":\"writer\""))
        try fixture.expectFsckClean()
    }

    @Test func everyLineOfALoudAgentIsInItsLog() throws {
        let fixture = try SessionFixture()
        try fixture.role("loud")
        let count = 3000
        let start = try fixture.agents(["start", "Talk", "--agent-cmd", try fixture.spammingAgent(lines: count), "--wait"])
        #expect(start.status == 0, "\(start)")

        let logs = try fixture.agents("logs", "--agent", "loud")
        #expect(logs.status == 0)
        let spam = logs.stdout.split(separator: "\n").filter { $0.contains("spam line ") }
        #expect(spam.count == count)
        let numbers = spam.compactMap { line -> Int? in
            guard let range = line.range(of: "spam line ") else { return nil }
            return Int(line[range.upperBound...].split(separator: " ").first ?? "")
        }
        #expect(numbers == Array(1...count), "lines missing or out of order")
        #expect(spam.allSatisfy { $0.contains("] [loud] spam line ") })
        // The record keeps them too (the live log is gone once the agent ended).
        let id = try fixture.newestSession()
        let stored = try fixture.git(["show", "refs/agents/sessions/\(id):logs/loud.log"])
        #expect(stored.split(separator: "\n").filter { $0.contains("spam line ") }.count == count)
    }

    @Test func progressFromAnAgentShowsInStatus() throws {
        let fixture = try SessionFixture()
        try fixture.role("reporter")
        let start = try fixture.agents(["start", "Report", "--agent-cmd", try fixture.progressAgent()])
        #expect(start.status == 0, "\(start)")
        let id = try fixture.newestSession()

        let halfway = try fixture.waitForStatus(session: id, what: "progress 50") { status in
            SessionFixture.agent("reporter", in: status)?["progress"] as? Int == 50
        }
        #expect(SessionFixture.agent("reporter", in: halfway)?["status"] as? String == "running")
        #expect(SessionFixture.activity(halfway).contains("reporter: half way"), "\(SessionFixture.activity(halfway))")
        let human = try fixture.agents("status")
        #expect(human.stdout.contains("50%"), "\(human)")
        #expect(human.stdout.contains("working"), "a running agent shows as working:\n\(human)")
        #expect(human.stdout.contains("reporter: half way"), "\(human)")

        // A person in the agent's worktree (no GIT_AGENTS_* variables) reports for it too, from a subfolder.
        let worktree = URL(fileURLWithPath: try #require(SessionFixture.agent("reporter", in: halfway)?["worktree"] as? String))
        try FileManager.default.createDirectory(at: worktree.appendingPathComponent("deep/er"), withIntermediateDirectories: true)
        let byHand = try fixture.agents(["progress", "70", "checked by hand"], in: worktree.appendingPathComponent("deep/er"))
        #expect(byHand.status == 0, "\(byHand)")
        let seventy = try fixture.status(session: id)
        #expect(SessionFixture.agent("reporter", in: seventy)?["progress"] as? Int == 70)
        #expect(SessionFixture.activity(seventy).first == "reporter: checked by hand")

        try fixture.release("reporter")
        let ended = try fixture.waitForEnd(session: id)
        #expect(SessionFixture.agent("reporter", in: ended)?["status"] as? String == "done")
        #expect(SessionFixture.agent("reporter", in: ended)?["progress"] as? Int == 100)
        let logs = try fixture.agents("logs", "--agent", "reporter").stdout
        #expect(logs.contains("progress 50%: half way"), "\(logs)")
    }

    @Test func maxParallelIsNeverExceeded() throws {
        let fixture = try SessionFixture()
        let names = ["w1", "w2", "w3", "w4", "w5"]
        for name in names { try fixture.role(name) }
        let start = try fixture.agents(["start", "Sleep in turns", "--agent-cmd", try fixture.sleepingAgent(seconds: 1),
                                        "--max-parallel", "2", "--wait"])
        #expect(start.status == 0, "\(start)")

        var intervals: [(start: Double, end: Double)] = []
        for name in names {
            let starts = fixture.startTimes(name), ends = fixture.endTimes(name)
            try #require(starts.count == 1 && ends.count == 1, "\(name) ran \(starts.count) times, ended \(ends.count)")
            intervals.append((starts[0], ends[0]))
        }
        let overlap = maxOverlap(intervals)
        #expect(overlap <= 2, "\(overlap) agents ran at once with --max-parallel 2: \(intervals)")
        #expect(overlap == 2, "agents never ran side by side: \(intervals)")
        #expect((try fixture.status()["session"] as? [String: Any])?["maxParallel"] as? Int == 2)
    }

    @Test func aTaskFullOfShellMetacharactersReachesTheAgentByteForByte() throws {
        let fixture = try SessionFixture()
        try fixture.role("quoter")
        try fixture.role("other")
        let canary = fixture.records.appendingPathComponent("pwned")
        let task = "it's \"quoted\" $(touch \"\(canary.path)\") `x` ; | & * ~ \\n newline\nsecond line\ttab $HOME 'single' \\ back"
        let start = try fixture.agents(["start", "session task", "--agent-cmd", try fixture.argvAgent() + " {prompt} {role}",
                                        "--role", "quoter=\(task)", "--wait"])
        #expect(start.status == 0, "\(start)")

        let status = try fixture.status()
        let id = try #require(SessionFixture.sessionID(status))
        // Only the role named took part.
        #expect(SessionFixture.agentRecords(status).map { $0["name"] as? String } == ["quoter"])
        #expect(SessionFixture.agent("quoter", in: status)?["task"] as? String == task)

        let taskVariable = try #require(fixture.recordData("quoter.env.TASK"), "the agent did not run")
        #expect(taskVariable == Data(task.utf8), "GIT_AGENTS_TASK: \(String(decoding: taskVariable, as: UTF8.self))")
        let argv = try #require(fixture.recordData("quoter.argv"))
        let arguments = argv.split(separator: 0, omittingEmptySubsequences: false).dropLast()
            .map { String(decoding: $0, as: UTF8.self) }
        try #require(arguments.count == 2, "argv: \(arguments)")
        #expect(arguments[0].contains(task), "the prompt does not hold the task: \(arguments[0])")
        #expect(arguments[0] != task, "the prompt should be composed around the task")
        #expect(arguments[1] == "quoter")
        #expect(fixture.record("quoter.env.SESSION") == id)
        #expect(fixture.record("quoter.env.AGENT") == "quoter")
        #expect(fixture.record("quoter.env.ROLE") == "quoter")
        #expect(fixture.record("quoter.env.ARTIFACTS").map { !$0.isEmpty && $0 != "<unset>" } == true)
        let worktree = try #require(SessionFixture.agent("quoter", in: status)?["worktree"] as? String)
        #expect(fixture.record("quoter.pwd")?.trimmingCharacters(in: .newlines) == worktree)
        // Nothing ran the task as shell.
        #expect(!FileManager.default.fileExists(atPath: canary.path), "the task's $(touch …) was run by a shell")
    }

    @Test func startWithoutWaitReturnsWhileTheAgentsRunUnderASurvivingSupervisor() throws {
        let fixture = try SessionFixture()
        try fixture.role("slow")
        try fixture.role("next", dependsOn: ["slow"])
        try fixture.defaultCommand(try fixture.waitingAgent())

        let start = try fixture.agents("start", "Take your time")
        #expect(start.status == 0, "\(start)")
        #expect(start.stdout.contains("git agents status"), "\(start)")
        let id = try fixture.newestSession()
        #expect(start.stdout.contains(id))

        // start has returned, yet the agent is still at work and the supervisor lives on, not as our child.
        let running = try fixture.waitForWorking("slow", session: id)
        #expect(SessionFixture.sessionState(running) == "running")
        #expect(SessionFixture.agent("next", in: running)?["status"] as? String == "waiting")
        let supervisor = try #require(try fixture.supervisorPid(id), "no supervisor.pid")
        #expect(SessionFixture.isAlive(supervisor))
        // Detached: it leads a session of its own (setsid), so no terminal or process group of ours reaches it.
        #expect(SessionFixture.processSession(supervisor) == supervisor,
                "the supervisor \(supervisor) is in session \(String(describing: SessionFixture.processSession(supervisor)))")
        #expect((running["supervisor"] as? NSNumber)?.int32Value == supervisor)
        let slowPid = try #require(SessionFixture.agentPid("slow", in: running))
        #expect(SessionFixture.isAlive(slowPid))

        try fixture.release("slow")
        try fixture.release("next")
        let ended = try fixture.waitForEnd(session: id)
        #expect(SessionFixture.sessionState(ended) == "done")
        #expect(try fixture.git(["show", "agents/\(id)/next:slow-draft.txt"]) == "draft by slow")
        // The supervisor leaves once the session has ended.
        try fixture.waitUntil("the supervisor to exit") { !SessionFixture.isAlive(supervisor) }
    }

    @Test func dryRunPrintsThePlanAndCreatesNothing() throws {
        let fixture = try SessionFixture()
        try fixture.defaultCommand(try fixture.succeedingAgent())
        try fixture.role("db")
        try fixture.role("api", dependsOn: ["db"])
        let before = try fixture.footprint()

        let dryRun = try fixture.agents("start", "Plan only", "--dry-run")
        #expect(dryRun.status == 0, "\(dryRun)")
        #expect(dryRun.stdout.contains("db") && dryRun.stdout.contains("api"), "\(dryRun)")
        #expect(try fixture.footprint() == before)
        #expect(try fixture.list().isEmpty)
        let runtime = fixture.repo.appendingPathComponent(".git/agents").path
        #expect((try? FileManager.default.contentsOfDirectory(atPath: runtime))?.isEmpty ?? true)
        #expect(fixture.startTimes("db").isEmpty)
    }

    enum BadPlan: String, CaseIterable, Sendable {
        case invalidJSON, unknownRole, cycle, unknownDependency, unknownRoleFlag

        var planText: String? {
            switch self {
            case .invalidJSON: #"{"agents": [{"name": "db", "role": "db",, }]}"#
            case .unknownRole: #"{"agents": [{"name": "db", "role": "db"}, {"name": "x", "role": "wizard"}]}"#
            case .cycle: #"{"agents": [{"name": "a", "role": "db", "dependsOn": ["b"]}, {"name": "b", "role": "db", "dependsOn": ["a"]}]}"#
            case .unknownDependency: #"{"agents": [{"name": "a", "role": "db", "dependsOn": ["ghost"]}]}"#
            case .unknownRoleFlag: nil
            }
        }

        /// A word the error must contain.
        var mentions: String {
            switch self {
            case .invalidJSON: "JSON"
            case .unknownRole: "wizard"
            case .cycle: "cycle"
            case .unknownDependency: "ghost"
            case .unknownRoleFlag: "wizard"
            }
        }
    }

    @Test(arguments: BadPlan.allCases)
    func aRefusedPlanExitsTwoAndCreatesNothing(_ bad: BadPlan) throws {
        let fixture = try SessionFixture()
        try fixture.defaultCommand(try fixture.succeedingAgent())
        try fixture.role("db")
        let before = try fixture.footprint()

        var arguments = ["start", "Refuse this"]
        if let text = bad.planText {
            let file = fixture.root.appendingPathComponent("plan.json")
            try text.write(to: file, atomically: true, encoding: .utf8)
            arguments += ["--plan", file.path]
        } else {
            arguments += ["--role", "wizard=cast"]
        }
        let start = try fixture.agents(arguments + ["--wait"])
        #expect(start.status == 2, "\(start)")
        #expect(start.stderr.contains(bad.mentions), "\(start)")
        #expect(start.stderr.split(separator: "\n").count <= 3, "errors are one or two lines:\n\(start.stderr)")
        #expect(try fixture.footprint() == before)
        #expect(fixture.startTimes("db").isEmpty && fixture.startTimes("a").isEmpty)
    }

    @Test func aPlanFileInOurFormatIsTakenAsGiven() throws {
        let fixture = try SessionFixture()
        try fixture.defaultCommand(try fixture.succeedingAgent())
        try fixture.role("database")
        try fixture.role("backend")
        let plan = """
            {"agents": [
              {"name": "users-api", "role": "backend", "task": "users endpoints", "dependsOn": ["db"]},
              {"name": "db", "role": "database", "task": "users table", "dependsOn": []},
              {"name": "orders-api", "role": "backend", "task": "orders endpoints", "dependsOn": ["database"]}
            ]}
            """
        try fixture.write(plan, to: "plans/plan.json", in: fixture.root)
        // A relative --plan path is read from where start runs.
        let start = try fixture.agents(["start", "Users and orders", "--plan", "../plans/plan.json", "--wait"])
        #expect(start.status == 0, "\(start)")

        let status = try fixture.status()
        let id = try #require(SessionFixture.sessionID(status))
        let agents = SessionFixture.agentRecords(status)
        #expect(Set(agents.compactMap { $0["name"] as? String }) == ["db", "users-api", "orders-api"])
        #expect(agents.first?["name"] as? String == "db", "dependencies come first")
        let users = try #require(SessionFixture.agent("users-api", in: status))
        #expect(users["role"] as? String == "backend")
        #expect(users["task"] as? String == "users endpoints")
        #expect(users["dependsOn"] as? [String] == ["db"])
        #expect(SessionFixture.agent("orders-api", in: status)?["dependsOn"] as? [String] == ["db"],
                "a role name stands for that role's agents")
        for name in ["users-api", "orders-api"] {
            #expect(try fixture.git(["show", "agents/\(id)/\(name):db.txt"]) == "line from db")
            #expect((fixture.startTimes(name).first ?? 0) >= (fixture.endTimes("db").first ?? .infinity))
        }
    }

    @Test func aPlanFileInTheSeedsSessionPatternFormatIsAccepted() throws {
        let fixture = try SessionFixture()
        try fixture.defaultCommand(try fixture.argvAgent() + " {prompt}")
        let plan = """
            {"session": {"name": "profile-feature", "agents": [
              {"role": "database", "worktree": "feature/db-schema", "directory": "db/", "task": "Create the profile table"},
              {"role": "frontend", "worktree": "feature/profile-ui", "directory": "src/ui/", "task": "Build the profile page"}
            ]}}
            """
        let file = fixture.root.appendingPathComponent("pattern.json")
        try plan.write(to: file, atomically: true, encoding: .utf8)
        let start = try fixture.agents(["start", "Profile feature", "--plan", file.path, "--wait"])
        #expect(start.status == 0, "\(start)")

        let status = try fixture.status()
        let database = try #require(SessionFixture.agent("database", in: status))
        #expect(database["branch"] as? String == "feature/db-schema")
        #expect(database["task"] as? String == "Create the profile table")
        #expect(SessionFixture.agent("frontend", in: status)?["branch"] as? String == "feature/profile-ui")
        #expect(try fixture.git(["branch", "--list", "feature/*", "--format=%(refname:short)"])
                == "feature/db-schema\nfeature/profile-ui")
        #expect(fixture.record("database.env.TASK") == "Create the profile table")
        let prompt = String(decoding: fixture.recordData("database.argv") ?? Data(), as: UTF8.self)
        #expect(prompt.contains("db/"), "the directory should reach the prompt: \(prompt)")
    }

    @Test func startWorksFromASubfolderAndFromALinkedWorktree() throws {
        let fixture = try SessionFixture()
        try fixture.defaultCommand(try fixture.succeedingAgent())
        try fixture.role("one")
        try fixture.write("x\n", to: "sub/dir/file.txt")
        try fixture.git(["add", "."])
        try fixture.git(["commit", "-q", "-m", "sub"])

        let fromSub = try fixture.agents(["start", "From a subfolder", "--wait"], in: fixture.repo.appendingPathComponent("sub/dir"))
        #expect(fromSub.status == 0, "\(fromSub)")
        let first = try fixture.status()
        #expect((first["session"] as? [String: Any])?["into"] as? String == "main")

        let linked = fixture.root.appendingPathComponent("linked")
        try fixture.git(["worktree", "add", "-q", "-b", "topic", linked.path])
        try fixture.write("topic\n", to: "topic.txt", in: linked)
        try fixture.git(["add", "topic.txt"], in: linked)
        try fixture.git(["commit", "-q", "-m", "topic work"], in: linked)
        let fromLinked = try fixture.agents(["start", "From a linked worktree", "--wait"], in: linked.appendingPathComponent("sub"))
        #expect(fromLinked.status == 0, "\(fromLinked)")

        // Both sessions are one repository's: seen from the main worktree, newest first.
        let sessions = try fixture.list()
        #expect(sessions.count == 2)
        let second = try #require(sessions.first)
        #expect(second["task"] as? String == "From a linked worktree")
        let status = try fixture.status()
        #expect((status["session"] as? [String: Any])?["into"] as? String == "topic")
        #expect((status["session"] as? [String: Any])?["base"] as? String == (try fixture.git(["rev-parse", "topic"])))
        let agent = try #require(SessionFixture.agent("one", in: status))
        let branch = try #require(agent["branch"] as? String)
        // The linked worktree's commit is the agent's base.
        #expect(try fixture.git(["show", "\(branch):topic.txt"]) == "topic")
        // The runtime folder is the shared one, not the linked worktree's own git dir.
        #expect(FileManager.default.fileExists(atPath: fixture.repo.appendingPathComponent(".git/agents").path))
        try fixture.expectFsckClean()
    }

    @Test func commandsInACommittedGitagentsNeedTrust() throws {
        let fixture = try SessionFixture()
        let agent = try fixture.succeedingAgent()
        try fixture.write("""
            [agents]
            \tcommand = \(agent)
            [role "solo"]
            \tdescription = works alone

            """, to: ".gitagents")
        try fixture.git(["add", ".gitagents"])
        try fixture.git(["commit", "-q", "-m", "agents config"])
        let before = try fixture.footprint()

        let refused = try fixture.agents("start", "Untrusted", "--wait")
        #expect(refused.status == 2, "\(refused)")
        #expect(refused.stderr.contains("git agents trust"), "\(refused)")
        #expect(try fixture.footprint() == before)
        #expect(fixture.startTimes("solo").isEmpty)

        let trust = try fixture.agents("trust")
        #expect(trust.status == 0, "\(trust)")
        let start = try fixture.agents("start", "Trusted", "--wait")
        #expect(start.status == 0, "\(start)")
        #expect(fixture.startTimes("solo").count == 1)
        // --agent-cmd needs no trust: it is the user's own flag.
        try fixture.write("[agents]\n\tcommand = \(agent) changed\n[role \"solo\"]\n\tdescription = works alone\n",
                          to: ".gitagents")
        let changed = try fixture.agents("start", "Changed file", "--dry-run")
        #expect(changed.status == 2, "an edited file needs trust again:\n\(changed)")
        #expect(changed.stderr.contains("git agents trust"), "\(changed)")
        let flag = try fixture.agents(["start", "With a flag", "--agent-cmd", agent, "--dry-run"])
        #expect(flag.status == 0, "\(flag)")
    }
}
