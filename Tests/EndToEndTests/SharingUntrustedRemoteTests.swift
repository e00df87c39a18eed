// Sharing from a user's side: a remote whose notes ref is damaged (or hostile) never breaks this clone's notes.
import Foundation
import Testing

extension SharingTests {
    @Test func aRemoteNotesRefThatIsNoCommitLeavesOurNotesAndGitLogIntact() throws {
        let fixture = try SessionFixture()
        let remote = fixture.root.appendingPathComponent("odd.git")
        try fixture.git(["init", "--quiet", "--bare", "--initial-branch=main", remote.path], in: fixture.root)
        try fixture.git(["push", "--quiet", remote.path, "main"])
        let blob = try fixture.git(["hash-object", "-w", "/dev/null"], in: remote)
        try fixture.git(["update-ref", "refs/notes/agents", blob], in: remote)
        try fixture.git(["remote", "add", "origin", remote.path])

        let fetched = try fixture.agents("fetch")

        #expect(fetched.status == 1, "\(fetched)")
        #expect(fetched.stderr.contains("is not a commit of notes, so it was not merged"), "\(fetched)")
        #expect(try fixture.gitResult(["rev-parse", "--verify", "--quiet", "refs/notes/agents"]).status != 0,
                "our notes ref was not made from the remote's blob")
        #expect(try fixture.gitResult(["log", "-1", "--notes=agents"]).status == 0)
    }
}
