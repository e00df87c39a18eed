// The seed's configuration as written: `init` over its two .kilocode files, and its three advanced session
// patterns (examples/*.json, copied verbatim from the article) started as plans.
import Foundation
import Testing

@Suite("The seed's configuration and session patterns")
struct SeedConfigurationTests {
    static let repository = SkillsAndOwnershipTests.repository

    func copySeedFiles(into fixture: SessionFixture) throws {
        for file in ["agent-manager.json", "agents-config.json"] {
            let text = try String(contentsOf: Self.repository.appendingPathComponent("examples/kilocode/" + file), encoding: .utf8)
            try fixture.write(text, to: ".kilocode/" + file)
        }
    }

    @Test func initOverTheSeedsFilesAddsOnlyWhatTheyLack() throws {
        let fixture = try SessionFixture()
        try copySeedFiles(into: fixture)
        try fixture.defaultCommand("claude")
        let run = try fixture.agents("init")
        #expect(run.status == 0, "\(run)")
        let golden = try String(contentsOf: Self.repository.appendingPathComponent("Tests/Golden/init-over-seed.gitagents"), encoding: .utf8)
        let written = try String(contentsOf: fixture.repo.appendingPathComponent(".gitagents"), encoding: .utf8)
        #expect(written == golden)
        for expected in ["Read .kilocode/agent-manager.json, .kilocode/agents-config.json (Kilo Code's configuration): kept as written.",
                         "adds nothing: they set everything init would",
                         "roles: api, database, frontend, testing (all in parallel)",
                         "agents.command = claude (already set: file:\(fixture.repo.path)/.git/config (local))"] {
            #expect(run.stdout.contains(expected), "missing \(expected) in:\n\(run.stdout)")
        }
        #expect(!run.stdout.contains("no agent command set"))
        // No dependency chain over the seed's all-parallel roles, and the seed's values stand.
        for role in ["database", "api", "frontend", "testing"] {
            #expect(try fixture.agents("config", "role.\(role).dependsOn").status == 1)
        }
        #expect(try fixture.agents("config", "agents.maxParallel", "--show-origin").stdout
                == "file:.kilocode/agent-manager.json (kilocode)\t4\n")
        #expect(try fixture.agents("config", "role.api.branchPrefix").stdout == "feature/api\n")
    }

    @Test func initOverOnlyTheManagerFileFillsInTheRolesWithoutDependencies() throws {
        let fixture = try SessionFixture()
        let text = try String(contentsOf: Self.repository.appendingPathComponent("examples/kilocode/agent-manager.json"), encoding: .utf8)
        try fixture.write(text, to: ".kilocode/agent-manager.json")
        let run = try fixture.agents("init")
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("Read .kilocode/agent-manager.json (Kilo Code's configuration)"), "\(run.stdout)")
        #expect(try fixture.git(["config", "-f", ".gitagents", "role.database.description"]) == "Database schema and migrations")
        #expect(try fixture.gitResult(["config", "-f", ".gitagents", "--get-regexp", #"dependsOn$"#]).status == 1,
                "no dependencies imposed on roles the seed defines")
        for key in ["agents.maxParallel", "agents.mergeStrategy"] {
            #expect(try fixture.gitResult(["config", "-f", ".gitagents", key]).status == 1, "the seed sets \(key)")
        }
    }

    static let examples = ["microservices", "full-stack", "refactoring"]

    /// The roles and branches each pattern names, in the file's order.
    static func planned(_ example: String) throws -> [(role: String, branch: String)] {
        let data = try Data(contentsOf: repository.appendingPathComponent("examples/\(example).json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let agents = try #require((root["session"] as? [String: Any])?["agents"] as? [[String: Any]])
        return agents.map { ($0["role"] as? String ?? "", $0["worktree"] as? String ?? "") }
    }

    @Test(arguments: examples)
    func anExamplePlanStartsWithDryRunAndCreatesNothing(example: String) throws {
        let fixture = try SessionFixture()
        try fixture.defaultCommand(try fixture.succeedingAgent(sleep: 0))
        let plan = Self.repository.appendingPathComponent("examples/\(example).json").path
        let dry = try fixture.agents("start", "Build the feature", "--plan", plan, "--dry-run")
        #expect(dry.status == 0, "\(dry)")
        let data = try Data(contentsOf: Self.repository.appendingPathComponent("examples/\(example).json"))
        let name = ((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["session"] as? [String: Any])?["name"] as? String
        #expect(dry.stdout.contains("  session pattern: \(name ?? "?")\n"), "\(dry.stdout)")
        for (role, branch) in try Self.planned(example) {
            #expect(dry.stdout.contains(role) && dry.stdout.contains(branch), "\(role) \(branch) missing in:\n\(dry.stdout)")
        }
        if example == "full-stack" {
            #expect(dry.stderr.contains("role backend: skills api-design, database-expert not found"), "\(dry.stderr)")
        }
        #expect(try fixture.git(["for-each-ref", "refs/agents"]).isEmpty)
        #expect(try fixture.git(["branch", "--format=%(refname:short)"]) == "main")
    }

    @Test(.timeLimit(.minutes(3)), arguments: examples)
    func anExamplePlanRunsToTheEnd(example: String) throws {
        let fixture = try SessionFixture()
        // Works in the folder its task names ("… (work in services/user-service)"), else at the top.
        try fixture.defaultCommand(try fixture.script("pattern", """
            dir=$(printf '%s' "$GIT_AGENTS_TASK" | sed -n 's/.*(work in \\(.*\\))$/\\1/p')
            dir=${dir:-.}
            mkdir -p "$dir" && echo "$GIT_AGENTS_ROLE did: $GIT_AGENTS_TASK" > "$dir/$AGENT.txt"
            git add -A && git commit -q -m "$AGENT: done"
            """))
        let plan = Self.repository.appendingPathComponent("examples/\(example).json").path
        let run = try fixture.agents("start", "Build the feature", "--plan", plan, "--wait")
        #expect(run.status == 0, "\(run)")
        let status = try fixture.status()
        #expect(SessionFixture.sessionState(status) == "done")
        for (role, branch) in try Self.planned(example) {
            let record = try #require(SessionFixture.agent(role, in: status), "no agent \(role)")
            #expect(record["status"] as? String == "done")
            #expect(record["branch"] as? String == branch)
            let files = try fixture.git(["diff", "--name-only", "main", branch])
            #expect(files.hasSuffix("\(role).txt"), "\(branch): \(files)")
        }
        let views = try #require(status["agents"] as? [[String: Any]])
        #expect(views.allSatisfy { ($0["outsidePaths"] as? [String]) == [] }, "every agent stayed in its directory")
        if example == "microservices" {
            let gateway = views.first { ($0["agent"] as? [String: Any])?["name"] as? String == "api-gateway" }
            #expect(gateway?["ownedPaths"] as? [String] == ["services/api-gateway"])
            #expect(try fixture.git(["diff", "--name-only", "main", "feature/gateway"]) == "services/api-gateway/api-gateway.txt")
        }
    }
}
