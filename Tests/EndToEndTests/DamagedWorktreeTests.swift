// Damaged worktrees never cost work: a finish that cannot commit still ends the agent (and the session),
// and recreate keeps the old folder instead of deleting it.
import Foundation
import Testing

@Suite("Damaged worktrees")
struct DamagedWorktreeTests {
    @Test("an agent whose worktree cannot be committed still ends, with the reason", .timeLimit(.minutes(10)))
    func lockedIndexDoesNotStopTheSession() throws {
        let fixture = try SessionFixture()
        try fixture.role("locked", command: try fixture.script("lock", """
            echo "half done" > unsaved.txt
            touch "$(git rev-parse --git-dir)/index.lock"
            exit 0
            """))
        try fixture.role("after", dependsOn: ["locked"], command: try fixture.succeedingAgent())
        let output = try fixture.agents(["start", "Lock the index", "--wait"])
        let status = try fixture.waitForEnd()
        let locked = try #require(SessionFixture.agent("locked", in: status))
        #expect(locked["status"] as? String == "done", "\(output)")
        let history = try fixture.history(try fixture.newestSession())
        #expect(history.contains { $0.contains("locked: done") && $0.contains("could not be committed") }, "\(history)")
        // The file is still there for a person to rescue.
        let worktree = try #require(locked["worktree"] as? String)
        #expect(FileManager.default.fileExists(atPath: worktree + "/unsaved.txt"))
        #expect(SessionFixture.agent("after", in: status)?["status"] as? String == "done")
    }

    @Test("recreate keeps the broken folder, with what was in it", .timeLimit(.minutes(10)))
    func recreateKeepsTheOldFolder() throws {
        let fixture = try SessionFixture()
        try fixture.role("solo", command: try fixture.succeedingAgent())
        try fixture.agents(["start", "Break me", "--wait"]).requireSuccess()
        let status = try fixture.status()
        let agent = try #require(SessionFixture.agent("solo", in: status))
        let worktree = try #require(agent["worktree"] as? String), branch = try #require(agent["branch"] as? String)
        // Break it: an ignored-by-nobody file a person wrote, and the worktree's link to the repository gone.
        try "precious\n".write(toFile: worktree + "/precious.txt", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: worktree + "/.git")

        let output = try fixture.agents(["recreate", "--agent", "solo"])
        #expect(output.status == 0, "\(output)")
        let kept = try #require(output.stdout.split(separator: " ").map(String.init)
            .first { $0.contains(".broken-") }?.trimmingCharacters(in: CharacterSet(charactersIn: ":.\n")), "\(output)")
        #expect(try String(contentsOfFile: kept + "/precious.txt", encoding: .utf8) == "precious\n")
        #expect(try fixture.git(["rev-parse", "--abbrev-ref", "HEAD"], in: URL(fileURLWithPath: worktree)) == branch)
        #expect(try fixture.git(["status", "--porcelain"], in: URL(fileURLWithPath: worktree)).isEmpty)
        try fixture.expectFsckClean()
    }

    @Test("recreate commits nothing from a worktree whose checkout never finished (no index)", .timeLimit(.minutes(10)))
    func recreateCommitsNoHalfCheckout() throws {
        let fixture = try SessionFixture()
        try fixture.write("kept\n", to: "src/kept.txt")
        try fixture.write("lost\n", to: "src/lost.txt")
        try fixture.git(["add", "-A"])
        try fixture.git(["commit", "--quiet", "-m", "two files"])
        try fixture.role("solo", command: try fixture.succeedingAgent())
        try fixture.agents(["start", "Half a checkout", "--wait"]).requireSuccess()
        let agent = try #require(SessionFixture.agent("solo", in: try fixture.status()))
        let worktree = try #require(agent["worktree"] as? String), branch = try #require(agent["branch"] as? String)
        let head = try fixture.git(["rev-parse", branch])
        // What a checkout killed half-way leaves: some files written, no index yet.
        let gitDir = try fixture.git(["rev-parse", "--absolute-git-dir"], in: URL(fileURLWithPath: worktree))
        try FileManager.default.removeItem(atPath: gitDir + "/index")
        try FileManager.default.removeItem(atPath: worktree + "/src/lost.txt")

        let output = try fixture.agents(["recreate", "--agent", "solo"])

        #expect(output.status == 0, "\(output)")
        // Committing that folder would have recorded src/lost.txt as deleted on the agent's branch.
        #expect(try fixture.git(["rev-parse", branch]) == head)
        #expect(FileManager.default.fileExists(atPath: worktree + "/src/lost.txt"))
        #expect(try fixture.git(["status", "--porcelain"], in: URL(fileURLWithPath: worktree)).isEmpty)
    }
}
