// Which session a command means, and records that cannot be read (issue #7, points 8, 11 and 20).
import Foundation
@testable import GitAgentsKit
import GitKit
import Testing
import TestSupport

@Suite(.scratchRepository)
struct SessionChoiceTests {
    let scratch = ScratchRepository.current

    @Test func idsAreCheckedAndTheSeedSpellingIsAccepted() throws {
        let store = try scratch.store(), base = try scratch.head()
        let id = try store.create(Fixture.session(base: base), agents: []).session.id
        #expect(try store.choose("session-\(id)").id == id)
        #expect(try store.choose(id).id == id)
        for bad in ["../../x", "refs/heads/main", "20260403-001/../..", "", "session-", "2026040-001"] {
            #expect(throws: AgentsError.unknownSession(bad)) { try store.choose(bad) }
        }
        #expect(SessionID.normalized("session-20261130-001") == "20261130-001")
        #expect(SessionID.normalized("20261130-1000") == "20261130-1000")
        #expect(SessionID.normalized("20261130-01") == nil)
    }

    @Test func aForeignOrDamagedRefIsSkippedAndNamed() throws {
        let store = try scratch.store(), base = try scratch.head()
        let good = try store.create(Fixture.session(base: base), agents: [Fixture.agent("api", base: base)]).session.id
        try scratch.git("update-ref", "refs/agents/sessions/20991231-001", "HEAD")
        try scratch.git("update-ref", "refs/agents/sessions/not-an-id", "HEAD")

        let (sessions, unreadable) = try store.readAll()
        #expect(sessions.map(\.session.id) == [good])
        #expect(Set(unreadable.map(\.ref)) == ["refs/agents/sessions/20991231-001", "refs/agents/sessions/not-an-id"])
        #expect(unreadable.first { $0.ref.hasSuffix("20991231-001") }?.problem.contains("session.json is missing") == true)

        let choice = try store.choose(nil)
        #expect(choice.id == good)
        #expect(choice.warning?.contains("refs/agents/sessions/20991231-001") == true)
        // Named on its own, the damaged one is an error naming the ref (exit 4), not a crash.
        #expect(throws: AgentsError.self) { try store.load("20991231-001") }
    }

    @Test func aForeignRefWithAHugeCounterDoesNotStopNewSessions() throws {
        let store = try scratch.store(), base = try scratch.head(), day = Fixture.day(2026, 4, 3)
        try scratch.git("update-ref", "refs/agents/sessions/20260403-9223372036854775807", "HEAD")
        let id = try store.create(Fixture.session(base: base), agents: [], day: day).session.id
        #expect(id == "20260403-001")
    }

    @Test func aRecordWithABrokenAgentDocumentIsUnreadableButNotRewritten() throws {
        let store = try scratch.store(), base = try scratch.head()
        let id = try store.create(Fixture.session(base: base), agents: [Fixture.agent("api", base: base)]).session.id
        // A newer version's agent document without fields this one needs.
        let document = scratch.root + "/ui.json"
        try Data(#"{"name": "ui"}"#.utf8).write(to: URL(fileURLWithPath: document))
        let blob = try scratch.git("hash-object", "-w", document)
        try scratch.git("read-tree", "refs/agents/sessions/\(id)")
        try scratch.git("update-index", "--add", "--cacheinfo", "100644,\(blob),agents/ui.json")
        let tree = try scratch.git("write-tree")
        try scratch.git("read-tree", "HEAD")
        let commit = try scratch.git("commit-tree", tree, "-p", "refs/agents/sessions/\(id)", "-m", "ui added by v9")
        try scratch.git("update-ref", "refs/agents/sessions/\(id)", commit)

        #expect(try store.readAll().unreadable.map(\.ref) == ["refs/agents/sessions/\(id)"])
        #expect(throws: AgentsError.self) { try store.update(id, activity: "x") { _ in } }
        #expect(try scratch.git("rev-parse", "refs/agents/sessions/\(id)") == commit)
    }

    @Test func theWorktreeYouStandInChoosesItsSession() throws {
        let store = try scratch.store(), base = try scratch.head()
        var older = Fixture.agent("api", base: base)
        older.worktree = scratch.path + "/../scratch-worktrees/api"
        let first = try store.create(Fixture.session(base: base), agents: [older]).session.id
        let second = try store.create(Fixture.session(base: base), agents: [Fixture.agent("db", base: base)]).session.id
        #expect(try store.choose(nil).id == second)
        let standing = URL(fileURLWithPath: scratch.path).deletingLastPathComponent().path + "/scratch-worktrees/api"
        #expect(try store.choose(nil, worktreeRoot: standing).id == first)
        #expect(try store.choose(nil, worktreeRoot: scratch.path).id == second)
        #expect(try store.agent(owning: standing)?.agent == "api")
    }
}
