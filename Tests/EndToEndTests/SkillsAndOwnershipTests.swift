// Skills a role names that do not exist, skill files reached through links, which of the seed's two files
// won a role's skills, and agents that change files outside the paths they own.
import Foundation
import Testing

@Suite("Skills and role ownership")
struct SkillsAndOwnershipTests {
    /// The package root: this file is Tests/EndToEndTests/SkillsAndOwnershipTests.swift.
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A role `database` asking for a committed skill `sql` and a missing one, `database-expert`.
    func fixtureWithSkills() throws -> SessionFixture {
        let fixture = try SessionFixture()
        try fixture.write("Prefer explicit JOINs.\n", to: ".gitagents-skills/sql/SKILL.md")
        try fixture.git(["add", "-A"])
        try fixture.git(["commit", "-q", "-m", "skills"])
        try fixture.role("database")
        try fixture.git(["config", "role.database.skills", "sql,database-expert"])
        return fixture
    }

    @Test func anUnknownSkillIsAProblemForDoctor() throws {
        let fixture = try fixtureWithSkills()
        let doctor = try fixture.agents("doctor", "--json")
        #expect(doctor.status == 1, "\(doctor)")
        let checks = try #require(try jsonObject(doctor.stdout)["checks"] as? [[String: Any]])
        let skills = checks.filter { $0["area"] as? String == "skills" }
        #expect(skills.count == 1, "\(skills)")
        let detail = skills.first?["detail"] as? String ?? ""
        #expect(skills.first?["status"] as? String == "problem")
        for expected in ["role database", "skill database-expert not found", ".gitagents-skills/", ".kilocode/skills/",
                         fixture.home.path + "/.config/git-agents/skills/"] {
            #expect(detail.contains(expected), "\(expected) missing in: \(detail)")
        }
        #expect(!detail.contains("sql"), "the committed skill is found: \(detail)")

        try fixture.write("Index foreign keys.\n", to: ".config/git-agents/skills/database-expert/SKILL.md", in: fixture.home)
        let healthy = try jsonObject(try fixture.agents("doctor", "--json").stdout)["checks"] as? [[String: Any]] ?? []
        #expect(healthy.contains { $0["area"] as? String == "skills" && $0["status"] as? String == "ok" }, "\(healthy)")
    }

    @Test func startAndDryRunSayWhichSkillOfWhichRoleIsMissingAndGoOn() throws {
        let fixture = try fixtureWithSkills()
        try fixture.defaultCommand(try fixture.argvAgent() + " {prompt}")
        let expected = "warning: role database: skill database-expert not found (looked for NAME/SKILL.md in "
            + ".gitagents-skills/ and .kilocode/skills/ of commit"
        let dry = try fixture.agents("start", "Add a table", "--dry-run")
        #expect(dry.status == 0, "\(dry)")
        let lines = dry.stderr.split(separator: "\n").filter { $0.contains("skill") }
        #expect(lines.count == 1 && lines[0].hasPrefix(expected), "\(dry.stderr)")

        let start = try fixture.agents("start", "Add a table", "--wait")
        #expect(start.status == 0, "\(start)")
        #expect(start.stderr.split(separator: "\n").filter { $0.hasPrefix(expected) }.count == 1, "\(start.stderr)")
        let prompt = String(decoding: fixture.recordData("database.argv") ?? Data(), as: UTF8.self)
        #expect(prompt.contains("### Skill: sql\n\nPrefer explicit JOINs."), "\(prompt)")
        #expect(!prompt.contains("database-expert"))
    }

    @Test func aCommittedSkillLinkedOutOfTheRepositoryIsNeverRead() throws {
        let fixture = try SessionFixture()
        try fixture.write("SECRET from outside\n", to: "elsewhere/leak/SKILL.md", in: fixture.root)
        try FileManager.default.createDirectory(at: fixture.repo.appendingPathComponent(".gitagents-skills"),
                                                withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: fixture.repo.path + "/.gitagents-skills/leak",
                                                   withDestinationPath: fixture.root.path + "/elsewhere/leak")
        // The file itself linked out, in a committed folder: found in the commit, yet never read either.
        try FileManager.default.createDirectory(at: fixture.repo.appendingPathComponent(".gitagents-skills/leakfile"),
                                                withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: fixture.repo.path + "/.gitagents-skills/leakfile/SKILL.md",
                                                   withDestinationPath: "../../../elsewhere/leak/SKILL.md")
        try fixture.git(["add", "-A"])
        try fixture.git(["commit", "-q", "-m", "a linked skill"])
        try fixture.role("database")
        try fixture.git(["config", "role.database.skills", "leak"])
        try fixture.git(["config", "--add", "role.database.skills", "leakfile"])
        try fixture.defaultCommand(try fixture.argvAgent() + " {prompt}")

        let start = try fixture.agents("start", "Add a table", "--wait")
        #expect(start.status == 0, "\(start)")
        #expect(start.stderr.contains("role database: skills leak, leakfile not found"), "\(start.stderr)")
        let doctor = try fixture.agents("doctor")
        #expect(doctor.status == 1 && doctor.stdout.contains("skills leak, leakfile not found"), "\(doctor)")
        let prompt = String(decoding: fixture.recordData("database.argv") ?? Data(), as: UTF8.self)
        #expect(prompt.contains("# Role: database"), "\(prompt)")
        #expect(!prompt.contains("SECRET"), "\(prompt)")
        let log = try fixture.agents("logs", "--agent", "database").stdout
        #expect(log.contains("skill leak for role database") && log.contains("is a symbolic link"), "\(log)")
    }

    @Test func showOriginSaysWhichOfTheSeedsFilesWonARolesSkills() throws {
        let fixture = try SessionFixture()
        for file in ["agent-manager.json", "agents-config.json"] {
            let text = try String(contentsOf: Self.repository.appendingPathComponent("examples/kilocode/" + file), encoding: .utf8)
            try fixture.write(text, to: ".kilocode/" + file)
        }
        let listing = try fixture.agents("config", "--list", "--show-origin")
        #expect(listing.status == 0, "\(listing)")
        let lines = listing.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        let won = "file:.kilocode/agents-config.json (kilocode) role.database.skills="
        #expect(lines.filter { $0.hasPrefix(won) } == [won + "database-expert", won + "postgres-pro"], "\(listing.stdout)")
        #expect(lines.contains("file:.kilocode/agent-manager.json (kilocode) (overridden) role.database.skills=database-expert,sql-optimizer"),
                "\(listing.stdout)")

        let output = try fixture.agents("config", "--json").stdout
        // Built-in defaults are left out of the comparison: a new setting's default must not break this test.
        var fromTheSeed = try jsonObject(output)
        fromTheSeed["values"] = (fromTheSeed["values"] as? [[String: Any]])?.filter { $0["layer"] as? String != "default" }
        let seedOnly = try JSONSerialization.data(withJSONObject: fromTheSeed, options: [.prettyPrinted, .sortedKeys])
        try Golden.expect(String(decoding: seedOnly, as: UTF8.self) + "\n", matches: "config-over-seed.json")
        let overridden = try #require(try jsonObject(output)["overridden"] as? [[String: Any]])
        let database = overridden.first { $0["key"] as? String == "role.database.skills" }
        #expect(database?["file"] as? String == ".kilocode/agent-manager.json")
        #expect(database?["values"] as? [String] == ["database-expert", "sql-optimizer"])
    }

    @Test("--over: each agent owns its item; status and review flag what it changed outside", .timeLimit(.minutes(10)))
    func statusFlagsFilesOutsideTheOwnedPaths() throws {
        let fixture = try SessionFixture()
        for name in ["Button", "Card"] {
            try fixture.write("export const \(name) = 1;\n", to: "src/components/\(name)/index.js")
        }
        try fixture.git(["add", "-A"])
        try fixture.git(["commit", "-q", "-m", "components"])
        try fixture.defaultCommand(try fixture.script("owner", """
            if [ "$AGENT" = Button ]; then echo stray > stray.txt; else echo more > "src/components/$AGENT/more.js"; fi
            git add -A && git commit -q -m "$AGENT: work"
            """))
        let start = try fixture.agents("start", "Refactor the components", "--over", "src/components/*", "--wait")
        #expect(start.status == 0, "\(start)")

        let status = try fixture.status()
        let views = try #require(status["agents"] as? [[String: Any]])
        func view(_ name: String) -> [String: Any]? { views.first { ($0["agent"] as? [String: Any])?["name"] as? String == name } }
        #expect(view("Button")?["ownedPaths"] as? [String] == ["src/components/Button"])
        #expect(view("Button")?["outsidePaths"] as? [String] == ["stray.txt"])
        #expect(view("Card")?["ownedPaths"] as? [String] == ["src/components/Card"])
        #expect(view("Card")?["outsidePaths"] as? [String] == [])

        let line = "! Button changed files outside its paths (src/components/Button): stray.txt"
        let human = try fixture.agents("status").stdout
        #expect(human.contains(line), "\(human)")
        #expect(!human.contains("! Card"), "\(human)")
        #expect(try fixture.agents("review").stdout.contains(line))
    }

    @Test func statusFlagsARoleThatWroteOutsideItsConfiguredPaths() throws {
        let fixture = try SessionFixture()
        try fixture.role("database")
        try fixture.git(["config", "--add", "role.database.paths", "db/"])
        try fixture.git(["config", "--add", "role.database.paths", "migrations"])
        try fixture.defaultCommand(try fixture.succeedingAgent(sleep: 0))
        #expect(try fixture.agents("start", "Add a table", "--wait").status == 0)
        let human = try fixture.agents("status").stdout
        #expect(human.contains("! database changed files outside its paths (db/, migrations): database.txt"), "\(human)")
    }
}
