// `git agents diff` in a session of scripted agents: the output equals `git diff base..tip` (plain, coloured,
// --stat, --name-only), a dependant shows only its own work, and the pager runs as git runs it.
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("git agents diff", .timeLimit(.minutes(10)))
struct DiffCommandTests {
    /// A session of `db` and `api` (which depends on db), both run to the end: db edits code.c (a hunk with
    /// function context and trailing whitespace), adds a file without a final newline and a binary one, and
    /// deletes README.md; api, started from db's work, adds api.txt.
    func finishedSession() throws -> (fixture: SessionFixture, id: String) {
        let fixture = try SessionFixture()
        try fixture.write("int f() {\n  1;\n  2;\n  3;\n  4;\n  5;\n  6;\n}\n", to: "code.c")
        try fixture.git(["add", "code.c"])
        try fixture.git(["commit", "--quiet", "-m", "code"])
        let db = try fixture.script("db", """
            printf 'int f() {\\n  1;\\n  2;\\n  3;\\n  4;\\n  5;\\n  66;  \\n\\n}\\n' > code.c
            printf 'no newline' > tail.txt
            printf 'bin\\000ary' > blob.bin
            git rm -q README.md
            git add -A && git commit -q -m "db: its work"
            """)
        try fixture.role("db", command: db + " {prompt}")
        try fixture.role("api", dependsOn: ["db"], command: try fixture.succeedingAgent() + " {prompt}")
        let start = try fixture.agents("start", "Build it", "--wait")
        try #require(start.status == 0, "\(start)")
        return (fixture, try fixture.newestSession())
    }

    func base(_ agent: String, _ fixture: SessionFixture) throws -> String {
        try #require(SessionFixture.agent(agent, in: try fixture.status())?["base"] as? String)
    }

    /// git's own output, untrimmed; without colour unless asked for.
    func gitDiff(_ fixture: SessionFixture, _ arguments: [String]) throws -> String {
        let color = arguments.contains("--color=always") ? [] : ["--no-color"]
        return try fixture.gitResult(["diff"] + color + arguments).requireSuccess().stdout
    }

    @Test func eachAgentsDiffEqualsGitDiffAndADependantShowsOnlyItsOwnWork() throws {
        let (fixture, id) = try finishedSession()
        let dbBranch = "agents/\(id)/db", apiBranch = "agents/\(id)/api"
        let dbBase = try base("db", fixture), apiBase = try base("api", fixture)
        // api started from db's finished work: its recorded base is db's head, not the session's base.
        #expect(apiBase == (try fixture.git(["rev-parse", dbBranch])))

        for (agent, base, branch) in [("db", dbBase, dbBranch), ("api", apiBase, apiBranch)] {
            for flags in [[], ["--stat"], ["--name-only"]] {
                let ours = try fixture.agents(["diff", "--agent", agent] + flags)
                let gitFlags = flags == ["--stat"] ? ["--stat=80"] : flags
                #expect(ours.status == 0, "\(ours)")
                let git = try gitDiff(fixture, gitFlags + [base, branch])
                #expect(ours.stdout == git, "\(agent) \(flags): ours:\n\(ours.stdout)\ngit's:\n\(git)")
            }
        }
        let api = try fixture.agents("diff", "--agent", "api", "--name-only")
        #expect(api.stdout == "api.txt\n", "api's diff holds db's work too:\n\(api)")

        let all = try fixture.agents("diff")
        #expect(all.status == 0, "\(all)")
        #expect(all.stdout == "# agent db (\(dbBranch)): 4 files, +3 -2\n" + (try gitDiff(fixture, [dbBase, dbBranch]))
                + "\n# agent api (\(apiBranch)): 1 file, +1 -0\n" + (try gitDiff(fixture, [apiBase, apiBranch])))
    }

    @Test func colourAsGitColoursIt() throws {
        let (fixture, id) = try finishedSession()
        let dbBase = try base("db", fixture), branch = "agents/\(id)/db"
        try fixture.git(["config", "color.ui", "always"])

        let coloured = try fixture.agents("diff", "--agent", "db")
        #expect(coloured.stdout.contains("\u{1B}[32m"), "\(coloured)")
        #expect(coloured.stdout == (try gitDiff(fixture, ["--color=always", dbBase, branch])))
        let stat = try fixture.agents("diff", "--agent", "db", "--stat")
        #expect(stat.stdout == (try gitDiff(fixture, ["--color=always", "--stat=80", dbBase, branch])))

        let plain = try fixture.agents("diff", "--agent", "db", "--no-color")
        let gitPlain = try gitDiff(fixture, [dbBase, branch])
        #expect(plain.stdout == gitPlain, "ours:\n\(plain.stdout)\ngit's:\n\(gitPlain)")
        try fixture.git(["config", "color.diff", "never"])
        #expect(!(try fixture.agents("diff").stdout.contains("\u{1B}")))
    }

    @Test func aDeletedBranchShowsTheRecordedHead() throws {
        let (fixture, id) = try finishedSession()
        let head = try fixture.git(["rev-parse", "agents/\(id)/api"]), apiBase = try base("api", fixture)
        try fixture.git(["update-ref", "-d", "refs/heads/agents/\(id)/api", head])

        let output = try fixture.agents("diff", "--agent", "api")
        #expect(output.stdout == (try gitDiff(fixture, [apiBase, head])), "\(output)")
        let all = try fixture.agents("diff", "--name-only")
        #expect(all.stdout.contains("# agent api (agents/\(id)/api, branch deleted; at its recorded head \(head.prefix(7))): 1 file"),
                "\(all)")
    }

    @Test func refusals() throws {
        let (fixture, _) = try finishedSession()
        let unknown = try fixture.agents("diff", "--agent", "nosuch")
        #expect(unknown.status == 2 && unknown.stderr.contains("no agent 'nosuch'"), "\(unknown)")
        let both = try fixture.agents("diff", "--stat", "--name-only")
        #expect(both.status == 2, "\(both)")
    }

    @Test func thePagerRunsOnATerminalAsGitRunsIt() throws {
        let (fixture, id) = try finishedSession()
        let pager = try fixture.script("pager", """
            cat > "$REC/paged"
            printf '%s|%s' "${LESS-unset}" "${LV-unset}" > "$REC/pager-env"
            """)
        let expected = try gitDiff(fixture, [try base("api", fixture), "agents/\(id)/api"])

        let paged = try onTerminal(fixture, ["diff", "--agent", "api"], ["GIT_PAGER": pager])
        #expect(paged.status == 0)
        #expect(fixture.record("paged") == expected)
        #expect(fixture.record("pager-env") == "FRX|-c")

        // core.pager when GIT_PAGER is unset, and the person's LESS kept.
        try FileManager.default.removeItem(at: fixture.records.appendingPathComponent("paged"))
        try fixture.git(["config", "core.pager", pager])
        _ = try onTerminal(fixture, ["diff", "--agent", "api", "--name-only"], ["LESS": "-S"])
        #expect(fixture.record("paged") == "api.txt\n")
        #expect(fixture.record("pager-env") == "-S|-c")

        // --no-pager, and GIT_PAGER=cat (what `git --no-pager agents diff` sets): straight to the terminal.
        try FileManager.default.removeItem(at: fixture.records.appendingPathComponent("paged"))
        let direct = try onTerminal(fixture, ["diff", "--agent", "api", "--name-only", "--no-pager"], [:])
        #expect(direct.output.contains("api.txt"))
        let cat = try onTerminal(fixture, ["diff", "--agent", "api", "--name-only"], ["GIT_PAGER": "cat"])
        #expect(cat.output.contains("api.txt"))
        #expect(fixture.record("paged") == nil)
        // Not a terminal: no pager whatever is configured.
        #expect(try fixture.agents(["diff", "--agent", "api", "--name-only"], environment: ["GIT_PAGER": pager]).stdout
                == "api.txt\n")
        #expect(fixture.record("paged") == nil)
    }

    /// Runs git-agents with a pseudo-terminal as its standard output; returns its exit status and what it wrote.
    func onTerminal(_ fixture: SessionFixture, _ arguments: [String], _ extra: [String: String]) throws
        -> (status: Int32, output: String) {
        // posix_openpt and friends need _XOPEN_SOURCE, which Swift's Glibc leaves out: Linux's ioctls instead
        // (TIOCSPTLCK unlocks the terminal, TIOCGPTN gives its number).
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var unlock: Int32 = 0, number: UInt32 = 0
        try #require(master >= 0 && ioctl(master, 0x4004_5431, &unlock) == 0 && ioctl(master, 0x8004_5430, &number) == 0,
                     "no pseudo-terminal")
        defer { close(master) }
        let terminal = try #require(FileHandle(forUpdatingAtPath: "/dev/pts/\(number)"))
        let process = Process()
        process.executableURL = try Binary.gitAgents.url
        process.arguments = arguments
        process.currentDirectoryURL = fixture.repo
        var environment = fixture.environment
        environment["LESS"] = nil
        environment["LV"] = nil
        process.environment = environment.merging(extra) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = terminal
        process.standardError = FileHandle.nullDevice
        try Binary.spawn(process)
        // Drain the terminal while the command runs, so that it never blocks on a full buffer.
        var output = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while process.isRunning {
            var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, 100) > 0 {
                let count = read(master, &buffer, buffer.count)
                if count > 0 { output.append(contentsOf: buffer[0..<count]) }
            }
        }
        process.waitUntilExit()
        var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        while poll(&poller, 1, 50) > 0 {
            let count = read(master, &buffer, buffer.count)
            if count <= 0 { break }
            output.append(contentsOf: buffer[0..<count])
        }
        try terminal.close()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
