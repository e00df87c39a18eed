// SessionStore against a real repository: the record's documents and ids, history, listing, archive, resolve.
import Foundation
@testable import GitAgentsKit
import GitKit
import Testing
import TestSupport

@Suite(.scratchRepository)
struct SessionStoreTests {
    let scratch = ScratchRepository.current

    /// The JSON object stored at `path` in the session's newest commit, as git shows it.
    func json(_ id: String, _ path: String) throws -> [String: Any] {
        let text = try scratch.git("show", "refs/agents/sessions/\(id):\(path)")
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func createAndLoadRoundTrip() throws {
        let store = try scratch.store(), base = try scratch.head()
        let agents = [Fixture.finishedAgent("api", base: base), Fixture.agent("ui", dependsOn: ["api"], base: base)]

        let created = try store.create(Fixture.session(base: base), agents: agents, day: Fixture.day(2026, 4, 3))
        let loaded = try store.load(created.session.id)

        var expected = Fixture.session(base: base)
        expected.id = created.session.id
        #expect(loaded.session == expected)
        #expect(loaded.agents == agents)
        #expect(loaded.commit == created.commit)
        #expect(try scratch.git("rev-parse", "refs/agents/sessions/\(expected.id)") == created.commit.hex)
    }

    @Test func recordFilesHaveExactlyTheDocumentedKeys() throws {
        let store = try scratch.store(), base = try scratch.head()
        let id = try store.create(Fixture.session(base: base),
                                  agents: [Fixture.finishedAgent("api", base: base), Fixture.agent("db", base: base)]).session.id

        #expect(try scratch.lines("ls-tree", "-r", "--name-only", "refs/agents/sessions/\(id)") ==
                ["agents/api.json", "agents/db.json", "session.json"])
        let session = try json(id, "session.json")
        #expect(Set(session.keys) == ["formatVersion", "id", "task", "createdAt", "base", "into", "strategy", "maxParallel",
                                      "state", "reason"])
        #expect(session["formatVersion"] as? Int == RecordFormat.version)
        #expect(session["id"] as? String == id)
        #expect(session["createdAt"] as? String == "2026-04-03T10:30:00Z")
        #expect(session["base"] as? String == base.hex)
        #expect(session["state"] as? String == "planning")
        #expect(session["maxParallel"] as? Int == 3)

        let agentKeys: Set<String> = ["formatVersion", "name", "role", "task", "title", "dependsOn", "branch", "worktree", "base",
                                      "head", "status", "run", "reason", "progress", "pid", "startedAt", "endedAt", "exitCode",
                                      "command", "model", "stats", "review"]
        let finished = try json(id, "agents/api.json"), waiting = try json(id, "agents/db.json")
        #expect(Set(finished.keys) == agentKeys)
        #expect(Set(waiting.keys) == agentKeys)
        #expect(finished["startedAt"] as? String == "2026-04-03T10:31:05Z")
        #expect(finished["endedAt"] as? String == "2026-04-03T10:45:00Z")
        #expect(finished["status"] as? String == "done")
        #expect(Set(try #require(finished["stats"] as? [String: Any]).keys) == ["files", "added", "deleted"])
        #expect(waiting["endedAt"] is NSNull)
        #expect(waiting["pid"] is NSNull)
        #expect(waiting["status"] as? String == "waiting")
    }

    @Test func idsAreTheDayAndAnIncreasingCounter() throws {
        let store = try scratch.store(), base = try scratch.head()
        let april3 = Fixture.day(2026, 4, 3), april4 = Fixture.day(2026, 4, 4)

        let ids = try (1...3).map { _ in try store.create(Fixture.session(base: base), agents: [], day: april3).session.id }
        let nextDay = try store.create(Fixture.session(base: base), agents: [], day: april4).session.id

        #expect(ids == ["20260403-001", "20260403-002", "20260403-003"])
        #expect(nextDay == "20260404-001")
        #expect(try store.load("20260403-002").session.id == "20260403-002")
    }

    @Test func archivedIDsAreNotReused() throws {
        let store = try scratch.store(), base = try scratch.head(), day = Fixture.day(2026, 4, 3)
        let first = try store.create(Fixture.session(base: base), agents: [], day: day).session.id
        try store.archive(first)

        #expect(try store.create(Fixture.session(base: base), agents: [], day: day).session.id == "20260403-002")
    }

    @Test func historyIsNewestFirstWithActivityLines() throws {
        let store = try scratch.store(), base = try scratch.head()
        let id = try store.create(Fixture.session(base: base), agents: [Fixture.agent("api", base: base)],
                                  message: "session created").session.id

        try store.update(id, activity: "api started") { $0.transition("api") { try $0.claim(at: Date()) } }
        try store.update(id, activity: "api at 50%") { $0.transition("api") { try $0.reportProgress(50) } }
        try store.update(id) { _ in nil }

        let history = try store.history(id)
        #expect(history.map(\.message) == ["api at 50%", "api started", "session created"])
        #expect(try scratch.lines("log", "--first-parent", "--format=%s", "refs/agents/sessions/\(id)") ==
                history.map(\.message))
        #expect(try scratch.lines("rev-list", "--first-parent", "refs/agents/sessions/\(id)") == history.map(\.commit.hex))
        #expect(try store.history(id, limit: 1).map(\.message) == ["api at 50%"])
        #expect(try store.load(id).agent("api")?.progress == 50)
    }

    @Test func updatesKeepOtherFilesAndDropRemovedAgents() throws {
        let store = try scratch.store(), base = try scratch.head()
        let id = try store.create(Fixture.session(base: base),
                                  agents: [Fixture.agent("api", base: base), Fixture.agent("db", base: base)]).session.id

        try store.update(id, activity: "api log saved") { $0.tree.set(Data("done\n".utf8), at: "logs/api.log") }
        try store.update(id, activity: "db removed") { $0.agents["db"] = nil }

        #expect(try scratch.lines("ls-tree", "-r", "--name-only", "refs/agents/sessions/\(id)") ==
                ["agents/api.json", "logs/api.log", "session.json"])
        #expect(try scratch.git("show", "refs/agents/sessions/\(id):logs/api.log") == "done")
        #expect(try store.load(id).agents.map(\.name) == ["api"])
    }

    @Test func keptCommitsSurviveGCAndStayOutOfTheActivityHistory() throws {
        let store = try scratch.store(), base = try scratch.head()
        let id = try store.create(Fixture.session(base: base), agents: [Fixture.agent("api", base: base)],
                                  message: "session created").session.id
        try scratch.git("checkout", "--quiet", "-b", "agents/api")
        try scratch.git("commit", "--quiet", "--allow-empty", "-m", "agent work")
        let work = try scratch.head()
        try scratch.git("checkout", "--quiet", "main")
        try scratch.git("branch", "--quiet", "-D", "agents/api")

        try store.update(id, activity: "api done") { document in
            document.agents["api"]?.head = work
            document.tree.keepReachable(work)
        }
        try scratch.git("reflog", "expire", "--expire=now", "--all")
        try scratch.git("gc", "--quiet", "--prune=now")

        #expect(try scratch.git("cat-file", "-t", work.hex) == "commit")
        #expect(try store.history(id).map(\.message) == ["api done", "session created"])
        #expect(try store.load(id).agent("api")?.head == work)
    }

    @Test func allIDsAreNewestFirstWithCountersComparedAsNumbers() throws {
        let store = try scratch.store(), base = try scratch.head()
        let commit = try store.create(Fixture.session(base: base), agents: [], day: Fixture.day(2026, 1, 1)).commit
        for id in ["20260101-999", "20260101-1000", "20251231-004"] {
            try scratch.git("update-ref", "refs/agents/sessions/\(id)", commit.hex)
        }
        try scratch.git("update-ref", "refs/agents/archive/20260102-001", commit.hex)

        #expect(try store.allIDs() == ["20260101-1000", "20260101-999", "20260101-001", "20251231-004"])
        #expect(try store.allIDs(archived: true).first == "20260102-001")
        #expect(try store.create(Fixture.session(base: base), agents: [], day: Fixture.day(2026, 1, 1)).session.id ==
                "20260101-1001")
        #expect(SessionStore.newerFirst("20260102-001", "20260101-1000"))
    }

    @Test func archiveMovesTheRefAndKeepsTheRecordReadable() throws {
        let store = try scratch.store(), base = try scratch.head()
        let id = try store.create(Fixture.session(base: base), agents: [Fixture.agent("api", base: base)]).session.id
        let tip = try store.update(id, activity: "session cleaned") { try $0.cleanUp() }.commit

        try store.archive(id)

        #expect(try scratch.run(["rev-parse", "--verify", "--quiet", "refs/agents/sessions/\(id)"]).status != 0)
        #expect(try scratch.git("rev-parse", "refs/agents/archive/\(id)") == tip.hex)
        #expect(try store.load(id).commit == tip)
        #expect(try store.load(id).session.state == .cleaned)
        #expect(try store.history(id).count == 2)
        #expect(try !store.exists(id))
        #expect(try store.isArchived(id))
        #expect(try store.allIDs().isEmpty)
        #expect(try store.allIDs(archived: true) == [id])
        #expect(try store.choose(id).id == id)
        #expect(throws: AgentsError.unknownSession(id)) { try store.update(id, activity: "late") { _ in } }
    }

    @Test func resolveWithoutAnIDPicksTheNewestSessionNotCleaned() throws {
        let store = try scratch.store(), base = try scratch.head(), day = Fixture.day(2026, 4, 3)
        #expect(throws: AgentsError.noSession()) { try store.choose(nil) }

        let ids = try (1...4).map { _ in try store.create(Fixture.session(base: base), agents: [], day: day).session.id }
        try store.update(ids[3], activity: "cleaned") { try $0.cleanUp() }
        try store.update(ids[2], activity: "cleaned") { try $0.cleanUp() }
        try store.archive(ids[2])

        #expect(try store.choose(nil).id == ids[1])
        #expect(try store.choose(ids[3]).id == ids[3])
        #expect(throws: AgentsError.unknownSession("20990101-001")) { try store.choose("20990101-001") }
    }

    @Test func agentsComeInDependencyOrder() throws {
        let base = try scratch.head()
        let agents = [Fixture.agent("d", base: base), Fixture.agent("b", dependsOn: ["c"], base: base),
                      Fixture.agent("c", dependsOn: ["a"], base: base), Fixture.agent("a", base: base),
                      Fixture.agent("e", dependsOn: ["not-in-session"], base: base)]

        #expect(SessionStore.dependencyOrder(agents).map(\.name) == ["a", "c", "b", "d", "e"])
        let store = try scratch.store()
        let id = try store.create(Fixture.session(base: base), agents: agents).session.id
        #expect(try store.load(id).agents.map(\.name) == ["a", "c", "b", "d", "e"])
    }

    @Test func dependencyCycleStillListsEveryAgent() throws {
        let base = try scratch.head()
        let agents = [Fixture.agent("x", dependsOn: ["y"], base: base), Fixture.agent("y", dependsOn: ["x"], base: base),
                      Fixture.agent("z", dependsOn: ["x"], base: base)]

        #expect(SessionStore.dependencyOrder(agents).map(\.name) == ["x", "y", "z"])
    }
}
