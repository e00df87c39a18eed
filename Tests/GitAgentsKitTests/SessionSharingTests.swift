// Sessions fetched from other clones (refs/agents/remotes/<remote>/clones/<clone>/…): their names, how a person
// picks one, that they are never changed; and notes merged by the union of their lines, with `git notes` as witness.
import Foundation
@testable import GitAgentsKit
import GitKit
import Testing
import TestSupport

@Suite(.scratchRepository)
struct SessionSharingTests {
    let scratch = ScratchRepository.current

    /// A local session, and copies of its record as fetched from `origin` for the clones named.
    func fetchedCopies(of clones: [String]) throws -> (store: SessionStore, id: String) {
        let store = try scratch.store(), base = try scratch.head()
        let id = try store.create(Fixture.session(base: base), agents: [Fixture.agent("api", base: base)]).session.id
        for clone in clones {
            try scratch.git("update-ref", "refs/agents/remotes/origin/clones/\(clone)/sessions/\(id)", "refs/agents/sessions/\(id)")
        }
        return (store, id)
    }

    @Test func fetchedNamesAreThreeRefComponents() throws {
        let name = try #require(FetchedSessionName("origin/alice-3f2a/session-20261130-001"))
        #expect((name.remote, name.clone, name.id, name.text) == ("origin", "alice-3f2a", "20261130-001", "origin/alice-3f2a/20261130-001"))
        #expect(name.ref(archived: true) == "refs/agents/remotes/origin/clones/alice-3f2a/archive/20261130-001")
        #expect(FetchedSessionName(ref: "refs/agents/remotes/origin/clones/alice-3f2a/sessions/20261130-001") == name)
        for bad in ["origin/20261130-001", "../x/20261130-001", "origin/.hidden/20261130-001", "origin/a.lock/20261130-001",
                    "origin/a/b/20261130-001", "origin/a/not-an-id", "origin/a b/20261130-001"] {
            #expect(FetchedSessionName(bad) == nil, "\(bad)")
        }
        #expect(FetchedSessionName(ref: "refs/agents/remotes/origin/clones/a/heads/20261130-001/api") == nil)
    }

    @Test func aFetchedSessionIsPickedByItsFullOrShortNameAndReadUnderIt() throws {
        let (store, id) = try fetchedCopies(of: ["alice-3f2a"])
        #expect(try store.choose("origin/\(id)").id == "origin/alice-3f2a/\(id)")
        #expect(try store.choose("origin/alice-3f2a/\(id)").id == "origin/alice-3f2a/\(id)")
        let snapshot = try store.load("origin/alice-3f2a/\(id)")
        #expect(snapshot.session.id == "origin/alice-3f2a/\(id)")
        #expect(snapshot.agents.map(\.branch) == ["origin/alice-3f2a/agents/20260403-001/api"])
        #expect(try store.choose(nil).id == id, "the default stays local")
        #expect(throws: AgentsError.unknownSession("upstream/\(id)")) { try store.choose("upstream/\(id)") }
    }

    @Test func twoClonesWithTheSameIdMustBeNamedInFull() throws {
        let (store, id) = try fetchedCopies(of: ["alice-3f2a", "bob-77c0"])
        #expect { try store.choose("origin/\(id)") } throws: { error in
            (error as? AgentsError)?.message == "'origin/\(id)' names sessions of 2 clones: origin/alice-3f2a/\(id), origin/bob-77c0/\(id)"
        }
        #expect(try store.readFetched().sessions.map(\.session.id) == ["origin/alice-3f2a/\(id)", "origin/bob-77c0/\(id)"])
    }

    @Test func thisClonesOwnCopiesAreNotListedAndAFetchedSessionIsNeverChanged() throws {
        let (store, id) = try fetchedCopies(of: ["me-0001", "bob-77c0"])
        try scratch.git("config", "agents.cloneName", "me-0001")
        #expect(try store.readFetched().sessions.map(\.session.id) == ["origin/bob-77c0/\(id)"])
        let before = try scratch.git("rev-parse", "refs/agents/remotes/origin/clones/bob-77c0/sessions/\(id)")
        #expect(throws: AgentsError.fetchedSession("origin/bob-77c0/\(id)")) {
            try store.update("origin/bob-77c0/\(id)", activity: "changed") { _ in }
        }
        #expect(try scratch.git("rev-parse", "refs/agents/remotes/origin/clones/bob-77c0/sessions/\(id)") == before)
    }

    @Test func aFetchedRecordWithAnAgentNameNoPlanCanMakeIsUnreadable() throws {
        let store = try scratch.store(), base = try scratch.head()
        let id = try store.create(Fixture.session(base: base), agents: [Fixture.agent("not a plan name", base: base)]).session.id
        try scratch.git("update-ref", "refs/agents/remotes/origin/clones/eve-0bad/sessions/\(id)", "refs/agents/sessions/\(id)")

        #expect { try store.load("origin/eve-0bad/\(id)") } throws: { ($0 as? AgentsError)?.exitCode == 4 }
        let (sessions, unreadable) = try store.readFetched()
        #expect(sessions.isEmpty && unreadable.map(\.ref) == ["refs/agents/remotes/origin/clones/eve-0bad/sessions/\(id)"])
    }

    @Test func notesAreUnitedLineByLine() {
        #expect(NotesMerge.union(nil, "b\n") == "b\n")
        #expect(NotesMerge.union("a\nb\n", "b\nc\n") == "a\nb\nc\n")
        #expect(NotesMerge.union("a", "a") == "a")
        #expect(NotesMerge.union("a", "b\n") == "a\nb\n")
    }

    @Test func notesMergeFastForwardsOrMergesKeepingEveryLine() throws {
        let repository = try Repository.open(at: scratch.path)
        let merge = NotesMerge(repository: repository)
        try scratch.git("commit", "--quiet", "--allow-empty", "-m", "second")
        try scratch.git("notes", "--ref=theirs", "add", "-m", "theirs on first", "HEAD^")
        #expect(try merge.merge("refs/notes/theirs", into: "refs/notes/agents") == false, "taken as it is")
        #expect(try scratch.git("rev-parse", "refs/notes/agents") == scratch.git("rev-parse", "refs/notes/theirs"))

        try scratch.git("notes", "--ref=agents", "append", "-m", "ours on first", "HEAD^")
        try scratch.git("notes", "--ref=agents", "add", "-m", "ours on second", "HEAD")
        try scratch.git("notes", "--ref=theirs", "append", "-m", "more of theirs", "HEAD^")
        #expect(try merge.merge("refs/notes/theirs", into: "refs/notes/agents") == true)

        #expect(try scratch.git("notes", "--ref=agents", "show", "HEAD^") == "theirs on first\n\nours on first\nmore of theirs")
        #expect(try scratch.git("notes", "--ref=agents", "show", "HEAD") == "ours on second")
        let tip = try scratch.git("rev-parse", "refs/notes/agents")
        #expect(try merge.merge("refs/notes/theirs", into: "refs/notes/agents") == false, "nothing new")
        #expect(try scratch.git("rev-parse", "refs/notes/agents") == tip)
    }

    @Test func aMergeRacingLocalNoteWritersLosesNoNote() throws {
        let writers = 12
        for index in 0..<writers { try scratch.git("commit", "--quiet", "--allow-empty", "-m", "commit \(index)") }
        let commits = try scratch.git("rev-list", "HEAD").split(separator: "\n").prefix(writers).map(String.init)
        try scratch.git("notes", "--ref=agents", "add", "-m", "ours from the start", commits[0])
        for commit in commits { try scratch.git("notes", "--ref=theirs", "add", "-m", "theirs", commit) }
        let path = scratch.path
        // Index 0 merges theirs in (again and again: each time ours moved, it has work to do); the rest write notes.
        DispatchQueue.concurrentPerform(iterations: writers + 1) { index in
            guard let repository = try? Repository.open(at: path) else { return }
            if index == writers {
                for _ in 0..<5 { _ = try? NotesMerge(repository: repository).merge("refs/notes/theirs", into: "refs/notes/agents") }
            } else if let target = OID(hex: commits[index]) {
                try? repository.updateNote(on: target, notesRef: "refs/notes/agents") { ($0 ?? "") + "local \(index)\n" }
            }
        }
        for (index, commit) in commits.enumerated() {
            let note = try scratch.git("notes", "--ref=agents", "show", commit)
            #expect(note.contains("local \(index)") && note.contains("theirs"), "\(commit): \(note)")
        }
        #expect(try scratch.git("notes", "--ref=agents", "show", commits[0]).contains("ours from the start"))
    }
}

/// https credentials come from git's own credential helpers, asked with `git credential fill|approve|reject`.
@Suite(.scratchRepository)
struct GitCredentialHelperTests {
    let scratch = ScratchRepository.current

    @Test func theHelperIsAskedToGetStoreAndErase() throws {
        let calls = scratch.root + "/helper-calls"
        let helper = scratch.root + "/helper.sh"
        try """
            #!/bin/sh
            input=$(cat)
            echo "$1 $(echo "$input" | grep -E '^(host|path|username)=' | tr '\\n' ' ')" >> '\(calls)'
            [ "$1" = get ] && printf 'username=ann\\npassword=s3cret\\n'
            exit 0
            """.write(toFile: helper, atomically: true, encoding: .utf8)
        try scratch.git("config", "credential.helper", helper)
        try scratch.git("config", "credential.useHttpPath", "true")
        chmod(helper, 0o755)
        let source = GitCredentialHelper(try Workspace.discover(from: scratch.path))

        let credential = source.fill(url: "https://git.example.com/team/repo.git", username: nil)
        #expect(credential == PlaintextCredential(username: "ann", password: "s3cret"))
        source.approve(try #require(credential), url: "https://git.example.com/team/repo.git")
        source.reject(try #require(credential), url: "https://git.example.com/team/repo.git")
        #expect(source.fill(url: "https://git.example.com/x\nhost=evil.example.com", username: nil) == nil, "no injected field")

        let lines = try String(contentsOfFile: calls, encoding: .utf8).split(separator: "\n").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        #expect(lines == ["get host=git.example.com path=team/repo.git",
                          "store host=git.example.com path=team/repo.git username=ann",
                          "erase host=git.example.com path=team/repo.git username=ann"])
    }
}
