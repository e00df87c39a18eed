// `git agents push` / `fetch` between two clones of one bare remote (one by path, one by file:// url), each with a
// session of the same day and so the same id: both survive, each is readable in the other clone, notes are
// merged line by line, a record is never overwritten — with the git CLI as the witness.
import Foundation
import Testing

@Suite("Sharing sessions (push and fetch)", .timeLimit(.minutes(5)))
struct SharingTests {
    struct Clones {
        let fixture: SessionFixture
        let remote: URL
        /// The fixture's repository (origin by path) and a clone of the remote (origin by file:// url).
        let a: URL, b: URL
        /// The id both clones' sessions got.
        let id: String
    }

    /// Two clones of one bare remote, each with a finished session "Task in a|b" started today.
    func clones() throws -> Clones {
        let fixture = try SessionFixture()
        let remote = fixture.root.appendingPathComponent("origin.git"), b = fixture.root.appendingPathComponent("b")
        try fixture.git(["init", "--quiet", "--bare", "--initial-branch=main", remote.path], in: fixture.root)
        try fixture.git(["remote", "add", "origin", remote.path])
        try fixture.git(["push", "--quiet", "origin", "main"])
        try fixture.git(["clone", "--quiet", "file://" + remote.path, b.path], in: fixture.root)
        let agent = try fixture.script("task-writer", """
            echo "working on $GIT_AGENTS_TASK"
            echo "$GIT_AGENTS_TASK" >> work.txt
            git add work.txt
            git commit -q -m "$AGENT: work"
            """)
        var ids: [String] = []
        for (clone, name) in [(fixture.repo, "a"), (b, "b")] {
            try fixture.git(["config", "user.name", "User \(name)"], in: clone)
            try fixture.git(["config", "user.email", "\(name)@example.com"], in: clone)
            try fixture.git(["config", "role.db.description", "the database role"], in: clone)
            let start = try fixture.agents(["start", "Task in \(name)", "--agent-cmd", agent, "--wait"], in: clone)
            try #require(start.status == 0, "\(start)")
            ids.append(try #require(try list(fixture, in: clone).first?["id"] as? String))
        }
        try #require(ids[0] == ids[1], "same day, same id: \(ids)")
        return Clones(fixture: fixture, remote: remote, a: fixture.repo, b: b, id: ids[0])
    }

    func list(_ fixture: SessionFixture, in clone: URL, all: Bool = false) throws -> [[String: Any]] {
        let output = try fixture.agents(all ? ["list", "--json", "--all"] : ["list", "--json"], in: clone)
        try #require(output.status == 0, "\(output)")
        let document = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        return try #require(document?["sessions"] as? [[String: Any]], "\(output)")
    }

    func succeed(_ fixture: SessionFixture, _ arguments: [String], in clone: URL) throws -> ProcessOutput {
        let output = try fixture.agents(arguments, in: clone)
        try #require(output.status == 0, "\(output)")
        return output
    }

    func cloneName(_ clones: Clones, _ clone: URL) throws -> String {
        try clones.fixture.git(["config", "agents.cloneName"], in: clone)
    }

    @Test func sameDaySessionsOfTwoClonesBothSurviveAndEachCloneReadsTheOther() throws {
        let clones = try clones(), fixture = clones.fixture, id = clones.id
        try succeed(fixture, ["push"], in: clones.a)
        let pushed = try succeed(fixture, ["push"], in: clones.b)
        let (a, b) = (try cloneName(clones, clones.a), try cloneName(clones, clones.b))
        #expect(a != b && a.hasPrefix("a-") && b.hasPrefix("b-"), "\(a) \(b)")
        #expect(pushed.stdout.contains("Pushed 1 session and the notes to origin as \(b)"), "\(pushed)")

        let onRemote = try fixture.git(["for-each-ref", "--format=%(refname)", "refs/agents"], in: clones.remote)
        #expect(onRemote.split(separator: "\n").map(String.init) == [
            "refs/agents/clones/\(a)/heads/\(id)/db", "refs/agents/clones/\(a)/sessions/\(id)",
            "refs/agents/clones/\(b)/heads/\(id)/db", "refs/agents/clones/\(b)/sessions/\(id)"])
        #expect(try fixture.git(["rev-parse", "refs/agents/clones/\(a)/sessions/\(id)"], in: clones.remote)
                == fixture.git(["rev-parse", "refs/agents/sessions/\(id)"], in: clones.a))

        let fetched = try succeed(fixture, ["fetch"], in: clones.a)
        #expect(fetched.stdout.contains("origin/\(b)/\(id)"), "\(fetched)")
        for (clone, other) in [(clones.a, b), (clones.b, a)] {
            let rows = try list(fixture, in: clone)
            #expect(rows.map { $0["id"] as? String } == [id, "origin/\(other)/\(id)"], "\(rows)")
            #expect(rows.map { $0["remote"] as? String } == [nil, "origin"], "\(rows)")
            let human = try succeed(fixture, ["list"], in: clone).stdout
            #expect(human.contains("origin/\(other)/\(id)") && human.contains("(from origin)"), "\(human)")
        }

        // In a: b's session under its full name and under origin/<id> (one other clone has that id).
        for name in ["origin/\(b)/\(id)", "origin/\(id)"] {
            let status = try succeed(fixture, ["status", "--json", "--session", name], in: clones.a)
            let report = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
            let session = try #require(report["session"] as? [String: Any])
            #expect(session["id"] as? String == "origin/\(b)/\(id)" && session["task"] as? String == "Task in b", "\(report)")
        }
        let session = ["--session", "origin/\(id)"]
        let logs = try succeed(fixture, ["logs"] + session, in: clones.a).stdout
        #expect(logs.contains("[db] working on") && logs.contains("Task in b") && !logs.contains("Task in a"), "\(logs)")
        let diff = try succeed(fixture, ["diff"] + session, in: clones.a).stdout
        #expect(diff.contains("+++ b/work.txt") && diff.contains("Task in b") && !diff.contains("Task in a"), "\(diff)")
        let review = try succeed(fixture, ["review"] + session, in: clones.a).stdout
        #expect(review.contains("origin/\(b)/\(id)") && review.contains("Conflicts Detected: 0"), "\(review)")
        #expect(review.contains("git agents diff --session origin/\(b)/\(id)") && !review.contains("merge --approve"), "\(review)")
        try succeed(fixture, ["conflicts"] + session, in: clones.a)
        let artifacts = try succeed(fixture, ["artifact", "list"] + session, in: clones.a).stdout
        #expect(artifacts.contains("No artifacts in session origin/\(b)/\(id)"), "\(artifacts)")
        // The local session's own branch (same id, same agent name) is not mistaken for b's.
        let own = try succeed(fixture, ["diff"], in: clones.a).stdout
        #expect(own.contains("Task in a") && !own.contains("Task in b"), "\(own)")
    }

    @Test func aFetchedSessionIsReadOnlyAndNeverTheDefault() throws {
        let clones = try clones(), fixture = clones.fixture, id = clones.id
        try succeed(fixture, ["push"], in: clones.b)
        try succeed(fixture, ["fetch"], in: clones.a)
        let b = try cloneName(clones, clones.b)

        let status = try succeed(fixture, ["status", "--json"], in: clones.a).stdout
        #expect(status.contains("\"id\" : \"\(id)\"") || status.contains("\"id\":\"\(id)\""), "the local one: \(status)")
        for command in [["stop"], ["merge", "--approve"], ["cleanup"], ["restart", "--agent", "db"]] {
            let refused = try fixture.agents(command + ["--session", "origin/\(b)/\(id)"], in: clones.a)
            #expect(refused.status == 2, "\(refused)")
            #expect(refused.stderr.contains("was fetched from origin: it can be read here but changed only in the clone that started it"),
                    "\(refused)")
        }
        for watching in [["logs", "--follow"], ["status", "--watch"]] {
            let refused = try fixture.agents(watching + ["--session", "origin/\(id)"], in: clones.a)
            #expect(refused.status == 2 && refused.stderr.contains("changes here only with git agents fetch"), "\(refused)")
        }
        #expect(try fixture.git(["rev-parse", "refs/agents/remotes/origin/clones/\(b)/sessions/\(id)"], in: clones.a)
                == fixture.git(["rev-parse", "refs/agents/sessions/\(id)"], in: clones.b), "untouched")
    }

    @Test func notesOfBothClonesAreMergedLineByLine() throws {
        let clones = try clones(), fixture = clones.fixture
        // The first commit, which both clones have, annotated on each side.
        try fixture.git(["notes", "--ref=agents", "add", "-m", "from a", "main~0"], in: clones.a)
        try fixture.git(["notes", "--ref=agents", "add", "-m", "from b", "origin/main"], in: clones.b)
        try succeed(fixture, ["push"], in: clones.a)
        let pushed = try succeed(fixture, ["push"], in: clones.b)
        #expect(pushed.stdout.contains("notes merged"), "\(pushed)")
        try succeed(fixture, ["fetch"], in: clones.a)

        for clone in [clones.a, clones.b, clones.remote] {
            // b merged: its own lines first, then a's it lacked.
            #expect(try fixture.git(["notes", "--ref=agents", "show", "main"], in: clone) == "from b\nfrom a", "\(clone.lastPathComponent)")
            // Both agents' provenance notes, on each side.
            let annotated = try fixture.git(["notes", "--ref=agents", "list"], in: clone).split(separator: "\n")
            #expect(annotated.count == 3, "\(annotated)")
        }
        #expect(try fixture.git(["rev-parse", "refs/notes/agents"], in: clones.a)
                == fixture.git(["rev-parse", "refs/notes/agents"], in: clones.remote), "a fast-forward")
        let parents = try fixture.git(["rev-list", "--parents", "-1", "refs/notes/agents"], in: clones.b).split(separator: " ")
        #expect(parents.count == 3, "a merge of both sides: \(parents)")
    }

    @Test func aRecordIsNeverOverwrittenOnTheRemote() throws {
        let clones = try clones(), fixture = clones.fixture, id = clones.id
        try succeed(fixture, ["push"], in: clones.a)
        let a = try cloneName(clones, clones.a)
        let ref = "refs/agents/clones/\(a)/sessions/\(id)"
        let before = try fixture.git(["rev-parse", ref], in: clones.remote)
        // b copied a's name (as a copied .git/config would): its same-day session would replace a's.
        try fixture.git(["config", "agents.cloneName", a], in: clones.b)

        let refused = try fixture.agents(["push"], in: clones.b)

        #expect(refused.status == 1, "\(refused)")
        #expect(refused.stderr.contains("origin holds another record of session \(id) under this clone's name '\(a)'"), "\(refused)")
        #expect(refused.stderr.contains("git config agents.cloneName NAME"), "\(refused)")
        #expect(try fixture.git(["rev-parse", ref], in: clones.remote) == before)
    }

    @Test func aSessionCleanedUpInOneCloneReadsAsArchivedInTheOther() throws {
        let clones = try clones(), fixture = clones.fixture, id = clones.id
        try succeed(fixture, ["push"], in: clones.a)
        try succeed(fixture, ["fetch"], in: clones.b)
        try succeed(fixture, ["merge", "--approve"], in: clones.a)
        try succeed(fixture, ["cleanup"], in: clones.a)
        try succeed(fixture, ["push"], in: clones.a)
        let a = try cloneName(clones, clones.a)
        #expect(try fixture.git(["for-each-ref", "--format=%(refname)", "refs/agents/clones/\(a)/sessions",
                                 "refs/agents/clones/\(a)/archive"], in: clones.remote) == "refs/agents/clones/\(a)/archive/\(id)",
                "the live record went once the archive held it")

        try succeed(fixture, ["fetch"], in: clones.b)

        #expect(try list(fixture, in: clones.b).map { $0["id"] as? String } == [id])
        let all = try list(fixture, in: clones.b, all: true)
        let fetched = try #require(all.first { $0["id"] as? String == "origin/\(a)/\(id)" }, "\(all)")
        #expect(fetched["archived"] as? Bool == true && fetched["state"] as? String == "cleaned", "\(all)")
    }

    @Test func remotesThatAreNotThereAreNamed() throws {
        let fixture = try SessionFixture()
        try fixture.git(["init", "--quiet", "--bare", fixture.root.appendingPathComponent("empty.git").path], in: fixture.root)
        try fixture.git(["remote", "add", "empty", fixture.root.appendingPathComponent("empty.git").path])
        let nothing = try fixture.agents("push", "empty")
        #expect(nothing.status == 0 && nothing.stdout.contains("Nothing to push: no sessions and no notes yet."), "\(nothing)")
        let fetched = try fixture.agents("fetch", "empty", "--json")
        let report = try JSONSerialization.jsonObject(with: Data(fetched.stdout.utf8)) as? [String: Any]
        #expect(fetched.status == 0 && report?["remote"] as? String == "empty" && (report?["sessions"] as? [String])?.isEmpty == true
                && report?["notes"] as? Bool == false, "\(fetched)")
        try fixture.git(["remote", "remove", "empty"])
        let none = try fixture.agents("push")
        #expect(none.status == 2 && none.stderr.contains("no remote to share sessions with"), "\(none)")
        let unknown = try fixture.agents("fetch", "upstream")
        #expect(unknown.status == 2 && unknown.stderr.contains("no remote named 'upstream'"), "\(unknown)")
        try fixture.git(["remote", "add", "gone", fixture.root.appendingPathComponent("gone.git").path])
        let gone = try fixture.agents("fetch", "gone")
        #expect(gone.status == 1 && gone.stderr.contains("does not exist"), "\(gone)")
        #expect(gone.stderr.split(separator: "\n").count <= 2, "\(gone)")
    }
}
