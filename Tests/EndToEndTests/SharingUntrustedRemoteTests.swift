// Sharing from a user's side: a remote whose notes ref is damaged (or hostile) never breaks this clone's notes,
// and another clone's messages are read as its other records are.
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
        #expect(fetched.stderr.contains("origin's refs/notes/agents is not a commit of notes, so it was not merged"), "\(fetched)")
        #expect(try fixture.gitResult(["rev-parse", "--verify", "--quiet", "refs/notes/agents"]).status != 0,
                "our notes ref was not made from the remote's blob")
        #expect(try fixture.gitResult(["log", "-1", "--notes=agents"]).status == 0)
    }

    @Test func anotherClonesMessagesAreReadButNotFollowed() throws {
        let clones = try clones(), fixture = clones.fixture, id = clones.id
        try succeed(fixture, ["send", "--to", "db", "hello from b"], in: clones.b)
        try succeed(fixture, ["push"], in: clones.b)
        try succeed(fixture, ["fetch"], in: clones.a)
        let b = try cloneName(clones, clones.b)

        let inbox = try fixture.agents(["inbox", "--session", "origin/\(b)/\(id)"], in: clones.a)

        #expect(inbox.status == 0 && inbox.stdout.contains("hello from b"), "\(inbox)")
        let following = try fixture.agents(["inbox", "--follow", "--session", "origin/\(b)/\(id)"], in: clones.a)
        #expect(following.status == 2 && following.stderr.contains("changes here only with git agents fetch"), "\(following)")
    }

    @Test func aRemoteAddedByARelativePathIsFoundFromASubfolder() throws {
        let clones = try clones(), fixture = clones.fixture, id = clones.id
        try succeed(fixture, ["push"], in: clones.b)
        // As `git remote add shared ../origin.git` writes it: git reads it from the top of the worktree.
        try fixture.git(["remote", "add", "shared", "../origin.git"])
        let sub = fixture.repo.appendingPathComponent("deep/er")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        try fixture.git(["fetch", "--quiet", "shared"], in: sub)

        let fetched = try fixture.agents(["fetch", "shared"], in: sub)

        #expect(fetched.status == 0, "\(fetched)")
        let b = try cloneName(clones, clones.b)
        #expect(try fixture.git(["rev-parse", "refs/agents/remotes/shared/clones/\(b)/sessions/\(id)"])
                == fixture.git(["rev-parse", "refs/agents/sessions/\(id)"], in: clones.b))
        let pushed = try fixture.agents(["push", "shared"], in: sub)
        #expect(pushed.status == 0, "\(pushed)")
    }

    @Test func aRecordRefThatIsNoCommitOnTheRemoteDoesNotStopLaterFetches() throws {
        let clones = try clones(), fixture = clones.fixture, id = clones.id
        let blob = try fixture.git(["hash-object", "-w", "/dev/null"], in: clones.remote)
        try fixture.git(["update-ref", "refs/agents/clones/mallory/sessions/\(id)", blob], in: clones.remote)
        try succeed(fixture, ["fetch"], in: clones.a)
        #expect(try fixture.gitResult(["rev-parse", "--verify", "--quiet",
                                       "refs/agents/remotes/origin/clones/mallory/sessions/\(id)"], in: clones.a).status != 0,
                "no blob kept where a record belongs")

        // As an older git-agents kept it: the next fetch still works.
        try fixture.git(["update-ref", "refs/agents/remotes/origin/clones/mallory/sessions/\(id)", blob], in: clones.a)
        // New work on the remote: the next fetch has something to negotiate.
        try succeed(fixture, ["push"], in: clones.b)
        let again = try fixture.agents(["fetch"], in: clones.a)

        #expect(again.status == 0, "\(again)")
        let b = try cloneName(clones, clones.b)
        #expect(again.stdout.contains("origin/\(b)/\(id)"), "\(again)")
        try succeed(fixture, ["push"], in: clones.a)
    }

    @Test func anUnreadableFetchedRecordIsNamedAsAnotherClonesNotSentToDoctor() throws {
        let clones = try clones(), fixture = clones.fixture
        // A commit with no session.json where a record belongs (a newer format, or damage on the remote).
        let main = try fixture.git(["rev-parse", "main"], in: clones.remote)
        try fixture.git(["update-ref", "refs/agents/clones/mallory/sessions/20260101-001", main], in: clones.remote)
        try succeed(fixture, ["fetch"], in: clones.a)

        let listed = try succeed(fixture, ["list"], in: clones.a)

        #expect(listed.stderr.contains("fetched from other clones that cannot be read here: refs/agents/remotes/origin/clones/mallory/sessions/20260101-001"),
                "\(listed)")
        #expect(!listed.stderr.contains("git agents doctor"), "doctor reads this clone's records only: \(listed)")
        let why = try fixture.agents(["status", "--session", "origin/mallory/20260101-001"], in: clones.a)
        #expect(why.status != 0 && why.stderr.contains("session.json"), "\(why)")
    }

    @Test func aFetchWaitsForAnotherThatHoldsARefLock() throws {
        let clones = try clones(), fixture = clones.fixture
        try succeed(fixture, ["push"], in: clones.b)
        try succeed(fixture, ["fetch"], in: clones.a)
        try fixture.git(["notes", "--ref=agents", "add", "-m", "later", "origin/main"], in: clones.b)
        try succeed(fixture, ["push"], in: clones.b)
        // As a concurrent fetch (a hook's push, a second terminal) holds it for a moment.
        let lock = clones.a.appendingPathComponent(".git/refs/agents/remotes/origin/notes.lock")
        try Data().write(to: lock)
        let release = Process()
        release.executableURL = URL(fileURLWithPath: "/bin/sh")
        release.arguments = ["-c", "sleep 0.5; rm -f '\(lock.path)'"]
        try release.run()
        defer { release.waitUntilExit() }

        let fetched = try fixture.agents(["fetch"], in: clones.a)

        #expect(fetched.status == 0, "\(fetched)")
        #expect(try fixture.git(["notes", "--ref=agents", "show", "main"], in: clones.a).contains("later"))
    }

    @Test func aRecordPushCannotReadIsNamedNotSkippedSilently() throws {
        let clones = try clones(), fixture = clones.fixture
        let main = try fixture.git(["rev-parse", "main"], in: clones.a)
        try fixture.git(["update-ref", "refs/agents/sessions/20260101-001", main], in: clones.a)

        let pushed = try succeed(fixture, ["push"], in: clones.a)

        #expect(pushed.stderr.contains("not pushed: refs/agents/sessions/20260101-001 cannot be read by this version"), "\(pushed)")
        #expect(pushed.stdout.contains("Pushed 1 session"), "the readable one still is: \(pushed)")
    }
}
