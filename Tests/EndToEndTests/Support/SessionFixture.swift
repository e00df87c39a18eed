// A scratch repository for running whole sessions with the built binary: a first commit, roles and
// scripted agents (small bash scripts) configured in .git/config, and helpers that read
// `git agents status --json` / `list --json` and wait for a session to end.
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A temporary folder holding `home/` (HOME of every child), `bin/` (git and git-agents, first on PATH),
/// `repo/` (one commit on `main`), `agents/` (the scripted agents) and `records/` (what the agents write
/// about themselves: start/end times, argv, environment — outside the repository on purpose).
/// Agent worktrees land in `repo-worktrees/` beside `repo/` (the default `../<repo>-worktrees`).
final class SessionFixture: @unchecked Sendable {
    let root: URL
    var home: URL { root.appendingPathComponent("home") }
    var bin: URL { root.appendingPathComponent("bin") }
    var repo: URL { root.appendingPathComponent("repo") }
    var scripts: URL { root.appendingPathComponent("agents") }
    var records: URL { root.appendingPathComponent("records") }
    var worktrees: URL { root.appendingPathComponent("repo-worktrees") }

    init() throws {
        root = URL(fileURLWithPath: NSTemporaryDirectory()).resolvingSymlinksInPath()
            .appendingPathComponent("git-agents-session-\(UUID().uuidString.prefix(8))")
        for folder in [home, bin, scripts, records] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        // Agents call `git agents progress`: git must find git-agents on PATH.
        try FileManager.default.createSymbolicLink(at: bin.appendingPathComponent("git"),
                                                   withDestinationURL: try Binary.git.url)
        try FileManager.default.createSymbolicLink(at: bin.appendingPathComponent("git-agents"),
                                                   withDestinationURL: try Binary.gitAgents.url)
        try git(["init", "--quiet", "--initial-branch=main", repo.path], in: root)
        try git(["config", "user.name", "Fixture User"])
        try git(["config", "user.email", "fixture@example.com"])
        try write("scratch\n", to: "README.md")
        try git(["add", "README.md"])
        try git(["commit", "--quiet", "-m", "initial commit"])
    }

    deinit {
        killLeftovers()
        try? FileManager.default.removeItem(at: root)
    }

    var environment: [String: String] {
        Binary.environment([
            "HOME": home.path,
            "XDG_CONFIG_HOME": home.appendingPathComponent(".config").path,
            "GIT_CONFIG_NOSYSTEM": "1",
            "PATH": bin.path + ":/usr/local/bin:/usr/bin:/bin",
            "LC_ALL": "C",
            "NO_COLOR": "1",
        ])
    }

    // MARK: running things

    /// `git agents ARGS` in `directory` (the repository by default).
    @discardableResult
    func agents(_ arguments: [String], in directory: URL? = nil, environment extra: [String: String] = [:],
                timeout: Duration = .seconds(90)) throws -> ProcessOutput {
        try Binary.gitAgents.run(arguments, in: directory ?? repo,
                                 environment: environment.merging(extra) { _, new in new }, timeout: timeout)
    }

    @discardableResult
    func agents(_ arguments: String..., in directory: URL? = nil) throws -> ProcessOutput {
        try agents(arguments, in: directory)
    }

    /// git's trimmed output; throws when git fails.
    @discardableResult
    func git(_ arguments: [String], in directory: URL? = nil) throws -> String {
        try Binary.git.run(arguments, in: directory ?? repo, environment: environment).requireSuccess()
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// git's whole result, for commands whose exit status is the answer.
    func gitResult(_ arguments: [String], in directory: URL? = nil) throws -> ProcessOutput {
        try Binary.git.run(arguments, in: directory ?? repo, environment: environment)
    }

    func write(_ text: String, to relative: String, in directory: URL? = nil) throws {
        let url = (directory ?? repo).appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    // MARK: configuration

    /// A role in .git/config (trusted, unlike .gitagents), with its own command when given.
    func role(_ name: String, dependsOn: [String] = [], command: String? = nil, description: String? = nil) throws {
        try git(["config", "role.\(name).description", description ?? "the \(name) role"])
        for dependency in dependsOn { try git(["config", "--add", "role.\(name).dependsOn", dependency]) }
        if let command { try git(["config", "role.\(name).command", command]) }
    }

    /// `agents.command` in .git/config.
    func defaultCommand(_ command: String) throws {
        try git(["config", "agents.command", command])
    }

    // MARK: scripted agents

    /// Writes an executable bash script into `agents/NAME.sh` and returns its path. Every script begins by
    /// recording `records/<agent>.start` (appending one `date +%s.%N` line per run); scripts that end
    /// normally record `records/<agent>.end` the same way (call `finish` or `exit` — the EXIT trap does it).
    @discardableResult
    func script(_ name: String, _ body: String) throws -> String {
        let url = scripts.appendingPathComponent("\(name).sh")
        let text = """
            #!/bin/bash
            set -u
            REC='\(records.path)'
            AGENT="${GIT_AGENTS_AGENT:-unknown}"
            date +%s.%N >> "$REC/$AGENT.start"
            trap 'date +%s.%N >> "$REC/$AGENT.end"' EXIT
            # Waits (at most 30s) until the test creates records/<file>.
            await() { for _ in $(seq 1 600); do [ -e "$REC/$1" ] && return 0; sleep 0.05; done; return 1; }

            \(body)

            """
        try text.write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        return url.path
    }

    /// Edits a file named after the agent, commits it, exits 0.
    func succeedingAgent(sleep: Double = 0.2) throws -> String {
        try script("succeed", """
            echo "working on $GIT_AGENTS_TASK"
            sleep \(sleep)
            echo "line from $AGENT" >> "$AGENT.txt"
            git add "$AGENT.txt"
            git commit -q -m "$AGENT: add $AGENT.txt"
            echo "committed $AGENT.txt"
            exit 0
            """)
    }

    /// Says so and exits 3.
    func failingAgent() throws -> String {
        try script("fail", """
            echo "about to fail on purpose"
            echo "error: the build is broken on purpose" >&2
            exit 3
            """)
    }

    /// Sleeps far past any test timeout (the runner must end it).
    func hangingAgent() throws -> String {
        try script("hang", """
            echo "going to sleep"
            sleep 60
            echo "woke up (should not happen)"
            """)
    }

    /// Writes files, commits nothing, exits 0.
    func leftoverAgent() throws -> String {
        try script("leftover", """
            mkdir -p notes
            echo "draft by $AGENT" > notes/draft.md
            echo "changed by $AGENT" >> README.md
            echo "left files uncommitted"
            exit 0
            """)
    }

    /// Prints `count` numbered lines.
    func spammingAgent(lines count: Int) throws -> String {
        try script("spam", """
            for i in $(seq 1 \(count)); do echo "spam line $i of \(count)"; done
            exit 0
            """)
    }

    /// Reports 50% "half way", then waits until the test creates records/release-<agent>.
    func progressAgent() throws -> String {
        try script("progress", """
            git agents progress 50 "half way" || { echo "progress failed"; exit 9; }
            echo "reported progress"
            await "release-$AGENT" || exit 8
            echo "released"
            exit 0
            """)
    }

    /// Writes a file (uncommitted), prints a line, touches records/<agent>.ready, then waits until
    /// records/release-<agent> exists, prints "after release", commits and exits 0.
    func waitingAgent() throws -> String {
        try script("waiting", """
            echo "draft by $AGENT" > "$AGENT-draft.txt"
            echo "waiting for release"
            touch "$REC/$AGENT.ready"
            await "release-$AGENT" || exit 8
            echo "after release"
            git add -A && git commit -q -m "$AGENT: finished"
            exit 0
            """)
    }

    /// Sleeps `seconds` and exits 0 (for counting how many run at once).
    func sleepingAgent(seconds: Double) throws -> String {
        try script("sleep", """
            sleep \(seconds)
            exit 0
            """)
    }

    /// Prints its argv (NUL-separated) to records/<agent>.argv and each GIT_AGENTS_* variable to
    /// records/<agent>.env.<NAME> (byte for byte, no newline added).
    func argvAgent() throws -> String {
        try script("argv", """
            printf '%s\\0' "$@" > "$REC/$AGENT.argv"
            for v in SESSION AGENT ROLE TASK ARTIFACTS MODEL TEMPERATURE MAX_TOKENS; do
              name="GIT_AGENTS_$v"
              printf '%s' "${!name-<unset>}" > "$REC/$AGENT.env.$v"
            done
            pwd > "$REC/$AGENT.pwd"
            exit 0
            """)
    }

    /// Two finished agents, `left` and `right`, that rewrote the same line of README.md: they conflict with
    /// each other, not with main. Returns the session.
    func sameLinesSession() throws -> String {
        try role("left")
        try role("right")
        let sameLine = try script("same-line", """
            echo "$AGENT was here" > README.md
            git commit -q -am "$AGENT: rewrite README"
            exit 0
            """)
        let start = try agents("start", "Edit", "--agent-cmd", sameLine, "--wait")
        #expect(start.status == 0, "\(start)")
        return try newestSession()
    }

    /// Creates records/release-<agent>, letting a waiting agent go on.
    func release(_ agent: String) throws {
        let created = FileManager.default.createFile(atPath: records.appendingPathComponent("release-\(agent)").path, contents: Data())
        try #require(created, "cannot create records/release-\(agent)")
    }

    func record(_ name: String) -> String? {
        try? String(contentsOf: records.appendingPathComponent(name), encoding: .utf8)
    }

    func recordData(_ name: String) -> Data? {
        FileManager.default.contents(atPath: records.appendingPathComponent(name).path)
    }

    /// The times an agent's script started (one per run), from records/<agent>.start.
    func startTimes(_ agent: String) -> [Double] { times("\(agent).start") }
    func endTimes(_ agent: String) -> [Double] { times("\(agent).end") }

    private func times(_ file: String) -> [Double] {
        (record(file) ?? "").split(separator: "\n").compactMap { Double($0) }
    }

    // MARK: reading the session

    /// `git agents status --json` parsed; fails when the command fails.
    func status(session: String? = nil) throws -> [String: Any] {
        var arguments = ["status", "--json"]
        if let session { arguments += ["--session", session] }
        let output = try agents(arguments)
        try #require(output.status == 0, "status --json failed:\n\(output)")
        return try jsonObject(output.stdout)
    }

    /// `git agents list --json` parsed.
    func list(all: Bool = false) throws -> [[String: Any]] {
        let output = try agents(all ? ["list", "--json", "--all"] : ["list", "--json"])
        try #require(output.status == 0, "list --json failed:\n\(output)")
        return try #require(try jsonObject(output.stdout)["sessions"] as? [[String: Any]], "no sessions array: \(output.stdout)")
    }

    /// The newest session's id (from `list --json`).
    func newestSession() throws -> String {
        let sessions = try list()
        return try #require(sessions.first?["id"] as? String, "no session listed")
    }

    /// Polls `status --json` until the session is no longer running and every agent has ended.
    @discardableResult
    func waitForEnd(session: String? = nil, timeout: TimeInterval = 90) throws -> [String: Any] {
        try waitForStatus(session: session, timeout: timeout, what: "the session to end") { status in
            Self.sessionState(status) != "running" && Self.sessionState(status) != "planning"
                && Self.agentRecords(status).allSatisfy { !["waiting", "running"].contains($0["status"] as? String ?? "") }
        }
    }

    /// Polls `status --json` until `condition` holds; returns that status.
    @discardableResult
    func waitForStatus(session: String? = nil, timeout: TimeInterval = 30, what: String,
                       _ condition: ([String: Any]) -> Bool) throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(timeout)
        var last: [String: Any] = [:]
        while Date() < deadline {
            last = try status(session: session)
            if condition(last) { return last }
            usleep(150_000)
        }
        let dump = (try? JSONSerialization.data(withJSONObject: last, options: [.prettyPrinted, .sortedKeys]))
            .map { String(decoding: $0, as: UTF8.self) } ?? "\(last)"
        Issue.record("timed out after \(Int(timeout))s waiting for \(what); last status:\n\(dump)")
        throw WaitTimedOut(what: what)
    }

    /// Polls `status --json` until `agent` has `status`.
    @discardableResult
    func waitForAgent(_ agent: String, status wanted: String, session: String? = nil,
                      timeout: TimeInterval = 30) throws -> [String: Any] {
        try waitForStatus(session: session, timeout: timeout, what: "\(agent) to be \(wanted)") { status in
            Self.agent(agent, in: status)?["status"] as? String == wanted
        }
    }

    /// Waits until `agent` is running with its pid recorded and its script has reached `records/<agent>.ready`
    /// (written by the waiting and sleeping scripts once their draft is on disk), so that stopping or killing
    /// it now cannot race its first lines. Returns that status.
    @discardableResult
    func waitForWorking(_ agent: String, session: String? = nil, timeout: TimeInterval = 30) throws -> [String: Any] {
        try waitUntil("\(agent)'s script to be ready", timeout: timeout) { record("\(agent).ready") != nil }
        return try waitForStatus(session: session, timeout: timeout, what: "\(agent) running with a pid") { status in
            let record = Self.agent(agent, in: status)
            return record?["status"] as? String == "running" && record?["pid"] is NSNumber
        }
    }

    /// The pid of a running agent in a status report.
    static func agentPid(_ agent: String, in status: [String: Any]) -> Int32? {
        (Self.agent(agent, in: status)?["pid"] as? NSNumber)?.int32Value
    }

    /// Polls a condition on anything (files, processes).
    func waitUntil(_ what: String, timeout: TimeInterval = 30, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return }
            usleep(100_000)
        }
        Issue.record("timed out after \(Int(timeout))s waiting for \(what)")
        throw WaitTimedOut(what: what)
    }

    static func sessionState(_ status: [String: Any]) -> String? {
        (status["session"] as? [String: Any])?["state"] as? String
    }

    static func sessionID(_ status: [String: Any]) -> String? {
        (status["session"] as? [String: Any])?["id"] as? String
    }

    /// The `agent` objects of a status report, in session order.
    static func agentRecords(_ status: [String: Any]) -> [[String: Any]] {
        ((status["agents"] as? [[String: Any]]) ?? []).compactMap { $0["agent"] as? [String: Any] }
    }

    static func agent(_ name: String, in status: [String: Any]) -> [String: Any]? {
        agentRecords(status).first { $0["name"] as? String == name }
    }

    /// The activity messages of a status report (newest first, as the report has them).
    static func activity(_ status: [String: Any]) -> [String] {
        ((status["activity"] as? [[String: Any]]) ?? []).compactMap { $0["message"] as? String }
    }

    /// Every activity line of a session: `git log` of its record, oldest first.
    func history(_ session: String) throws -> [String] {
        try git(["log", "--reverse", "--format=%s", "refs/agents/sessions/\(session)"])
            .split(separator: "\n").map(String.init)
    }

    // MARK: repository state

    /// What `start` may create: session refs, branches and worktrees — to compare before and after.
    func footprint() throws -> Footprint {
        Footprint(refs: try git(["for-each-ref", "--format=%(refname)", "refs/agents"]),
                  branches: try git(["branch", "--list", "--format=%(refname:short)"]),
                  worktrees: try git(["worktree", "list", "--porcelain"]),
                  worktreeFolderExists: FileManager.default.fileExists(atPath: worktrees.path))
    }

    struct Footprint: Equatable, CustomStringConvertible {
        let refs: String
        let branches: String
        let worktrees: String
        let worktreeFolderExists: Bool

        var description: String {
            "refs/agents: [\(refs)]\nbranches: [\(branches)]\nworktrees: [\(worktrees)]\nworktree folder exists: \(worktreeFolderExists)"
        }
    }

    /// The runtime folder of a session: `$(git rev-parse --git-common-dir)/agents/<session>`.
    func runtimeFolder(_ session: String) throws -> URL {
        let common = try git(["rev-parse", "--path-format=absolute", "--git-common-dir"])
        return URL(fileURLWithPath: common).appendingPathComponent("agents").appendingPathComponent(session)
    }

    func supervisorPid(_ session: String) throws -> Int32? {
        let text = try? String(contentsOf: try runtimeFolder(session).appendingPathComponent("supervisor.pid"), encoding: .utf8)
        return text.flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// `git fsck --strict` finds nothing wrong (dangling objects are fine).
    func expectFsckClean(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let fsck = try gitResult(["fsck", "--strict", "--no-dangling", "--no-progress"])
        #expect(fsck.status == 0, "git fsck --strict failed:\n\(fsck)", sourceLocation: sourceLocation)
        let problems = (fsck.stdout + fsck.stderr).split(separator: "\n")
            .filter { !$0.hasPrefix("Checking") && !$0.hasPrefix("notice:") && !$0.isEmpty }
        #expect(problems.isEmpty, "git fsck --strict reported:\n\(problems.joined(separator: "\n"))",
                sourceLocation: sourceLocation)
    }

    // MARK: cleanup

    /// Kills whatever a test left running (supervisors, runners, agents) — only processes whose pids
    /// this repository's sessions recorded, and only while they are alive.
    private func killLeftovers() {
        let runtime = repo.appendingPathComponent(".git/agents")
        guard let sessions = try? FileManager.default.contentsOfDirectory(atPath: runtime.path) else { return }
        var anyAlive = false
        for session in sessions {
            let folder = runtime.appendingPathComponent(session)
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for file in files where file == "supervisor.pid" || file.hasSuffix(".runner") {
                if let pid = Self.pid(in: folder.appendingPathComponent(file)), Self.isAlive(pid) {
                    kill(pid, SIGKILL)
                    anyAlive = true
                }
            }
        }
        guard anyAlive else { return }
        // The agents themselves run in process groups of their own: their pids are in the record.
        guard let refs = try? git(["for-each-ref", "--format=%(refname)", "refs/agents/sessions"]) else { return }
        for ref in refs.split(separator: "\n") {
            guard let names = try? git(["ls-tree", "--name-only", "\(ref):agents"]) else { continue }
            for name in names.split(separator: "\n") {
                guard let text = try? git(["show", "\(ref):agents/\(name)"]),
                      let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                      object["status"] as? String == "running", let pid = (object["pid"] as? NSNumber)?.int32Value,
                      pid > 1, Self.isAlive(pid) else { continue }
                kill(-pid, SIGKILL)
            }
        }
    }

    /// The pid in a runtime pid file (`pid` or `pid starttime`).
    static func pid(in file: URL) -> Int32? {
        (try? String(contentsOf: file, encoding: .utf8))
            .flatMap { $0.split(whereSeparator: \.isWhitespace).first }.flatMap { Int32($0) }
    }

    /// True while a process with this pid exists and is not a zombie.
    static func isAlive(_ pid: Int32) -> Bool {
        guard pid > 0, kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return true }
        let state = stat[stat.index(close, offsetBy: 2)...].prefix(1)
        return state != "Z" && state != "X"
    }

    /// The session id (field 6 of /proc/<pid>/stat) of a live process: its own pid when it leads its session.
    static func processSession(_ pid: Int32) -> Int32? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        // After ") ": state, ppid, pgrp, session, …
        let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
        return fields.count > 3 ? Int32(fields[3]) : nil
    }

    /// The parent pid of a live process, from /proc.
    static func parentPid(_ pid: Int32) -> Int32? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
        return fields.count > 1 ? Int32(fields[1]) : nil
    }
}

struct WaitTimedOut: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out waiting for \(what)" }
}

func jsonObject(_ text: String) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
    return try #require(object as? [String: Any], "not a JSON object: \(text)")
}

/// The largest number of [start, end] intervals that overlap at any instant.
func maxOverlap(_ intervals: [(start: Double, end: Double)]) -> Int {
    // Ends sort before starts at the same instant: touching intervals do not overlap.
    var events: [(time: Double, delta: Int)] = []
    for interval in intervals {
        events.append((interval.start, 1))
        events.append((interval.end, -1))
    }
    events.sort { (a: (time: Double, delta: Int), b: (time: Double, delta: Int)) -> Bool in
        a.time != b.time ? a.time < b.time : a.delta < b.delta
    }
    var current = 0, most = 0
    for (_, delta) in events {
        current += delta
        most = max(most, current)
    }
    return most
}
