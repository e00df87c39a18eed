// `init`, `config`, `trust` and `doctor` run as a user runs them, in real repositories, checked with git's own eyes.
import Foundation
import Testing

/// A temporary folder with `home/` (HOME of every child), `bin/` (its whole PATH: git plus any fake agent CLI)
/// and `repo/` (one commit on `main`), so neither the user's config nor their installed agent CLIs leak in.
private final class Sandbox {
    let root: URL
    var home: URL { root.appendingPathComponent("home") }
    var bin: URL { root.appendingPathComponent("bin") }
    var repo: URL { root.appendingPathComponent("repo") }

    init() throws {
        root = URL(fileURLWithPath: NSTemporaryDirectory()).resolvingSymlinksInPath()
            .appendingPathComponent("git-agents-foundation-\(UUID().uuidString)")
        for folder in [home, bin] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        try FileManager.default.createSymbolicLink(at: bin.appendingPathComponent("git"),
                                                   withDestinationURL: try Binary.git.url)
        try git(["init", "--quiet", "--initial-branch=main", repo.path], in: root)
        try write("scratch\n", to: "README.md")
        try git(["add", "README.md"])
        try git(["commit", "--quiet", "-m", "initial commit"])
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    var environment: [String: String] {
        Binary.environment([
            "HOME": home.path,
            "XDG_CONFIG_HOME": home.appendingPathComponent(".config").path,
            "GIT_CONFIG_NOSYSTEM": "1",
            "PATH": bin.path,
            "LC_ALL": "C",
        ])
    }

    /// `git agents ARGS` in `directory` (the repository by default).
    @discardableResult
    func agents(_ arguments: String..., in directory: URL? = nil, environment extra: [String: String] = [:])
        throws -> ProcessOutput {
        try Binary.gitAgents.run(arguments, in: directory ?? repo,
                                 environment: environment.merging(extra) { _, new in new })
    }

    /// git's trimmed output; throws when git fails.
    @discardableResult
    func git(_ arguments: [String], in directory: URL? = nil) throws -> String {
        try Binary.git.run(arguments, in: directory ?? repo, environment: environment).requireSuccess()
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func gitStatus(_ arguments: [String], in directory: URL? = nil) throws -> ProcessOutput {
        try Binary.git.run(arguments, in: directory ?? repo, environment: environment)
    }

    func write(_ text: String, to relative: String, in directory: URL? = nil) throws {
        let url = (directory ?? repo).appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOf: repo.appendingPathComponent(relative), encoding: .utf8)
    }

    /// A fake agent CLI on PATH: a script that does nothing.
    func installFakeCLI(_ name: String) throws {
        let url = bin.appendingPathComponent(name)
        try "#!/bin/sh\nexit 0\n".write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
    }

    /// A linked worktree at `<root>/<name>` on a new branch, with `sub/dir` made inside it.
    func linkedWorktree(_ name: String) throws -> URL {
        let folder = root.appendingPathComponent(name)
        try git(["worktree", "add", "--quiet", "-b", name, folder.path])
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sub/dir"),
                                                withIntermediateDirectories: true)
        return folder
    }

    /// .gitagents, ~/.gitconfig, .git/config and a .kilocode file, each setting something the others do not.
    func configureEveryLayer() throws {
        try write("{\"agents\": {\"default\": {\"model\": \"qwen-coder-32b\"}}, \"maxParallelAgents\": 2}\n",
                  to: ".kilocode/agent-manager.json")
        try write("""
            [agents]
            \tmaxParallel = 3
            \ttimeout = 20m
            [role "api"]
            \tdependsOn = database
            [role "database"]
            \tdescription = Database schema

            """, to: ".gitagents")
        try write("[agents]\n\ttimeout = 5m\n\tstallTimeout = 2m\n", to: ".gitconfig", in: home)
        try git(["config", "agents.maxParallel", "7"])
    }
}

/// `ORIGIN  key=value` lines of `config --list --show-origin`, by key (several for list keys).
private func originListing(_ output: String) -> [String: [(origin: String, value: String)]] {
    var result: [String: [(origin: String, value: String)]] = [:]
    for line in output.split(separator: "\n") {
        guard let gap = line.range(of: "  ") else { continue }
        let origin = String(line[..<gap.lowerBound])
        let pair = line[gap.upperBound...].trimmingCharacters(in: .whitespaces)
        guard let equals = pair.firstIndex(of: "=") else { continue }
        result[String(pair[..<equals]), default: []].append((origin, String(pair[pair.index(after: equals)...])))
    }
    return result
}

private func json(_ text: String) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
    return try #require(object as? [String: Any], "not a JSON object: \(text)")
}

/// `config --json`'s entries by key.
private func jsonEntries(_ text: String) throws -> [String: [String: Any]] {
    let values = try #require(try json(text)["values"] as? [[String: Any]])
    var byKey: [String: [String: Any]] = [:]
    for entry in values { byKey[try #require(entry["key"] as? String)] = entry }
    return byKey
}

private struct DoctorJSON {
    let healthy: Bool
    let checks: [(area: String, status: String, detail: String)]

    init(_ text: String) throws {
        let root = try json(text)
        #expect(Set(root.keys) == ["schemaVersion", "healthy", "checks"])
        healthy = try #require(root["healthy"] as? Bool)
        checks = try #require(root["checks"] as? [[String: Any]]).map { check in
            #expect(Set(check.keys) == ["area", "status", "detail"])
            return (try #require(check["area"] as? String), try #require(check["status"] as? String),
                    try #require(check["detail"] as? String))
        }
    }

    var problems: [(area: String, status: String, detail: String)] { checks.filter { $0.status == "problem" } }
}

@Suite("init, config, trust and doctor from the command line")
struct FoundationCommandsTests {
    // MARK: init

    @Test func initWritesTheFourRolesWithTheirDependencies() throws {
        let sandbox = try Sandbox()
        let run = try sandbox.agents("init")
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("none of claude"), "no agent CLI is on PATH: \(run.stdout)")

        let roles = try sandbox.git(["config", "-f", ".gitagents", "--name-only", "--get-regexp", #"^role\..*\.description$"#])
        #expect(Set(roles.split(separator: "\n")) == ["role.database.description", "role.api.description",
                                                      "role.frontend.description", "role.testing.description"])
        #expect(try sandbox.git(["config", "-f", ".gitagents", "--get-all", "role.testing.dependsOn"])
            == "database\napi\nfrontend")
        #expect(try sandbox.git(["config", "-f", ".gitagents", "--get-all", "role.api.dependsOn"]) == "database")
        #expect(try sandbox.git(["config", "-f", ".gitagents", "--get-all", "role.frontend.dependsOn"]) == "api")
        #expect(try sandbox.gitStatus(["config", "-f", ".gitagents", "--get-all", "role.database.dependsOn"]).status == 1)
        #expect(try sandbox.git(["config", "-f", ".gitagents", "role.database.branchPrefix"]) == "feature/db")
        #expect(try sandbox.git(["config", "-f", ".gitagents", "role.testing.worktreePrefix"]) == "feature-tests")
        #expect(try sandbox.gitStatus(["config", "-f", ".gitagents", "agents.command"]).status == 1,
                "no CLI was found, so no command may be set")
    }

    @Test func initRefusesToOverwriteUnlessForced() throws {
        let sandbox = try Sandbox()
        try sandbox.agents("init").requireSuccess()
        try sandbox.write(try sandbox.read(".gitagents") + "# my own edit\n", to: ".gitagents")

        let again = try sandbox.agents("init")
        #expect(again.status == 2, "\(again)")
        #expect(again.stderr.contains(".gitagents") && again.stderr.contains("--force"), "\(again.stderr)")
        #expect(try sandbox.read(".gitagents").contains("# my own edit"), "a refused init must not touch the file")

        let forced = try sandbox.agents("init", "--force")
        #expect(forced.status == 0, "\(forced)")
        #expect(!(try sandbox.read(".gitagents")).contains("# my own edit"))
        #expect(try sandbox.git(["config", "-f", ".gitagents", "--get-all", "role.testing.dependsOn"])
            == "database\napi\nfrontend")
    }

    @Test func initChoosesAnAgentCLIFoundOnPathAndTrustsItsOwnFile() throws {
        let sandbox = try Sandbox()
        try sandbox.installFakeCLI("aider")
        try sandbox.installFakeCLI("claude")
        let run = try sandbox.agents("init")
        #expect(run.status == 0, "\(run)")
        let claudePath = sandbox.bin.appendingPathComponent("claude").path
        #expect(run.stdout.contains(claudePath), "init prints where it found claude: \(run.stdout)")
        #expect(run.stdout.contains(sandbox.bin.appendingPathComponent("aider").path))
        #expect(run.stdout.contains("agents.command = claude"), "\(run.stdout)")

        // claude comes before aider in the preference order.
        #expect(try sandbox.git(["config", "-f", ".gitagents", "agents.command"]) == "claude")
        let blob = try sandbox.git(["hash-object", ".gitagents"])
        #expect(try sandbox.git(["config", "--local", "--get-all", "agents.trusted"]) == "\(blob) .gitagents")
        // Trusted, so the command resolves without `git agents trust`, and doctor finds nothing to trust.
        #expect(try sandbox.agents("config", "agents.command").stdout == "claude\n")
        let doctor = try DoctorJSON(try sandbox.agents("doctor", "--json").stdout)
        #expect(!doctor.checks.contains { $0.area == "trust" })
        #expect(doctor.checks.contains { $0.area == "agent CLIs" && $0.status == "ok" && $0.detail.contains(claudePath) })
    }

    // MARK: config

    @Test func configListShowsEveryLayerWithItsOrigin() throws {
        let sandbox = try Sandbox()
        try sandbox.configureEveryLayer()
        let run = try sandbox.agents("config", "--list", "--show-origin")
        #expect(run.status == 0, "\(run)")
        let listing = originListing(run.stdout)
        func only(_ key: String) -> (origin: String, value: String)? {
            #expect(listing[key]?.count == 1, "\(key): \(listing[key] ?? [])")
            return listing[key]?.first
        }
        let local = "file:\(sandbox.repo.path)/.git/config (local)"
        let global = "file:\(sandbox.home.path)/.gitconfig (global)"
        #expect(only("agents.stallTimeout")?.origin == global)
        #expect(only("agents.stallTimeout")?.value == "2m")
        #expect(only("agents.timeout")?.origin == global, "~/.gitconfig beats .gitagents")
        #expect(only("agents.timeout")?.value == "5m")
        #expect(only("agents.maxParallel")?.origin == local, ".git/config beats every file below it")
        #expect(only("agents.maxParallel")?.value == "7")
        #expect(only("agents.model")?.origin == "file:.kilocode/agent-manager.json (kilocode)")
        #expect(only("agents.model")?.value == "qwen-coder-32b")
        #expect(only("role.api.dependsOn")?.origin == "file:.gitagents (gitagents)")
        #expect(only("role.database.description")?.value == "Database schema")
        #expect(only("agents.autoCleanup")?.origin == "default")
        #expect(only("agents.worktreeBase")?.value == "../repo-worktrees")

        let plain = try sandbox.agents("config", "--list")
        #expect(plain.stdout.split(separator: "\n").contains("agents.maxParallel=7"))
        #expect(!plain.stdout.contains("(local)"), "origins only with --show-origin")
    }

    @Test func aValueInHomeGitconfigHasOriginGlobal() throws {
        let sandbox = try Sandbox()
        try sandbox.write("[agents]\n\ttimeout = 45m\n", to: ".gitconfig", in: sandbox.home)
        let run = try sandbox.agents("config", "agents.timeout", "--show-origin")
        #expect(run.stdout == "file:\(sandbox.home.path)/.gitconfig (global)\t45m\n", "\(run)")
        let entry = try jsonEntries(try sandbox.agents("config", "--json").stdout)["agents.timeout"]
        #expect(entry?["layer"] as? String == "global")
        #expect(entry?["file"] as? String == sandbox.home.path + "/.gitconfig")

        // .git/config is above ~/.gitconfig.
        try sandbox.git(["config", "agents.timeout", "15m"])
        #expect(try sandbox.agents("config", "agents.timeout").stdout == "15m\n")
    }

    @Test func configJSONGivesEachValueItsLayerAndFile() throws {
        let sandbox = try Sandbox()
        try sandbox.configureEveryLayer()
        let run = try sandbox.agents("config", "--json")
        #expect(run.status == 0, "\(run)")
        let root = try json(run.stdout)
        #expect(Set(root.keys) == ["schemaVersion", "values", "overridden", "unknown", "unsupported"])
        let entries = try jsonEntries(run.stdout)
        #expect(entries["agents.maxParallel"]?["layer"] as? String == "local")
        #expect(entries["agents.maxParallel"]?["file"] as? String == sandbox.repo.path + "/.git/config")
        #expect(entries["agents.maxParallel"]?["values"] as? [String] == ["7"])
        #expect(entries["agents.timeout"]?["layer"] as? String == "global")
        #expect(entries["role.api.dependsOn"]?["layer"] as? String == "gitagents")
        #expect(entries["role.api.dependsOn"]?["file"] as? String == ".gitagents")
        #expect(entries["agents.model"]?["layer"] as? String == "kilocode")
        #expect(entries["agents.autoCleanup"]?["layer"] as? String == "default")
        #expect(entries["agents.autoCleanup"].map { $0["file"] is NSNull } == true, "defaults have file null")
        #expect(!run.stdout.contains("\u{1B}"))
    }

    @Test func configFromALinkedWorktreeSubfolderReadsThatWorktreeAndTheSharedConfig() throws {
        let sandbox = try Sandbox()
        try sandbox.configureEveryLayer()
        try sandbox.git(["add", ".gitagents", ".kilocode"])
        try sandbox.git(["commit", "--quiet", "-m", "configure agents"])
        let worktree = try sandbox.linkedWorktree("feature")
        // The linked worktree's own, uncommitted .gitagents is the one that counts there.
        try sandbox.git(["config", "-f", ".gitagents", "role.database.description", "Schema from the linked worktree"],
                        in: worktree)
        let subfolder = worktree.appendingPathComponent("sub/dir")

        let run = try sandbox.agents("config", "--list", "--show-origin", in: subfolder)
        #expect(run.status == 0, "\(run)")
        let listing = originListing(run.stdout)
        #expect(listing["agents.maxParallel"]?.first?.origin == "file:\(sandbox.repo.path)/.git/config (local)")
        #expect(listing["agents.timeout"]?.first?.origin == "file:\(sandbox.home.path)/.gitconfig (global)")
        #expect(listing["agents.model"]?.first?.origin == "file:.kilocode/agent-manager.json (kilocode)")
        #expect(listing["role.database.description"]?.first?.value == "Schema from the linked worktree")
        #expect(listing["role.database.description"]?.first?.origin == "file:.gitagents (gitagents)")
        #expect(listing["agents.worktreeBase"]?.first?.value == "../repo-worktrees",
                "named after the repository, not the linked worktree")

        let entries = try jsonEntries(try sandbox.agents("config", "--json", in: subfolder).stdout)
        #expect(entries["agents.maxParallel"]?["file"] as? String == sandbox.repo.path + "/.git/config")
        #expect(entries["role.database.description"]?["values"] as? [String] == ["Schema from the linked worktree"])
        #expect(entries["role.api.dependsOn"]?["layer"] as? String == "gitagents")
    }

    @Test func configKeyPrintsItsValuesAndAnUnsetKeyExitsOne() throws {
        let sandbox = try Sandbox()
        try sandbox.agents("init").requireSuccess()
        try sandbox.git(["config", "agents.maxParallel", "6"])

        #expect(try sandbox.agents("config", "agents.maxParallel").stdout == "6\n")
        #expect(try sandbox.agents("config", "agents.maxparallel").stdout == "6\n", "git's keys ignore case")
        #expect(try sandbox.agents("config", "role.testing.dependsOn").stdout == "database\napi\nfrontend\n")

        for key in ["agents.command", "role.nosuch.description", "agents.notAKey", "core.editor"] {
            let unset = try sandbox.agents("config", key)
            #expect(unset.status == 1, "\(key): \(unset)")
            #expect(unset.stdout.isEmpty, "\(key): \(unset.stdout)")
        }
    }

    // MARK: trust

    @Test func doctorReportsAnUntrustedCommandUntilTrustAndAgainAfterAnEdit() throws {
        let sandbox = try Sandbox()
        for tool in ["mytool", "othertool"] { try sandbox.installFakeCLI(tool) }
        try sandbox.write("[agents]\n\tcommand = mytool --yes {prompt}\n", to: ".gitagents")
        let before = try sandbox.agents("doctor", "--json")
        #expect(before.status == 1)
        #expect(try DoctorJSON(before.stdout).problems.map(\.area) == ["trust"])

        let trust = try sandbox.agents("trust")
        #expect(trust.status == 0, "\(trust)")
        #expect(trust.stdout.contains("agents.command = mytool --yes {prompt}"), "trust shows what it allows")
        let blob = try sandbox.git(["hash-object", ".gitagents"])
        #expect(try sandbox.git(["config", "--get-all", "agents.trusted"]) == "\(blob) .gitagents")
        #expect(try sandbox.agents("doctor").status == 0)

        try sandbox.write("[agents]\n\tcommand = othertool {prompt}\n", to: ".gitagents")
        let after = try sandbox.agents("doctor", "--json")
        #expect(after.status == 1)
        #expect(try DoctorJSON(after.stdout).problems.contains { $0.area == "trust" && $0.detail.contains(".gitagents") })
    }

    // MARK: doctor

    @Test func doctorIsHealthyInAFreshRepository() throws {
        let sandbox = try Sandbox()
        // Healthy needs an agent CLI that init can pick: without one no role has an agent command.
        try sandbox.installFakeCLI("claude")
        try sandbox.agents("init").requireSuccess()
        let human = try sandbox.agents("doctor")
        #expect(human.status == 0, "\(human)")
        #expect(human.stdout.split(separator: "\n").last == "Healthy.")
        #expect(human.stdout.split(separator: "\n").first?.split(separator: " ", omittingEmptySubsequences: true)
            == ["CHECK", "STATUS", "DETAIL"])

        let machine = try sandbox.agents("doctor", "--json")
        #expect(machine.status == 0)
        let report = try DoctorJSON(machine.stdout)
        #expect(report.healthy)
        #expect(report.problems.isEmpty)
        #expect(Set(report.checks.map(\.status)).isSubset(of: ["ok", "info", "warning", "problem"]))
        let areas = Set(report.checks.map(\.area))
        for area in ["libgit2", "git", "config", "agent commands", "hooks", "worktrees"] { #expect(areas.contains(area), "\(area)") }
        #expect(report.checks.contains { $0.area == "config" && $0.status == "ok" && $0.detail == ".gitagents: valid" })
    }

    @Test func doctorFailsOnAMalformedGitagentsNamingFileAndLine() throws {
        let sandbox = try Sandbox()
        try sandbox.write("[agents]\n\tmaxParallel = 3\n[role \"api\"\n\tdescription = API\n", to: ".gitagents")
        let human = try sandbox.agents("doctor")
        #expect(human.status == 1, "\(human)")
        #expect(human.stdout.split(separator: "\n").last == "Problems found: see the lines marked problem.")

        let report = try DoctorJSON(try sandbox.agents("doctor", "--json").stdout)
        #expect(!report.healthy)
        let problem = try #require(report.problems.first { $0.area == "config" })
        #expect(problem.detail.hasPrefix(".gitagents: "), "\(problem.detail)")
        #expect(problem.detail.contains(".gitagents:3"), "the broken section header is on line 3: \(problem.detail)")

        // The same file makes every configuration reader stop with exit 2 and the same place.
        let config = try sandbox.agents("config", "--list")
        #expect(config.status == 2)
        #expect(config.stderr.contains(".gitagents:3"), "\(config.stderr)")
    }

    @Test func doctorFailsOnAStaleWorktreeUntilItIsPruned() throws {
        let sandbox = try Sandbox()
        try sandbox.installFakeCLI("claude")
        try sandbox.git(["config", "agents.command", "claude"])
        let worktree = try sandbox.linkedWorktree("gone")
        #expect(try sandbox.agents("doctor").status == 0)
        try FileManager.default.removeItem(at: worktree)

        let run = try sandbox.agents("doctor", "--json")
        #expect(run.status == 1, "\(run)")
        let report = try DoctorJSON(run.stdout)
        #expect(!report.healthy)
        let stale = try #require(report.problems.first { $0.area == "worktrees" })
        #expect(stale.detail.contains("gone") && stale.detail.contains("git worktree prune"), "\(stale.detail)")

        try sandbox.git(["worktree", "prune"])
        #expect(try sandbox.agents("doctor").status == 0)
    }

    // MARK: where the commands refuse to run

    static let everyCommand: [[String]] = [
        ["init"], ["config"], ["config", "--list", "--show-origin"], ["config", "--json"],
        ["config", "agents.maxParallel"], ["trust"], ["doctor"], ["doctor", "--json"],
    ]

    @Test(arguments: everyCommand)
    func outsideARepositoryEveryCommandExitsFour(arguments: [String]) throws {
        let sandbox = try Sandbox()
        let outside = sandbox.root.appendingPathComponent("not-a-repo")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        let run = try Binary.gitAgents.run(arguments, in: outside, environment: sandbox.environment)
        #expect(run.status == 4, "\(run)")
        #expect(run.stdout.isEmpty)
        let lines = run.stderr.split(separator: "\n")
        #expect((1...2).contains(lines.count), "one or two lines: \(run.stderr)")
        #expect(lines.first?.hasPrefix("error: not a git repository") == true, "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: outside.appendingPathComponent(".gitagents").path))
    }

    @Test(arguments: everyCommand)
    func inABareRepositoryEveryCommandExitsFour(arguments: [String]) throws {
        let sandbox = try Sandbox()
        let bare = sandbox.root.appendingPathComponent("bare.git")
        try sandbox.git(["clone", "--quiet", "--bare", sandbox.repo.path, bare.path])
        let run = try Binary.gitAgents.run(arguments, in: bare, environment: sandbox.environment)
        #expect(run.status == 4, "\(run)")
        let lines = run.stderr.split(separator: "\n")
        #expect((1...2).contains(lines.count), "one or two lines: \(run.stderr)")
        #expect(lines.first?.contains("bare repository") == true, "\(run.stderr)")
    }

    @Test(arguments: [["init", "--nope"], ["config", "--bogus"], ["doctor", "--frobnicate"], ["trust", "--all-of-it"]])
    func anUnknownFlagExitsTwo(arguments: [String]) throws {
        let sandbox = try Sandbox()
        let run = try sandbox.agents(arguments[0], arguments[1])
        #expect(run.status == 2, "\(run)")
        #expect(run.stderr.contains(arguments[1]), "the error names the flag: \(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.repo.appendingPathComponent(".gitagents").path))
    }

    @Test func outputToAPipeOrWithNoColorHasNoEscapeSequences() throws {
        let sandbox = try Sandbox()
        try sandbox.installFakeCLI("claude")
        try sandbox.write("[agents]\n\tmaxParalel = 3\n", to: ".gitconfig", in: sandbox.home)  // a warning on stderr
        for extra in [[:], ["NO_COLOR": "1"], ["TERM": "xterm-256color", "CLICOLOR_FORCE": "1"]] {
            var runs = [try sandbox.agents("init", "--force", environment: extra)]
            for arguments in [["config", "--list", "--show-origin"], ["doctor"], ["trust"], ["config", "--bogus"]] {
                runs.append(try Binary.gitAgents.run(arguments, in: sandbox.repo,
                                                     environment: sandbox.environment.merging(extra) { _, new in new }))
            }
            for run in runs {
                #expect(!run.stdout.contains("\u{1B}") && !run.stderr.contains("\u{1B}"), "\(extra): \(run)")
                #expect(!run.stdout.isEmpty || !run.stderr.isEmpty, "\(run)")
            }
            #expect(runs[1].stderr.lowercased().contains("unknown key agents.maxparalel"), "\(runs[1])")
        }
    }

    /// util-linux `script` gives the child a pseudo-terminal, the one place colour is allowed.
    @Test(.enabled(if: (try? Binary.onPath("script")) != nil, "needs util-linux script for a pseudo-terminal"))
    func colourOnlyOnATerminalAndNeverWithNoColor() throws {
        let sandbox = try Sandbox()
        try sandbox.installFakeCLI("claude")
        try sandbox.agents("init").requireSuccess()
        let script = try Binary.onPath("script")
        func onTerminal(_ arguments: String, _ extra: [String: String] = [:]) throws -> String {
            var environment = sandbox.environment
            environment["NO_COLOR"] = nil
            environment["SHELL"] = "/bin/sh"
            environment["TERM"] = "xterm"
            environment.merge(extra) { _, new in new }
            let command = "'\(try Binary.gitAgents.url.path)' \(arguments)"
            return try script.run(["-qec", command, "/dev/null"], in: sandbox.repo, environment: environment)
                .requireSuccess().stdout.replacingOccurrences(of: "\r\n", with: "\n")
        }

        let coloured = try onTerminal("config --list --show-origin")
        #expect(coloured.contains("\u{1B}["), "a terminal gets colour: \(coloured)")
        let plain = try sandbox.agents("config", "--list", "--show-origin").stdout
        let stripped = coloured.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        #expect(stripped == plain, "colour must not change the text or its alignment")

        for (arguments, extra) in [("config --list --show-origin", ["NO_COLOR": "1"]),
                                   ("config --list --show-origin --no-color", [:]),
                                   ("doctor", ["NO_COLOR": "1"]), ("doctor --no-color", [:]),
                                   ("init --force", ["NO_COLOR": "1"]), ("doctor", ["TERM": "dumb"])] {
            let output = try onTerminal(arguments, extra)
            #expect(!output.contains("\u{1B}"), "\(arguments) \(extra): \(output)")
            #expect(!output.isEmpty)
        }
    }
}
