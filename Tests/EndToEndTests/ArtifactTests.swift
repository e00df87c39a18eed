// `git agents artifact put|get|list` with the built binary: a chain of scripted agents that read each other's
// work while the session runs, concurrent writers, hostile names, links pointing out, the size limit, and the
// `list --json` shape (a golden file).
import Foundation
import Testing

@Suite("Artifacts", .serialized)
struct ArtifactTests {
    /// database → api → frontend → testing: each checks the previous one's committed file and reads its artifacts
    /// with `git agents artifact get` (one put while it ran, one left in $GIT_AGENTS_ARTIFACTS), and fails without.
    @Test("a dependency chain reads each other's files and artifacts while the session runs", .timeLimit(.minutes(10)))
    func chainOfAgentsSharesArtifacts() throws {
        let fixture = try SessionFixture()
        let chain = ["database", "api", "frontend", "testing"]
        for role in chain { try fixture.role(role) }
        let agent = try fixture.script("chain", """
            printf '%s\\0' "$@" > "$REC/$AGENT.argv"
            case "$GIT_AGENTS_ROLE" in api) prev=database;; frontend) prev=api;; testing) prev=frontend;; *) prev="";; esac
            if [ -n "$prev" ]; then
              [ -f "$prev.txt" ] || { echo "no committed $prev.txt" >&2; exit 11; }
              got=$(git agents artifact get "$prev/notes.txt") || { echo "no artifact $prev/notes.txt" >&2; exit 12; }
              [ "$got" = "notes from $prev" ] || { echo "wrong artifact: $got" >&2; exit 13; }
              left=$(git agents artifact get "$prev/left.txt") || { echo "no artifact $prev/left.txt" >&2; exit 14; }
              [ "$left" = "left by $prev" ] || exit 15
            fi
            echo "work of $AGENT" > "$AGENT.txt"
            git add "$AGENT.txt" && git commit -q -m "$AGENT: work"
            printf 'notes from %s' "$AGENT" > "$REC/$AGENT.notes"
            git agents artifact put "$REC/$AGENT.notes" notes.txt || exit 16
            printf 'left by %s' "$AGENT" > "$GIT_AGENTS_ARTIFACTS/left.txt"
            touch "$REC/$AGENT.put"
            if [ "$AGENT" = database ]; then await "release-$AGENT" || exit 8; fi
            exit 0
            """)
        let plan = """
            {"agents": [
              {"name": "database", "role": "database", "task": "schema", "dependsOn": []},
              {"name": "api", "role": "api", "task": "endpoints", "dependsOn": ["database"]},
              {"name": "frontend", "role": "frontend", "task": "pages", "dependsOn": ["api"]},
              {"name": "testing", "role": "testing", "task": "tests", "dependsOn": ["frontend"]}
            ]}
            """
        try fixture.write(plan, to: "plan.json", in: fixture.root)
        try fixture.agents(["start", "Build the app", "--plan", fixture.root.path + "/plan.json", "--agent-cmd", agent])
            .requireSuccess()
        let session = try fixture.newestSession()

        // A person reads the database's artifact while it still runs.
        try fixture.waitUntil("database to put its artifact") { fixture.record("database.put") != nil }
        #expect(SessionFixture.agent("database", in: try fixture.status())?["status"] as? String == "running")
        let early = try fixture.agents("artifact", "get", "database/notes.txt")
        #expect(early.status == 0 && early.stdout == "notes from database", "\(early)")
        try fixture.release("database")

        let status = try fixture.waitForEnd(timeout: 120)
        #expect(SessionFixture.sessionState(status) == "done", "\(SessionFixture.activity(status))")
        for name in chain {
            #expect(SessionFixture.agent(name, in: status)?["status"] as? String == "done", "\(name)")
            #expect(try fixture.git(["show", "refs/agents/sessions/\(session):artifacts/\(name)/left.txt"]) == "left by \(name)")
        }
        for (previous, name) in zip(chain, chain.dropFirst()) {
            let prompt = String(decoding: fixture.recordData("\(name).argv") ?? Data(), as: UTF8.self)
            #expect(prompt.contains("- \(previous)/notes.txt: `git agents artifact get \(previous)/notes.txt`"), "\(name)")
            #expect(prompt.contains("- \(previous)/left.txt: `git agents artifact get \(previous)/left.txt` (copy: `"), "\(name)")
        }
        try fixture.expectFsckClean()
    }

    @Test("8 processes putting artifacts at once lose nothing", .timeLimit(.minutes(10)))
    func concurrentWritersLoseNothing() throws {
        let fixture = try heldSession()
        let session = try fixture.newestSession()
        let binary = try Binary.gitAgents.url.path
        let processes = try (0..<8).map { writer -> Process in
            let file = fixture.root.appendingPathComponent("writer-\(writer)")
            try "from writer \(writer)\n".write(to: file, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-c", """
                for round in 1 2 3; do
                  "$0" artifact put "$1" "w$2/round-$round.txt" --session "$3" --agent worker >/dev/null || exit 1
                done
                """, binary, file.path, "\(writer)", session]
            process.currentDirectoryURL = fixture.repo
            process.environment = fixture.environment
            return process
        }
        for process in processes { try process.run() }
        for process in processes { process.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })

        let listed = try jsonArray(try fixture.agents("artifact", "list", "--json").requireSuccess().stdout)
        let names = Set(listed.compactMap { $0["name"] as? String })
        let expected = Set((0..<8).flatMap { writer in (1...3).map { "w\(writer)/round-\($0).txt" } })
        #expect(names == expected)
        #expect(listed.allSatisfy { $0["agent"] as? String == "worker" && $0["putAt"] is String })
        let history = try fixture.history(session).filter { $0.contains("put artifact") }
        #expect(history.count == 24)
        try fixture.release("worker")
        try fixture.waitForEnd()
    }

    @Test("hostile names are refused with exit 2 and leave the record as it was")
    func hostileNamesAreRefused() throws {
        let fixture = try heldSession()
        let session = try fixture.newestSession()
        try fixture.write("payload\n", to: "payload", in: fixture.root)
        let ref = "refs/agents/sessions/\(session)"
        let before = try fixture.git(["rev-parse", ref])
        for name in ["../x", "/etc/passwd", "a/.git/config", ".GIT/hooks", "a/../../b", "esc\u{1B}]0;x\u{07}", "two\nlines",
                     "del\u{7F}", "a//b", "trailing/", "", ".git.", "GIT~1", "a/.git::$DATA",
                     ".g\u{200C}it/x", ".gitmodules"] {
            let put = try fixture.agents(["artifact", "put", fixture.root.path + "/payload", name,
                                          "--session", session, "--agent", "worker"])
            #expect(put.status == 2, "\(name.debugDescription): \(put)")
            let lines = put.stderr.split(separator: "\n")
            #expect(lines.count == 2 && lines[0].hasPrefix("error: ") && lines[1].hasPrefix("hint: "), "\(put.stderr)")
            #expect(!put.stderr.contains("\u{1B}") && !put.stderr.contains("\u{7F}"))
        }
        let get = try fixture.agents(["artifact", "get", "../../etc/passwd"])
        #expect(get.status == 2 && get.stdout.isEmpty, "\(get)")
        #expect(try fixture.git(["rev-parse", ref]) == before, "a refused name changed the record")

        // Left in $GIT_AGENTS_ARTIFACTS, the same names are not kept either; the run still ends done.
        try fixture.release("worker")
        let status = try fixture.waitForEnd()
        #expect(SessionFixture.agent("worker", in: status)?["status"] as? String == "done")
        let kept = try fixture.git(["ls-tree", "-r", "--name-only", ref, "artifacts"])
        #expect(kept == "artifacts/worker/fine.txt")
        let log = try fixture.git(["show", "\(ref):logs/worker.log"])
        #expect(log.contains("artifact not kept: the artifact name \"bad\\u{1B}name\" holds the control character U+001B"))
        #expect(log.contains("artifact not kept: the artifact name \"sub/.git/config\" has a .git component"))
        // Names only libgit2 refuses (NTFS forms of .git) are refused up front, not by the commit that ends the run.
        #expect(log.contains("artifact not kept: the artifact name \"git~1\" has a .git component"))
    }

    /// Several agents of one role (as `--over` makes them) that each leave notes.md: none replaces another's.
    @Test("agents of one role leaving the same name each keep theirs")
    func agentsOfOneRoleKeepTheirArtifacts() throws {
        let fixture = try SessionFixture()
        try fixture.role("worker")
        let agent = try fixture.script("notes", #"printf 'notes of %s' "$AGENT" > "$GIT_AGENTS_ARTIFACTS/notes.md""#)
        try fixture.write("""
            {"agents": [{"name": "card", "role": "worker", "task": "card"}, {"name": "panel", "role": "worker", "task": "panel"}]}
            """, to: "plan.json", in: fixture.root)
        try fixture.agents(["start", "Notes", "--plan", fixture.root.path + "/plan.json", "--agent-cmd", agent, "--wait"])
            .requireSuccess()
        let ref = "refs/agents/sessions/\(try fixture.newestSession())"
        let kept = try fixture.git(["ls-tree", "-r", "--name-only", ref, "artifacts"]).split(separator: "\n").map(String.init)
        #expect(kept.count == 2, "\(kept)")
        let texts = try kept.map { try fixture.git(["show", "\(ref):\($0)"]) }
        #expect(Set(texts) == ["notes of card", "notes of panel"], "\(kept)")
    }

    @Test("a link pointing outside is stored as a link and never read through")
    func linkOutsideIsStoredAsALink() throws {
        let fixture = try heldSession()
        let session = try fixture.newestSession()
        try fixture.write("the secret\n", to: "outside/secret", in: fixture.root)
        let secret = fixture.root.path + "/outside/secret"
        try FileManager.default.createSymbolicLink(atPath: fixture.root.path + "/link", withDestinationPath: secret)
        try fixture.agents(["artifact", "put", fixture.root.path + "/link", "config", "--session", session, "--agent", "worker"])
            .requireSuccess()

        let entry = try fixture.git(["ls-tree", "refs/agents/sessions/\(session)", "artifacts/worker/config"])
        #expect(entry.hasPrefix("120000 blob "))
        let printed = try fixture.agents("artifact", "get", "worker/config")
        #expect(printed.status == 0 && printed.stdout == secret, "\(printed)")
        let listed = try jsonArray(try fixture.agents("artifact", "list", "--json").requireSuccess().stdout)
        #expect(listed.first?["type"] as? String == "link")

        // -o makes the link again (nothing behind it is read) and never replaces what exists.
        try fixture.agents("artifact", "get", "worker/config", "-o", "copy").requireSuccess()
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: fixture.repo.path + "/copy") == secret)
        try fixture.write("mine\n", to: "existing")
        let over = try fixture.agents("artifact", "get", "worker/config", "-o", "existing")
        #expect(over.status == 2 && over.stderr.contains("exists already"), "\(over)")
        #expect(try String(contentsOf: fixture.repo.appendingPathComponent("existing"), encoding: .utf8) == "mine\n")
        let overLink = try fixture.agents("artifact", "get", "worker/config", "-o", "copy")
        #expect(overLink.status == 2, "\(overLink)")
        // A folder inside the worktree that links out is not written through.
        try FileManager.default.createSymbolicLink(atPath: fixture.repo.path + "/out", withDestinationPath: fixture.root.path + "/outside")
        let through = try fixture.agents("artifact", "get", "worker/config", "-o", "out/new")
        #expect(through.status == 2, "\(through)")
        #expect(!FileManager.default.fileExists(atPath: fixture.root.path + "/outside/new"))
        try fixture.release("worker")
        try fixture.waitForEnd()
    }

    @Test("a file over agents.maxArtifactSize is refused with exit 2; bytes come back exact")
    func sizeLimitAndExactBytes() throws {
        let fixture = try heldSession()
        let session = try fixture.newestSession()
        try fixture.git(["config", "agents.maxArtifactSize", "1K"])
        var bytes = Data((0..<1024).map { UInt8($0 % 256) })
        try bytes.write(to: fixture.root.appendingPathComponent("fits.bin"))
        bytes.append(0)
        try bytes.write(to: fixture.root.appendingPathComponent("over.bin"))
        let put = ["--session", session, "--agent", "worker"]
        let over = try fixture.agents(["artifact", "put", fixture.root.path + "/over.bin"] + put)
        #expect(over.status == 2 && over.stderr.contains("over agents.maxArtifactSize (1024 bytes)"), "\(over)")
        try fixture.agents(["artifact", "put", fixture.root.path + "/fits.bin"] + put).requireSuccess()
        try fixture.agents("artifact", "get", "worker/fits.bin", "-o", fixture.root.path + "/back.bin").requireSuccess()
        #expect(FileManager.default.contents(atPath: fixture.root.path + "/back.bin") == bytes.dropLast())
        try fixture.release("worker")
        try fixture.waitForEnd()
    }

    @Test("list --json has a stable shape (golden file)")
    func listJSONGolden() throws {
        let fixture = try heldSession()
        let session = try fixture.newestSession()
        try fixture.write("alpha\n", to: "a.txt", in: fixture.root)
        try FileManager.default.createSymbolicLink(atPath: fixture.root.path + "/c", withDestinationPath: "a.txt")
        for (file, name) in [("a.txt", "a.txt"), ("a.txt", "docs/b.md"), ("c", "c")] {
            try fixture.agents(["artifact", "put", fixture.root.path + "/" + file, name, "--session", session, "--agent", "worker"])
                .requireSuccess()
        }
        let json = try fixture.agents("artifact", "list", "--json").requireSuccess().stdout
        let times = try NSRegularExpression(pattern: #""putAt" : "[0-9T:Z-]+""#)
        let normalized = times.stringByReplacingMatches(in: json, range: NSRange(json.startIndex..., in: json),
                                                        withTemplate: #""putAt" : "<time>""#)
        let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Golden/artifact-list.json")
        #expect(normalized == (try String(contentsOf: golden, encoding: .utf8)))
        let human = try fixture.agents("artifact", "list").requireSuccess().stdout
        #expect(human.hasPrefix("ROLE    NAME       SIZE  TYPE  AGENT   PUT AT\nworker  a.txt      6     file  worker  "), "\(human)")
        try fixture.release("worker")
        try fixture.waitForEnd()
    }

    /// A session whose one agent, `worker`, runs until the test releases it; it leaves `fine.txt` and names no
    /// git can hold in its artifact folder.
    private func heldSession() throws -> SessionFixture {
        let fixture = try SessionFixture()
        try fixture.role("worker")
        try fixture.defaultCommand(try fixture.script("held", """
            printf 'fine' > "$GIT_AGENTS_ARTIFACTS/fine.txt"
            printf 'x' > "$GIT_AGENTS_ARTIFACTS/bad"$'\\x1b'"name"
            mkdir -p "$GIT_AGENTS_ARTIFACTS/sub/.git" && printf 'x' > "$GIT_AGENTS_ARTIFACTS/sub/.git/config"
            printf 'x' > "$GIT_AGENTS_ARTIFACTS/git~1" && printf 'x' > "$GIT_AGENTS_ARTIFACTS/.git. "
            touch "$REC/$AGENT.ready"
            await "release-$AGENT" || exit 8
            exit 0
            """))
        try fixture.agents("start", "hold the session open").requireSuccess()
        try fixture.waitForWorking("worker")
        return fixture
    }

    /// The `artifacts` of `artifact list --json`.
    private func jsonArray(_ text: String) throws -> [[String: Any]] {
        try #require(try jsonObject(text)["artifacts"] as? [[String: Any]], "no artifacts array: \(text)")
    }
}
