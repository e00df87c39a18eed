// Watching and steering a session from the command line: status, logs, list, stop, restart, progress,
// and the agents' worktrees as git sees them.
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Watching and steering sessions", .timeLimit(.minutes(10)))
struct SessionControlTests {

    // MARK: status

    @Test func statusShowsTheSessionItsAgentsAndRecentActivity() throws {
        let fixture = try SessionFixture()
        try fixture.defaultCommand(try fixture.succeedingAgent())
        try fixture.role("database")
        try fixture.role("api", dependsOn: ["database"])
        let start = try fixture.agents("start", "Add a users table and endpoint", "--wait")
        #expect(start.status == 0, "\(start)")

        let json = try fixture.status()
        let session = try #require(json["session"] as? [String: Any])
        let id = try #require(session["id"] as? String)
        #expect(id.wholeMatch(of: /\d{8}-\d{3}/) != nil, "session id \(id)")
        #expect(session["task"] as? String == "Add a users table and endpoint")
        #expect(session["state"] as? String == "done")
        #expect(session["into"] as? String == "main")
        #expect(session["base"] as? String == (try fixture.git(["rev-parse", "main"])))
        for key in ["createdAt", "strategy", "maxParallel"] { #expect(session[key] != nil, "session.\(key) missing") }
        #expect(json["elapsed"] is NSNumber)
        #expect(json.keys.contains("supervisor"))
        let views = try #require(json["agents"] as? [[String: Any]])
        #expect(views.count == 2)
        for view in views {
            #expect(view["stalled"] as? Bool == false)
            #expect(view["elapsed"] is NSNumber)
            let agent = try #require(view["agent"] as? [String: Any])
            for key in ["name", "role", "task", "dependsOn", "branch", "worktree", "base", "head", "status", "progress",
                        "pid", "startedAt", "endedAt", "exitCode", "command", "model", "stats"] {
                #expect(agent.keys.contains(key), "agent.\(key) missing")
            }
        }
        let activity = try #require(json["activity"] as? [[String: Any]])
        #expect(!activity.isEmpty)
        #expect(activity.allSatisfy { $0["message"] is String && $0["time"] is String && $0["commit"] is String })
        // Newest first, and the history of the session ref.
        #expect(activity.first?["commit"] as? String == (try fixture.git(["rev-parse", "refs/agents/sessions/\(id)"])))

        // NO_COLOR empty counts as unset (the fixture sets it for every child): off a terminal is the only reason for no colour.
        let human = try fixture.agents(["status"], environment: ["NO_COLOR": "", "TERM": "xterm-256color"])
        #expect(human.status == 0, "\(human)")
        let text = human.stdout
        #expect(text.contains("Session: \(id)"))
        #expect(text.contains("Add a users table and endpoint"))
        #expect(text.contains("Elapsed:"))
        #expect(text.contains("Recent activity:"))
        #expect(text.contains("session \(id) done"))
        let header = try #require(text.split(separator: "\n").first { $0.hasPrefix("AGENT") })
        for column in ["TASK", "STATUS", "PROGRESS", "ELAPSED"] { #expect(header.contains(column)) }
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("database ") || $0.hasPrefix("api ") }
        #expect(rows.count == 2, "\(text)")
        #expect(rows.allSatisfy { $0.contains("done") && $0.contains("100%") }, "\(text)")
        // Aligned: the STATUS column starts at the same place in the header and every row.
        let column = try #require(header.range(of: "STATUS")).lowerBound.utf16Offset(in: header)
        for row in rows {
            let found = try #require(row.range(of: "done")).lowerBound.utf16Offset(in: row)
            #expect(found == column, "misaligned row: \(row)")
        }
        #expect(!text.contains("\u{1B}["), "no colour off a terminal")
        // --session names a session explicitly; an unknown one is a usage error.
        #expect(try fixture.agents("status", "--session", id).status == 0)
        let unknown = try fixture.agents("status", "--session", "19990101-001")
        #expect(unknown.status == 2, "\(unknown)")
    }

    // MARK: logs

    @Test func logsAreTimestampedAgentLinesAndLastTakesTheTail() throws {
        let fixture = try SessionFixture()
        try fixture.role("alpha")
        try fixture.role("beta")
        let talker = try fixture.script("talker", """
            for i in 1 2 3 4 5; do echo "$AGENT says $i"; done
            exit 0
            """)
        let start = try fixture.agents(["start", "Talk", "--agent-cmd", talker, "--wait"])
        #expect(start.status == 0, "\(start)")

        let logs = try fixture.agents("logs")
        #expect(logs.status == 0, "\(logs)")
        let lines = logs.stdout.split(separator: "\n").map(String.init)
        #expect(!lines.isEmpty)
        for line in lines {
            #expect(line.wholeMatch(of: /\[\d\d:\d\d:\d\d\] \[(alpha|beta)\] .*/) != nil, "bad log line: \(line)")
        }
        for agent in ["alpha", "beta"] {
            let said = lines.filter { $0.contains("] [\(agent)] \(agent) says ") }
            #expect(said.count == 5, "\(agent): \(said)")
            #expect(said.map { $0.suffix(1) } == ["1", "2", "3", "4", "5"])
        }

        let alpha = try fixture.agents("logs", "--agent", "alpha").stdout.split(separator: "\n")
        #expect(!alpha.isEmpty && alpha.allSatisfy { $0.contains("] [alpha] ") })

        let last = try fixture.agents("logs", "--last", "3")
        #expect(last.status == 0)
        #expect(last.stdout.split(separator: "\n").map(String.init) == Array(lines.suffix(3)))
        let lastAlpha = try fixture.agents("logs", "--agent", "alpha", "--last", "2").stdout.split(separator: "\n")
        #expect(lastAlpha == Array(alpha.suffix(2)))

        let json = try fixture.agents("logs", "--json", "--agent", "beta")
        let objects = try json.stdout.split(separator: "\n").map { try jsonObject(String($0)) }
        #expect(objects.filter { ($0["text"] as? String)?.hasPrefix("beta says") == true }.count == 5)
        #expect(objects.allSatisfy { $0["agent"] as? String == "beta" && $0["time"] is String })

        let unknown = try fixture.agents("logs", "--agent", "gamma")
        #expect(unknown.status == 2, "\(unknown)")
        #expect(unknown.stderr.contains("gamma"))
    }

    @Test func logsFollowStreamsUntilTheAgentsEnd() throws {
        let fixture = try SessionFixture()
        try fixture.role("slow")
        try fixture.role("after", dependsOn: ["slow"])
        let start = try fixture.agents(["start", "Follow me", "--agent-cmd", try fixture.waitingAgent()])
        #expect(start.status == 0, "\(start)")
        try fixture.waitForWorking("slow")

        // On a thread of its own, not the cooperative pool: other tests may hold every pool thread.
        let followed = FollowResult()
        Thread.detachNewThread {
            followed.set(Result { try fixture.agents(["logs", "--follow"], timeout: .seconds(50)) })
        }
        // Give follow time to print what is there, then let the agents finish.
        usleep(1_000_000)
        try fixture.release("slow")
        try fixture.release("after")
        let output = try followed.wait(seconds: 55).get()
        #expect(output.status == 0, "\(output)")
        let lines = output.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasSuffix("] [slow] waiting for release") }, "\(output)")
        #expect(lines.contains { $0.hasSuffix("] [slow] after release") }, "\(output)")
        #expect(lines.contains { $0.hasSuffix("] [after] after release") }, "follow ended before the dependant ran:\n\(output)")
        // Every line once.
        #expect(lines.filter { $0.hasSuffix("] [slow] after release") }.count == 1, "\(output)")
        // When it returned, the session was over.
        let status = try fixture.status()
        #expect(SessionFixture.agentRecords(status).allSatisfy { $0["status"] as? String == "done" })
    }

    // MARK: list

    @Test func listShowsSessionsNewestFirst() throws {
        let fixture = try SessionFixture()
        try fixture.defaultCommand(try fixture.succeedingAgent())
        try fixture.role("solo")
        #expect(try fixture.list().isEmpty)
        let empty = try fixture.agents("list")
        #expect(empty.status == 0 && empty.stdout.contains("No sessions"), "\(empty)")

        for task in ["first task", "second task", "third task"] {
            let start = try fixture.agents("start", task, "--wait")
            #expect(start.status == 0, "\(start)")
        }
        let sessions = try fixture.list()
        #expect(sessions.compactMap { $0["task"] as? String } == ["third task", "second task", "first task"])
        let ids = sessions.compactMap { $0["id"] as? String }
        #expect(ids == ids.sorted().reversed())
        #expect(Set(ids).count == 3)
        for session in sessions {
            #expect(session["state"] as? String == "done")
            #expect(session["agents"] as? Int == 1)
            #expect(session["done"] as? Int == 1)
            #expect(session["archived"] as? Bool == false)
            #expect(session["createdAt"] is String)
        }
        // The newest is what status shows without --session.
        #expect(SessionFixture.sessionID(try fixture.status()) == ids.first)

        let human = try fixture.agents("list")
        #expect(human.status == 0)
        let rows = human.stdout.split(separator: "\n").map(String.init)
        #expect(rows.first?.hasPrefix("SESSION") == true, "\(human)")
        let order = ids.compactMap { id in rows.firstIndex { $0.hasPrefix(id) } }
        #expect(order == [1, 2, 3], "\(human)")
        #expect(rows[1].contains("third task") && rows[1].contains("1/1 done"), "\(human)")
    }

    // MARK: progress

    @Test func progressOutsideAnAgentWorktreeIsAUsageError() throws {
        let fixture = try SessionFixture()
        try fixture.defaultCommand(try fixture.succeedingAgent())
        try fixture.role("solo")
        #expect(try fixture.agents("start", "Something", "--wait").status == 0)

        let outside = try fixture.agents("progress", "50", "half way")
        #expect(outside.status == 2, "\(outside)")
        #expect(outside.stderr.contains("agent"), "\(outside)")
        let elsewhere = try fixture.agents(["progress", "50"], in: fixture.root)
        #expect(elsewhere.status == 4, "outside any repository:\n\(elsewhere)")
        let outOfRange = try fixture.agents("progress", "150")
        #expect(outOfRange.status == 2, "\(outOfRange)")
        // Nothing was recorded.
        let status = try fixture.status()
        #expect(!SessionFixture.activity(status).contains { $0.contains("half way") })
    }

    // MARK: stop

    @Test func stoppingOneSleepingAgentKeepsItsWork() throws {
        let fixture = try SessionFixture()
        try fixture.role("sleeper", command: try fixture.script("sleeper", """
            echo "draft by $AGENT" > draft.txt
            echo "drafted, now sleeping"
            touch "$REC/$AGENT.ready"
            sleep 30
            echo "woke up (should not happen)"
            """))
        try fixture.role("quick", command: try fixture.succeedingAgent())
        try fixture.role("blocked", dependsOn: ["sleeper"], command: try fixture.succeedingAgent())

        let start = try fixture.agents("start", "Sleep on it")
        #expect(start.status == 0, "\(start)")
        let id = try fixture.newestSession()
        let running = try fixture.waitForWorking("sleeper", session: id)
        let pid = try #require(SessionFixture.agentPid("sleeper", in: running))

        let stop = try fixture.agents("stop", "--agent", "sleeper")
        #expect(stop.status == 0, "\(stop)")
        #expect(stop.stdout.contains("sleeper"), "\(stop)")

        let stopped = try fixture.waitForAgent("sleeper", status: "stopped", session: id, timeout: 5)
        let sleeper = try #require(SessionFixture.agent("sleeper", in: stopped))
        #expect(!SessionFixture.isAlive(pid), "the agent's process still runs")
        let branch = try #require(sleeper["branch"] as? String)
        #expect(try fixture.git(["show", "\(branch):draft.txt"]) == "draft by sleeper")
        let worktree = URL(fileURLWithPath: try #require(sleeper["worktree"] as? String))
        #expect(try fixture.git(["status", "--porcelain"], in: worktree).isEmpty)
        #expect(sleeper["head"] as? String == (try fixture.git(["rev-parse", branch])))

        let ended = try fixture.waitForEnd(session: id)
        #expect(SessionFixture.agent("quick", in: ended)?["status"] as? String == "done")
        let blocked = SessionFixture.agent("blocked", in: ended)?["status"] as? String
        #expect(blocked == "blocked", "a dependant of a stopped agent does not run")
        #expect(SessionFixture.agent("blocked", in: ended)?["reason"] as? String == "it depends on sleeper, which was stopped")
        #expect(fixture.startTimes("blocked").isEmpty)
        // A person stopped it: the session is stopped, not failed.
        #expect(SessionFixture.sessionState(ended) == "stopped")
        #expect(!(try fixture.agents("logs", "--agent", "sleeper").stdout.contains("woke up")))
        let history = try fixture.history(id)
        #expect(history.contains { $0.hasPrefix("sleeper: stopped") }, "\(history)")
        // Stopping again finds nothing to stop.
        let again = try fixture.agents("stop", "--agent", "sleeper")
        #expect(again.status == 0, "\(again)")
        #expect(again.stdout.contains("nothing to stop"), "\(again)")
        try fixture.expectFsckClean()
    }

    @Test func stoppingTheWholeSessionStopsRunningAndWaitingAgents() throws {
        let fixture = try SessionFixture()
        let sleeper = try fixture.script("sleeper", """
            echo "partial work by $AGENT" > "$AGENT.txt"
            touch "$REC/$AGENT.ready"
            sleep 30
            """)
        try fixture.defaultCommand(sleeper)
        try fixture.role("one")
        try fixture.role("two")
        try fixture.role("three", dependsOn: ["one"])

        #expect(try fixture.agents("start", "Never finish").status == 0)
        let id = try fixture.newestSession()
        try fixture.waitForWorking("one", session: id)
        try fixture.waitForWorking("two", session: id)
        let stop = try fixture.agents("stop")
        #expect(stop.status == 0, "\(stop)")

        let status = try fixture.status(session: id)
        #expect(SessionFixture.sessionState(status) != "running", "the session should have ended")
        for name in ["one", "two", "three"] {
            #expect(SessionFixture.agent(name, in: status)?["status"] as? String == "stopped", "\(name)")
        }
        #expect(fixture.startTimes("three").isEmpty)
        for name in ["one", "two"] {
            #expect(try fixture.git(["show", "agents/\(id)/\(name):\(name).txt"]) == "partial work by \(name)")
        }
        // The supervisor leaves too.
        if let supervisor = try fixture.supervisorPid(id) {
            try fixture.waitUntil("the supervisor to exit", timeout: 10) { !SessionFixture.isAlive(supervisor) }
        }
        try fixture.expectFsckClean()
    }

    // MARK: restart

    @Test func restartRunsAFailedAgentAgainAndReleasesItsDependants() throws {
        let fixture = try SessionFixture()
        // Fails on its first run, succeeds on the next.
        let flaky = try fixture.script("flaky", """
            runs=$(wc -l < "$REC/$AGENT.start")
            echo "run $runs"
            if [ "$runs" -lt 2 ]; then echo "failing on run $runs"; exit 3; fi
            echo "run $runs by $AGENT" > flaky.txt
            git add flaky.txt && git commit -q -m "flaky: run $runs"
            exit 0
            """)
        try fixture.role("flaky", command: flaky)
        try fixture.role("next", dependsOn: ["flaky"], command: try fixture.succeedingAgent())

        let first = try fixture.agents("start", "Try twice", "--wait")
        #expect(first.status == 1, "\(first)")
        let id = try fixture.newestSession()
        #expect(fixture.startTimes("next").isEmpty)

        let restart = try fixture.agents("restart", "--agent", "flaky")
        #expect(restart.status == 0, "\(restart)")
        let ended = try fixture.waitForEnd(session: id)
        #expect(SessionFixture.sessionState(ended) == "done", "\(SessionFixture.activity(ended))")
        #expect(SessionFixture.agent("flaky", in: ended)?["status"] as? String == "done")
        #expect(SessionFixture.agent("flaky", in: ended)?["exitCode"] as? Int == 0)
        #expect(SessionFixture.agent("next", in: ended)?["status"] as? String == "done")
        #expect(fixture.startTimes("flaky").count == 2)
        #expect(try fixture.git(["show", "agents/\(id)/next:flaky.txt"]) == "run 2 by flaky")
        // Both runs' logs are kept.
        let logs = try fixture.agents("logs", "--agent", "flaky").stdout
        #expect(logs.contains("failing on run 1") && logs.contains("] [flaky] run 2"), "\(logs)")
        #expect(try fixture.history(id).contains("flaky: restarted"))
        try fixture.expectFsckClean()
    }

    @Test func restartOfARunningAgentStopsItAndRunsItAgain() throws {
        let fixture = try SessionFixture()
        try fixture.role("worker", command: try fixture.waitingAgent())
        #expect(try fixture.agents("start", "Again").status == 0)
        let id = try fixture.newestSession()
        let first = try fixture.waitForWorking("worker", session: id)
        let firstPid = try #require(SessionFixture.agentPid("worker", in: first))

        let restart = try fixture.agents("restart", "--agent", "worker")
        #expect(restart.status == 0, "\(restart)")
        // Polls files only: restart alone must get the agent going again (no status call to revive anything).
        do {
            try fixture.waitUntil("the second run to start", timeout: 20) { fixture.startTimes("worker").count == 2 }
        } catch {
            let supervisor = try fixture.supervisorPid(id)
            let history = try fixture.history(id)
            Issue.record("""
                no second run; supervisor \(supervisor.map(String.init) ?? "none") alive: \(supervisor.map(SessionFixture.isAlive) ?? false)
                history:\n\(history.joined(separator: "\n"))
                """)
            throw error
        }
        #expect(!SessionFixture.isAlive(firstPid), "the first run still runs")
        let second = try fixture.waitForStatus(session: id, what: "worker running again with a new pid") { status in
            let agent = SessionFixture.agent("worker", in: status)
            return agent?["status"] as? String == "running" && (agent?["pid"] as? NSNumber)?.int32Value != firstPid
                && agent?["pid"] is NSNumber
        }
        #expect(SessionFixture.sessionState(second) == "running")
        try fixture.release("worker")
        let ended = try fixture.waitForEnd(session: id)
        #expect(SessionFixture.agent("worker", in: ended)?["status"] as? String == "done")
        #expect(SessionFixture.sessionState(ended) == "done")
        // The first run's draft was kept and the second run committed on top of it.
        #expect(try fixture.git(["show", "agents/\(id)/worker:worker-draft.txt"]) == "draft by worker")
        #expect(fixture.startTimes("worker").count == 2)
        // Both runs' output is kept.
        let logs = try fixture.agents("logs", "--agent", "worker").stdout
        #expect(logs.components(separatedBy: "] [worker] waiting for release").count - 1 == 2, "\(logs)")
        #expect(logs.contains("] [worker] after release"), "\(logs)")
    }

    @Test func restartFreshResetsTheBranchAndKeepsTheOldHeadReachable() throws {
        let fixture = try SessionFixture()
        let writer = try fixture.script("writer", """
            runs=$(wc -l < "$REC/$AGENT.start")
            echo "run $runs" > "run-$runs.txt"
            git add . && git commit -q -m "writer: run $runs"
            exit 0
            """)
        try fixture.role("writer", command: writer)
        #expect(try fixture.agents("start", "Write", "--wait").status == 0)
        let id = try fixture.newestSession()
        let before = try #require(SessionFixture.agent("writer", in: try fixture.status()))
        let branch = try #require(before["branch"] as? String)
        let base = try #require(before["base"] as? String)
        let oldHead = try fixture.git(["rev-parse", branch])
        #expect(oldHead != base)
        #expect(before["head"] as? String == oldHead)

        let restart = try fixture.agents("restart", "--agent", "writer", "--fresh")
        #expect(restart.status == 0, "\(restart)")
        let ended = try fixture.waitForEnd(session: id)
        let after = try #require(SessionFixture.agent("writer", in: ended))
        #expect(after["status"] as? String == "done")
        let newHead = try fixture.git(["rev-parse", branch])
        #expect(newHead != oldHead)
        // The branch starts again from the base: the first run's commit is not in it…
        #expect(try fixture.git(["rev-parse", "\(branch)~1"]) == base)
        #expect(try fixture.gitResult(["merge-base", "--is-ancestor", oldHead, branch]).status == 1)
        #expect(try fixture.gitResult(["cat-file", "-e", "\(branch):run-1.txt"]).status != 0)
        #expect(try fixture.git(["show", "\(branch):run-2.txt"]) == "run 2")
        // …but it stays reachable through the session record.
        let reachable = try fixture.gitResult(["merge-base", "--is-ancestor", oldHead, "refs/agents/sessions/\(id)"])
        #expect(reachable.status == 0, "the old head \(oldHead) is not reachable from the session record:\n\(reachable)")
        try fixture.git(["gc", "--quiet", "--prune=now"])
        #expect(try fixture.gitResult(["cat-file", "-e", oldHead]).status == 0, "gc dropped the old head")
        #expect(try fixture.history(id).contains { $0.hasPrefix("writer: restarted fresh") })
        try fixture.expectFsckClean()
    }

    @Test func restartOfAnUnknownAgentIsAUsageError() throws {
        let fixture = try SessionFixture()
        try fixture.defaultCommand(try fixture.succeedingAgent())
        try fixture.role("solo")
        #expect(try fixture.agents("start", "Something", "--wait").status == 0)
        for command in [["restart", "--agent", "ghost"], ["stop", "--agent", "ghost"], ["recreate", "--agent", "ghost"]] {
            let output = try fixture.agents(command)
            #expect(output.status == 2, "\(output)")
            #expect(output.stderr.contains("ghost") && output.stderr.contains("solo"), "\(output)")
        }
    }

    // MARK: worktrees

    @Test func gitSeesTheAgentWorktreesAndCanRemoveOne() throws {
        let fixture = try SessionFixture()
        try fixture.defaultCommand(try fixture.succeedingAgent())
        try fixture.role("left")
        try fixture.role("right")
        #expect(try fixture.agents("start", "Two sides", "--wait").status == 0)
        let id = try fixture.newestSession()
        let status = try fixture.status()

        let listing = try fixture.git(["worktree", "list", "--porcelain"])
        for name in ["left", "right"] {
            let agent = try #require(SessionFixture.agent(name, in: status))
            let worktree = try #require(agent["worktree"] as? String)
            #expect(worktree.hasPrefix(fixture.worktrees.path + "/"), "\(worktree)")
            #expect(listing.contains("worktree \(worktree)\n"), "\(listing)")
            #expect(listing.contains("branch refs/heads/agents/\(id)/\(name)"), "\(listing)")
            #expect(try fixture.git(["rev-parse", "--abbrev-ref", "HEAD"], in: URL(fileURLWithPath: worktree))
                    == "agents/\(id)/\(name)")
        }
        #expect(!listing.contains("prunable"), "\(listing)")

        let left = try #require(SessionFixture.agent("left", in: status)?["worktree"] as? String)
        let remove = try fixture.gitResult(["worktree", "remove", "--force", left])
        #expect(remove.status == 0, "\(remove)")
        #expect(!FileManager.default.fileExists(atPath: left))
        #expect(!(try fixture.git(["worktree", "list"]).contains(left)))
        // The branch and its work stay.
        #expect(try fixture.git(["show", "agents/\(id)/left:left.txt"]) == "line from left")
        // And git-agents still reads the session.
        #expect(try fixture.agents("status").status == 0)
        try fixture.expectFsckClean()
    }
}

/// The outcome of a command run on another thread.
private final class FollowResult: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<ProcessOutput, Error>?

    func set(_ value: Result<ProcessOutput, Error>) {
        result = value
        done.signal()
    }

    func wait(seconds: Double) throws -> Result<ProcessOutput, Error> {
        guard done.wait(timeout: .now() + seconds) == .success, let result else { throw WaitTimedOut(what: "logs --follow") }
        return result
    }
}
