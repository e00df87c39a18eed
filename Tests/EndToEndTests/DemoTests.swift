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
                         "every agent finished", "Recent activity:", "[testing]", "Review Session", "Conflicts Detected: 0",
                         "All changes merged successfully", "Deleted branch feature/db-001 (merged into main)", "archived"] {
            #expect(output.stdout.contains(expected), "missing \(expected) in:\n\(output.stdout)")
        }
        #expect(!output.stdout.contains("\u{1B}["), "no colour off a terminal")

        let list = try jsonObject(try fixture.agents(["list", "--all", "--json"], in: folder).stdout)
        let sessions = try #require(list["sessions"] as? [[String: Any]])
        #expect(sessions.count == 1 && sessions.first?["state"] as? String == "cleaned", "\(sessions)")
        let id = try #require(sessions.first?["id"] as? String)
        let status = try jsonObject(try fixture.agents(["status", "--json", "--session", id], in: folder).stdout)
        let agents = SessionFixture.agentRecords(status)
        #expect(agents.map { $0["name"] as? String } == ["database", "api", "frontend", "testing"])
        #expect(agents.allSatisfy { $0["status"] as? String == "merged" && $0["progress"] as? Int == 100 })
        // The scripted agent really edited and committed files; main holds them as one commit with its note.
        let migration = try fixture.git(["show", "main:db/migrations/001_create_user_profiles.sql"], in: folder)
        #expect(migration.contains("CREATE TABLE user_profiles"))
        #expect(try fixture.git(["rev-list", "--first-parent", "--count", "main"], in: folder) == "2")
        #expect(try fixture.git(["notes", "--ref=agents", "show", "main"], in: folder).contains("\"kind\":\"integration\""))
        // Cleanup removed the worktrees and the merged branches.
        #expect(try fixture.git(["worktree", "list"], in: folder).split(separator: "\n").count == 1)
        #expect(try fixture.git(["branch", "--format=%(refname:short)"], in: folder) == "main")
        let logs = try fixture.agents(["logs", "--agent", "api", "--session", id], in: folder)
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
