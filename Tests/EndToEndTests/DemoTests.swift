// `git agents demo`: a newcomer with no AI CLI sees the whole workflow, and it leaves a real repository.
import Foundation
import Testing

@Suite("Demo")
struct DemoTests {
    @Test("demo runs the seed's example to the end with the built-in scripted agent", .timeLimit(.minutes(2)))
    func demoRunsTheSeedExample() throws {
        let fixture = try SessionFixture()
        let folder = fixture.root.appendingPathComponent("demo")
        // NO_COLOR empty counts as unset (the fixture sets it for every child): off a terminal is the only reason for no colour.
        let output = try fixture.agents(["demo", folder.path], in: fixture.root,
                                        environment: ["NO_COLOR": "", "TERM": "xterm-256color"])
        #expect(output.status == 0, "\(output)")
        for expected in ["Build a user profile feature with avatar upload", "Agent 1 (database)", "Created worktree: feature-db-001",
                         "every agent finished", "Recent activity:", "[testing]"] {
            #expect(output.stdout.contains(expected), "missing \(expected) in:\n\(output.stdout)")
        }
        #expect(!output.stdout.contains("\u{1B}["), "no colour off a terminal")

        let status = try fixture.agents(["status", "--json"], in: folder)
        let report = try jsonObject(status.stdout)
        let agents = SessionFixture.agentRecords(report)
        #expect(agents.map { $0["name"] as? String } == ["database", "api", "frontend", "testing"])
        #expect(agents.allSatisfy { $0["status"] as? String == "done" && $0["progress"] as? Int == 100 })
        // The scripted agent really edited and committed files, on the seed's branch names.
        let migration = try fixture.git(["show", "feature/db-001:db/migrations/001_create_user_profiles.sql"], in: folder)
        #expect(migration.contains("CREATE TABLE user_profiles"))
        // Dependants started from their dependencies' work.
        #expect(try fixture.gitResult(["merge-base", "--is-ancestor", "feature/db-001", "feature/api-001"], in: folder).status == 0)
        #expect(try fixture.gitResult(["merge-base", "--is-ancestor", "feature/ui-001", "feature/tests-001"], in: folder).status == 0)
        let worktrees = try fixture.git(["worktree", "list"], in: folder)
        for name in ["feature-db-001", "feature-api-001", "feature-ui-001", "feature-tests-001"] {
            #expect(worktrees.contains(name), "\(worktrees)")
        }
        let notes = try fixture.git(["log", "-1", "--notes=agents", "feature/tests-001"], in: folder)
        #expect(notes.contains("\"agent\":\"testing\""), "\(notes)")
        let logs = try fixture.agents(["logs", "--agent", "api"], in: folder)
        #expect(logs.stdout.split(separator: "\n").allSatisfy { $0.range(of: #"^\[\d\d:\d\d:\d\d\] \[api\] "#, options: .regularExpression) != nil })
        #expect(logs.stdout.contains("progress"))
        #expect(try fixture.gitResult(["fsck", "--strict"], in: folder).status == 0)
    }

    @Test("demo refuses a folder that is not empty, creating nothing")
    func demoRefusesAFullFolder() throws {
        let fixture = try SessionFixture()
        let output = try fixture.agents(["demo", fixture.repo.path], in: fixture.root)
        #expect(output.status == 2, "\(output)")
        #expect(try fixture.git(["for-each-ref", "refs/agents"]).isEmpty)
    }
}
