// The details of a session that the broad tests leave out: per-agent limits, stalled agents, start's
// --base/--into/--strategy/--batch-size, a role's model/temperature/maxTokens, artifacts between roles,
// doctor on a session without its supervisor, and the commands run from a linked worktree.
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Session details", .timeLimit(.minutes(10)))
struct SessionDetailsTests {

    /// The text after `] [agent] ` of each of an agent's log lines.
    static func logTexts(_ output: ProcessOutput, agent: String) -> [String] {
        output.stdout.split(separator: "\n").compactMap { line -> String? in
            guard let range = line.range(of: "] [\(agent)] ") else { return nil }
            return String(line[range.upperBound...])
        }
    }

    /// The argv an agent made by `argvAgent` (or any script writing records/<agent>.argv NUL-separated) received.
    static func argv(_ fixture: SessionFixture, _ agent: String) throws -> [String] {
        let data = try #require(fixture.recordData("\(agent).argv"), "\(agent) did not record its argv")
        return data.split(separator: 0, omittingEmptySubsequences: false).dropLast()
            .map { String(decoding: $0, as: UTF8.self) }
    }

    /// `session.json` of a session record, as git stores it.
    static func sessionJSON(_ fixture: SessionFixture, _ id: String) throws -> [String: Any] {
        try jsonObject(try fixture.git(["show", "refs/agents/sessions/\(id):session.json"]))
    }

    /// `doctor --json`'s checks.
    static func doctorChecks(_ output: ProcessOutput) throws -> [(area: String, status: String, detail: String)] {
        let report = try jsonObject(output.stdout)
        let checks = try #require(report["checks"] as? [[String: Any]], "no checks in \(output)")
        return checks.map { ($0["area"] as? String ?? "", $0["status"] as? String ?? "", $0["detail"] as? String ?? "") }
    }

    // MARK: limits

    @Test func memoryAndCPULimitsReachTheAgent() throws {
        let fixture = try SessionFixture()
        try fixture.git(["config", "agents.maxMemoryPerAgent", "512M"])
        try fixture.git(["config", "agents.maxCpuPerAgent", "1"])
        try fixture.role("bounded", command: try fixture.script("limits", """
            echo "data limit: $(ulimit -d)"
            grep Cpus_allowed_list /proc/self/status
            exit 0
            """))
        let start = try fixture.agents("start", "Stay small", "--wait")
        #expect(start.status == 0, "\(start)")

        let logs = try fixture.agents("logs", "--agent", "bounded")
        #expect(logs.status == 0, "\(logs)")
        let texts = Self.logTexts(logs, agent: "bounded")
        let dataLimit = texts.first { $0.hasPrefix("data limit: ") }.map { String($0.dropFirst("data limit: ".count)) }
        let cgroup = texts.first { $0.hasPrefix("git-agents: limit memory: cgroup v2") }
        // Memory: RLIMIT_DATA of 512 MiB (ulimit -d counts KiB), or a cgroup v2 memory.max where one is writable.
        if let cgroup {
            #expect(cgroup.contains("536870912"), "the cgroup limit is not 512M: \(cgroup)")
        } else {
            #expect(dataLimit == "524288", "ulimit -d is \(dataLimit ?? "not printed"), not 524288 KiB:\n\(logs.stdout)")
        }
        // CPUs: affinity to a single CPU.
        let cpus = try #require(texts.first { $0.hasPrefix("Cpus_allowed_list:") }, "no Cpus_allowed_list line:\n\(logs.stdout)")
        let allowed = cpus.dropFirst("Cpus_allowed_list:".count).trimmingCharacters(in: .whitespaces)
        #expect(allowed.wholeMatch(of: /\d+/) != nil, "the agent may run on CPUs \(allowed), not on one")
    }

    // MARK: stalled

    @Test func aSilentAgentIsShownAsStalledUntilItTalksAgain() throws {
        let fixture = try SessionFixture()
        try fixture.git(["config", "agents.stallTimeout", "2s"])
        // Silent until records/poke-<agent> exists, then a line every 0.2s until records/release-<agent> (at most 2 minutes).
        try fixture.role("quiet", command: try fixture.script("quiet", """
            touch "$REC/$AGENT.ready"
            for _ in $(seq 1 2400); do
              [ -e "$REC/release-$AGENT" ] && exit 0
              if [ -e "$REC/poke-$AGENT" ]; then echo "still here"; sleep 0.2; else sleep 0.05; fi
            done
            exit 8
            """))
        #expect(try fixture.agents("start", "Say nothing").status == 0)
        let id = try fixture.newestSession()
        try fixture.waitForWorking("quiet", session: id)

        let stalled = try fixture.waitForStatus(session: id, timeout: 60, what: "quiet to be stalled") { status in
            let view = (status["agents"] as? [[String: Any]])?.first { ($0["agent"] as? [String: Any])?["name"] as? String == "quiet" }
            return view?["stalled"] as? Bool == true
        }
        #expect(SessionFixture.agent("quiet", in: stalled)?["status"] as? String == "running", "stalled is shown, not recorded")
        let human = try fixture.agents("status", "--session", id)
        #expect(human.status == 0, "\(human)")
        let row = human.stdout.split(separator: "\n").first { $0.hasPrefix("quiet ") }
        #expect(row?.contains("stalled") == true, "no stalled in the agent's row:\n\(human.stdout)")

        // Output again: no longer stalled.
        #expect(FileManager.default.createFile(atPath: fixture.records.appendingPathComponent("poke-quiet").path, contents: Data()))
        try fixture.waitForStatus(session: id, timeout: 60, what: "quiet to be running and not stalled") { status in
            let view = (status["agents"] as? [[String: Any]])?.first { ($0["agent"] as? [String: Any])?["name"] as? String == "quiet" }
            return view?["stalled"] as? Bool == false && SessionFixture.agent("quiet", in: status)?["status"] as? String == "running"
        }

        try fixture.release("quiet")
        let ended = try fixture.waitForEnd(session: id)
        #expect(SessionFixture.agent("quiet", in: ended)?["status"] as? String == "done")
        let views = try #require(ended["agents"] as? [[String: Any]])
        #expect(views.allSatisfy { $0["stalled"] as? Bool == false }, "an ended agent is not stalled")
    }

    // MARK: start options

    @Test func baseIntoAndStrategyAreRecordedAndTheBaseIsWhereAgentsStart() throws {
        let fixture = try SessionFixture()
        let first = try fixture.git(["rev-parse", "HEAD"])
        try fixture.write("second\n", to: "second.txt")
        try fixture.git(["add", "second.txt"])
        try fixture.git(["commit", "-q", "-m", "second commit"])
        try fixture.git(["branch", "other"])
        try fixture.role("solo", command: try fixture.argvAgent())

        let start = try fixture.agents(["start", "From the past", "--base", "HEAD~1", "--into", "other",
                                        "--strategy", "manual", "--wait"])
        #expect(start.status == 0, "\(start)")
        let id = try fixture.newestSession()
        let session = try Self.sessionJSON(fixture, id)
        #expect(session["base"] as? String == first, "session.json base: \(session)")
        #expect(session["into"] as? String == "other", "session.json into: \(session)")
        #expect(session["strategy"] as? String == "manual", "session.json strategy: \(session)")

        let agent = try #require(SessionFixture.agent("solo", in: try fixture.status(session: id)))
        #expect(agent["base"] as? String == first)
        let worktree = try #require(agent["worktree"] as? String)
        #expect(fixture.record("solo.pwd")?.trimmingCharacters(in: .newlines) == worktree, "the agent did not run in its worktree")
        #expect(FileManager.default.fileExists(atPath: worktree + "/README.md"))
        #expect(!FileManager.default.fileExists(atPath: worktree + "/second.txt"), "the worktree has the second commit's file")
        let branch = try #require(agent["branch"] as? String)
        #expect(try fixture.gitResult(["cat-file", "-e", "\(branch):second.txt"]).status != 0)
        #expect(try fixture.gitResult(["merge-base", "--is-ancestor", first, branch]).status == 0)
    }

    @Test func batchSizeOneRunsIndependentAgentsOneAfterTheOther() throws {
        let fixture = try SessionFixture()
        let sleeper = try fixture.sleepingAgent(seconds: 1)
        try fixture.role("left", command: sleeper)
        try fixture.role("right", command: sleeper)

        let start = try fixture.agents("start", "One at a time", "--batch-size", "1", "--wait")
        #expect(start.status == 0, "\(start)")
        var intervals: [(start: Double, end: Double)] = []
        for name in ["left", "right"] {
            let starts = fixture.startTimes(name), ends = fixture.endTimes(name)
            try #require(starts.count == 1 && ends.count == 1, "\(name) ran \(starts.count) times, ended \(ends.count)")
            intervals.append((starts[0], ends[0]))
        }
        intervals.sort { $0.start < $1.start }
        #expect(intervals[1].start >= intervals[0].end, "the second wave started before the first ended: \(intervals)")
    }

    // MARK: agent settings

    @Test func modelTemperatureAndMaxTokensReachTheCommandAndTheEnvironment() throws {
        let fixture = try SessionFixture()
        let template = try fixture.argvAgent() + " --model {model} --t {temperature} --mt {maxTokens} {prompt}"
        try fixture.role("tuned", command: template)
        try fixture.git(["config", "role.tuned.model", "m-1"])
        try fixture.git(["config", "role.tuned.temperature", "0.2"])
        try fixture.git(["config", "role.tuned.maxTokens", "99"])
        // The same template without values: each flag goes with its missing value.
        try fixture.role("plain", command: template)

        let start = try fixture.agents("start", "Tune it", "--wait")
        #expect(start.status == 0, "\(start)")

        let tuned = try Self.argv(fixture, "tuned")
        try #require(tuned.count == 7, "argv: \(tuned)")
        #expect(Array(tuned.prefix(6)) == ["--model", "m-1", "--t", "0.2", "--mt", "99"], "argv: \(tuned)")
        #expect(tuned[6].hasPrefix("# Role: tuned") && tuned[6].contains("Tune it"), "the prompt: \(tuned[6])")
        #expect(fixture.record("tuned.env.MODEL") == "m-1")
        #expect(fixture.record("tuned.env.TEMPERATURE") == "0.2")
        #expect(fixture.record("tuned.env.MAX_TOKENS") == "99")
        let record = try #require(SessionFixture.agent("tuned", in: try fixture.status()))
        #expect(record["model"] as? String == "m-1")
        #expect((record["command"] as? [String]).map { Array($0.dropFirst().prefix(6)) } == ["--model", "m-1", "--t", "0.2", "--mt", "99"],
                "recorded command: \(String(describing: record["command"]))")

        let plain = try Self.argv(fixture, "plain")
        #expect(plain.count == 1 && plain.first?.hasPrefix("# Role: plain") == true, "argv: \(plain)")
        for variable in ["MODEL", "TEMPERATURE", "MAX_TOKENS"] {
            let value = fixture.record("plain.env.\(variable)")
            #expect(value == "" || value == "<unset>", "GIT_AGENTS_\(variable) of a role without one: \(value ?? "nil")")
        }
    }

    // MARK: artifacts

    @Test func anArtifactReachesTheDependantAndTheRecord() throws {
        let fixture = try SessionFixture()
        let text = "The spec, written by A.\nSecond line.\n"
        try fixture.role("a", command: try fixture.script("writer", """
            printf '%s' '\(text)' > "$GIT_AGENTS_ARTIFACTS/spec.md"
            exit 0
            """))
        try fixture.role("b", dependsOn: ["a"], command: try fixture.script("reader", """
            printf '%s\\0' "$@" > "$REC/$AGENT.argv"
            touch "$REC/$AGENT.ready"
            await "release-$AGENT" || exit 8
            exit 0
            """))
        #expect(try fixture.agents("start", "Spec then build").status == 0)
        let id = try fixture.newestSession()
        try fixture.waitForWorking("b", session: id, timeout: 60)

        // While b runs, the file its prompt names is there with a's text.
        let prompt = try #require(try Self.argv(fixture, "b").last)
        #expect(prompt.contains("spec.md"), "the prompt does not mention spec.md:\n\(prompt)")
        let path = try #require(prompt.firstMatch(of: /`(\/[^`]*spec\.md)`/)?.1, "no path to spec.md in the prompt:\n\(prompt)")
        #expect(try String(contentsOfFile: String(path), encoding: .utf8) == text, "\(path)")

        try fixture.release("b")
        let ended = try fixture.waitForEnd(session: id)
        #expect(SessionFixture.sessionState(ended) == "done", "\(SessionFixture.activity(ended))")
        let files = try fixture.git(["ls-tree", "-r", "--name-only", "refs/agents/sessions/\(id)"]).split(separator: "\n")
        #expect(files.contains("artifacts/a/spec.md"), "\(files)")
        #expect(try fixture.git(["show", "refs/agents/sessions/\(id):artifacts/a/spec.md"]) + "\n" == text)
    }

    // MARK: doctor

    @Test func doctorReportsASessionWhoseSupervisorIsGoneAndStatusTakesItOver() throws {
        let fixture = try SessionFixture()
        try fixture.role("first", command: try fixture.waitingAgent())
        #expect(try fixture.agents("start", "Lose the supervisor").status == 0)
        let id = try fixture.newestSession()
        try fixture.waitForWorking("first", session: id)
        let pidFile = try fixture.runtimeFolder(id).appendingPathComponent("supervisor.pid")
        let old = try #require(SessionFixture.pid(in: pidFile), "no supervisor.pid")
        #expect(kill(old, SIGKILL) == 0)
        try fixture.waitUntil("the supervisor to die", timeout: 10) { !SessionFixture.isAlive(old) }

        // Doctor only looks: it reports the session each time and starts no supervisor.
        for _ in 0..<2 {
            let doctor = try fixture.agents("doctor", "--json")
            #expect(doctor.status == 1, "\(doctor)")
            let checks = try Self.doctorChecks(doctor)
            #expect(checks.contains { $0.area == "sessions" && $0.status == "problem" && $0.detail.contains(id) },
                    "\(checks)")
            #expect((try jsonObject(doctor.stdout))["healthy"] as? Bool == false)
        }
        #expect(SessionFixture.pid(in: pidFile).map(SessionFixture.isAlive) != true, "doctor started a supervisor")

        let status = try fixture.agents("status")
        #expect(status.status == 0, "\(status)")
        try fixture.waitUntil("a new supervisor to write its pid", timeout: 30) {
            SessionFixture.pid(in: pidFile).map { $0 != old && SessionFixture.isAlive($0) } ?? false
        }
        try fixture.release("first")
        let ended = try fixture.waitForEnd(session: id)
        #expect(SessionFixture.sessionState(ended) == "done", "\(SessionFixture.activity(ended))")
        let after = try Self.doctorChecks(try fixture.agents("doctor", "--json"))
        #expect(!after.contains { $0.area == "sessions" && $0.status == "problem" }, "\(after)")
    }

    @Test func doctorSaysWhichRoleSettingsAPresetCannotTake() throws {
        let fixture = try SessionFixture()
        try fixture.defaultCommand("codex")
        try fixture.role("reviewer")
        try fixture.git(["config", "role.reviewer.mcpServers", "github"])
        try fixture.git(["config", "role.reviewer.temperature", "0.3"])
        try fixture.role("other")

        let doctor = try fixture.agents("doctor", "--json")
        let checks = try Self.doctorChecks(doctor)
        let roles = checks.filter { $0.area == "roles" }
        let temperature = roles.first { $0.detail.contains("temperature") }
        #expect(temperature?.status == "info" && temperature?.detail.contains("not applicable") == true, "\(roles)")
        #expect(temperature?.detail.contains("reviewer") == true, "\(roles)")
        let mcp = roles.first { $0.detail.contains("mcpServers") }
        #expect(mcp?.status == "info" && mcp?.detail.contains("not applicable") == true, "\(roles)")
        #expect(!roles.contains { $0.detail.contains("role other") }, "a role without such settings is fine: \(roles)")
    }

    // MARK: linked worktrees

    @Test func statusLogsStopAndDoctorWorkFromALinkedWorktreeSubfolder() throws {
        let fixture = try SessionFixture()
        try fixture.role("worker", command: try fixture.waitingAgent())
        #expect(try fixture.agents("start", "Seen from elsewhere").status == 0)
        let id = try fixture.newestSession()
        try fixture.waitForWorking("worker", session: id)

        try fixture.git(["worktree", "add", "-q", "../linked", "-b", "linked"])
        let sub = fixture.root.appendingPathComponent("linked/sub")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)

        let status = try fixture.agents(["status"], in: sub)
        #expect(status.status == 0, "\(status)")
        #expect(status.stdout.contains("Session: \(id)") && status.stdout.contains("worker"), "\(status)")
        let json = try fixture.agents(["status", "--json"], in: sub)
        #expect(json.status == 0, "\(json)")
        #expect(SessionFixture.sessionID(try jsonObject(json.stdout)) == id)

        let logs = try fixture.agents(["logs", "--agent", "worker"], in: sub)
        #expect(logs.status == 0, "\(logs)")
        #expect(logs.stdout.contains("] [worker] waiting for release"), "\(logs)")

        let doctor = try fixture.agents(["doctor", "--json"], in: sub)
        #expect([0, 1].contains(doctor.status), "\(doctor)")
        let sessions = try Self.doctorChecks(doctor).filter { $0.area == "sessions" }
        #expect(sessions.contains { $0.status == "ok" && $0.detail.contains("1 session") }, "doctor did not see the session: \(sessions)")
        #expect(!sessions.contains { $0.status == "problem" }, "\(sessions)")

        let stop = try fixture.agents(["stop"], in: sub)
        #expect(stop.status == 0, "\(stop)")
        let ended = try fixture.waitForEnd(session: id)
        #expect(SessionFixture.agent("worker", in: ended)?["status"] as? String == "stopped")
        #expect(try fixture.git(["show", "agents/\(id)/worker:worker-draft.txt"]) == "draft by worker")
    }
}
