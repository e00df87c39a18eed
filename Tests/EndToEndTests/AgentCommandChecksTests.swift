// An agent command whose program cannot be found, or no agent command at all: `start` refuses before
// creating anything and `doctor` reports it, instead of every agent failing with exit status 127.
import Foundation
import Testing

@Suite("Agent commands checked before anything starts", .timeLimit(.minutes(10)))
struct AgentCommandChecksTests {

    @Test func startRefusesAProgramNotOnPathNamingTheRolesAndTheCommand() throws {
        let fixture = try SessionFixture()
        try fixture.defaultCommand("nonexistent-cli {prompt}")
        try fixture.role("api")
        try fixture.role("db")
        let before = try fixture.footprint()

        for arguments in [["start", "Build it", "--wait"], ["start", "Build it", "--dry-run"]] {
            let start = try fixture.agents(arguments)
            #expect(start.status == 2, "\(start)")
            #expect(start.stderr.contains("roles api, db") && start.stderr.contains("nonexistent-cli {prompt}"), "\(start)")
            #expect(start.stderr.contains("nonexistent-cli is not on PATH") && start.stderr.contains("agents.command"), "\(start)")
            #expect(start.stderr.split(separator: "\n").count <= 2, "\(start)")
        }
        #expect(try fixture.footprint() == before)
        #expect(fixture.startTimes("api").isEmpty && fixture.startTimes("db").isEmpty)
    }

    @Test func aRolesOwnCommandIsCheckedAndNamedByItsKey() throws {
        let fixture = try SessionFixture()
        try fixture.defaultCommand(try fixture.succeedingAgent())
        try fixture.role("api")
        try fixture.role("ui", command: fixture.root.appendingPathComponent("tools/missing-agent").path + " --go")
        let start = try fixture.agents(["start", "Build it"])
        #expect(start.status == 2, "\(start)")
        #expect(start.stderr.contains("role ui") && start.stderr.contains("role.ui.command"), "\(start)")
        #expect(start.stderr.contains("tools/missing-agent is not an executable file"), "\(start)")
        #expect(!start.stderr.contains("role api"), "\(start)")

        let flag = try fixture.agents(["start", "Build it", "--dry-run", "--agent-cmd", "nonexistent-cli"])
        #expect(flag.status == 2 && flag.stderr.contains("--agent-cmd"), "\(flag)")
    }

    @Test func aPresetIsLookedForByItsProgramName() throws {
        let fixture = try SessionFixture()
        try fixture.defaultCommand("claude")
        try fixture.role("api")
        let missing = try fixture.agents(["start", "Build it", "--dry-run"])
        #expect(missing.status == 2, "\(missing)")
        #expect(missing.stderr.contains("(claude) cannot start: claude is not on PATH"), "\(missing)")

        // A program called claude on the agents' PATH is enough (the fixture's bin folder is on it).
        let fake = fixture.bin.appendingPathComponent("claude")
        try "#!/bin/sh\nexit 0\n".write(to: fake, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        let found = try fixture.agents(["start", "Build it", "--dry-run"])
        #expect(found.status == 0, "\(found)")
    }

    @Test func aRelativeProgramMustBeAnExecutableFileOfTheBaseCommit() throws {
        let fixture = try SessionFixture()
        try fixture.role("api")
        try fixture.defaultCommand("./tools/agent.sh {prompt}")
        try fixture.write("#!/bin/sh\nexit 0\n", to: "tools/agent.sh")
        // On disk but not committed: a new worktree would not have it.
        let uncommitted = try fixture.agents(["start", "Build it", "--dry-run"])
        #expect(uncommitted.status == 2, "\(uncommitted)")
        #expect(uncommitted.stderr.contains("./tools/agent.sh is not an executable file of the agent's worktree"), "\(uncommitted)")

        try fixture.git(["add", "--chmod=+x", "tools/agent.sh"])
        try fixture.git(["commit", "-q", "-m", "agent script"])
        let committed = try fixture.agents(["start", "Build it", "--dry-run"])
        #expect(committed.status == 0, "\(committed)")
    }

    @Test func doctorReportsAMissingProgramAndARoleWithoutAnyCommand() throws {
        let fixture = try SessionFixture()
        try fixture.role("api")
        let none = try fixture.agents("doctor")
        #expect(none.status == 1, "\(none)")
        #expect(none.stdout.contains("no agent command for role api"), "\(none)")

        try fixture.defaultCommand("nonexistent-cli {prompt}")
        let missing = try fixture.agents("doctor", "--json")
        #expect(missing.status == 1, "\(missing)")
        let checks = try #require(try JSONSerialization.jsonObject(with: Data(missing.stdout.utf8)) as? [String: Any])
        let lines = (checks["checks"] as? [[String: Any]] ?? []).filter { $0["area"] as? String == "agent commands" }
        #expect(lines.contains { $0["status"] as? String == "problem"
            && ($0["detail"] as? String ?? "").contains("role api: nonexistent-cli {prompt} cannot start: nonexistent-cli is not on PATH") },
            "\(lines)")

        try fixture.defaultCommand(try fixture.succeedingAgent())
        let healthy = try fixture.agents("doctor")
        #expect(healthy.status == 0, "\(healthy)")
        #expect(healthy.stdout.contains("role api: runs \(fixture.scripts.path)/succeed.sh"), "\(healthy)")
    }

    @Test func startWithNoAgentCommandAtAllIsRefusedBeforeAnythingExists() throws {
        let fixture = try SessionFixture()
        try fixture.role("api")
        let start = try fixture.agents("start", "Work")
        #expect(start.status == 2, "\(start)")
        #expect(start.stderr.contains("no agent command for api"), "\(start)")
        #expect(try fixture.git(["for-each-ref", "refs/agents/", "refs/heads/agents/"]).isEmpty)
        #expect(try fixture.git(["worktree", "list"]).split(separator: "\n").count == 1)
    }
}
