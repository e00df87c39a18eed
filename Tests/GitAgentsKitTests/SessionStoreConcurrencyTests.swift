// SessionStore under concurrent writers on separate threads: no lost update, distinct ids, a record git keeps.
import Foundation
import GitAgentsKit
import GitKit
import Testing
import TestSupport

/// Runs `body(n)` for every n in `0..<count`, each on its own thread, all released at once; returns what they threw.
private func onSeparateThreads(_ count: Int, _ body: @escaping @Sendable (Int) throws -> Void) -> [String] {
    final class Failures: @unchecked Sendable {
        let lock = NSLock()
        var messages: [String] = []
        func add(_ message: String) { lock.withLock { messages.append(message) } }
    }
    let failures = Failures(), ready = DispatchGroup(), finished = DispatchGroup(), start = DispatchSemaphore(value: 0)
    for index in 0..<count {
        ready.enter()
        finished.enter()
        Thread {
            ready.leave()
            start.wait()
            do { try body(index) } catch { failures.add("thread \(index): \(error)") }
            finished.leave()
        }.start()
    }
    ready.wait()
    for _ in 0..<count { start.signal() }
    finished.wait()
    return failures.messages
}

@Suite(.scratchRepository)
struct SessionStoreConcurrencyTests {
    let scratch = ScratchRepository.current
    let writers = 50

    /// Creates a session and lets `writers` threads each raise the agent's progress by one and add its own marker file.
    func sessionAfterConcurrentWriters() throws -> String {
        let base = try scratch.head()
        let id = try scratch.store().create(Fixture.session(base: base), agents: [Fixture.agent("api", base: base)],
                                            message: "session created").session.id
        try scratch.store().update(id, activity: "api starting") { $0.transition("api") { try $0.claim(at: Date()) } }
        let path = scratch.path
        let failures = onSeparateThreads(writers) { writer in
            let store = SessionStore(repository: try Repository.open(at: path))
            try store.update(id, activity: "writer \(writer)") { document in
                let next = (document.agents["api"]?.progress ?? 0) + 1
                document.transition("api") { try $0.reportProgress(next) }
                document.tree.set(Data("\(writer)\n".utf8), at: "artifacts/markers/\(writer)")
            }
        }
        #expect(failures == [])
        return id
    }

    @Test func concurrentWritersLoseNoUpdate() throws {
        let id = try sessionAfterConcurrentWriters()
        let ref = "refs/agents/sessions/\(id)"

        let snapshot = try scratch.store().load(id)
        #expect(snapshot.agent("api")?.progress == writers)
        #expect(Set(snapshot.tree.paths.filter { $0.hasPrefix("artifacts/markers/") }) ==
                Set((0..<writers).map { "artifacts/markers/\($0)" }))
        #expect(try scratch.lines("ls-tree", "--name-only", "\(ref):artifacts/markers").count == writers)
        #expect(try scratch.git("rev-list", "--count", ref) == "\(writers + 2)")
        let messages = try scratch.lines("log", "--format=%s", ref)
        #expect(Set(messages) == Set((0..<writers).map { "writer \($0)" } + ["session created", "api starting"]))
        #expect(messages.last == "session created")
        // Every commit raised the progress by exactly one: no writer worked on a stale state and won.
        let progress = try scratch.lines("rev-list", "--reverse", ref).map { commit in
            try scratch.git("show", "\(commit):agents/api.json")
        }.map { text in
            (try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["progress"] as? Int
        }
        #expect(progress == [0] + (0...writers).map { $0 })
    }

    @Test func recordPassesFsckAndSurvivesGC() throws {
        let id = try sessionAfterConcurrentWriters()
        let ref = "refs/agents/sessions/\(id)"
        let commits = try scratch.lines("rev-list", ref)

        let fsck = try scratch.run(["fsck", "--strict", "--no-dangling", "--no-progress"])
        #expect(fsck.status == 0)
        #expect(fsck.output == "")
        #expect(fsck.error == "")

        try scratch.git("gc", "--quiet", "--prune=now")

        #expect(try scratch.lines("rev-list", ref) == commits)
        #expect(try scratch.git("rev-list", "--count", ref) == "\(writers + 2)")
        #expect(try scratch.run(["fsck", "--strict", "--no-dangling", "--no-progress"]).status == 0)
        // The ref is packed now; the store still reads and updates it.
        let store = try scratch.store()
        #expect(try store.load(id).agent("api")?.progress == writers)
        try store.update(id, activity: "after gc") { $0.transition("api") { try $0.ended(run: nil, outcome: .done, exitCode: 0, at: Date()) } }
        #expect(try scratch.git("log", "-1", "--format=%s", ref) == "after gc")
    }

    @Test func concurrentCreatesGetDistinctIDs() throws {
        let base = try scratch.head(), path = scratch.path, creators = 20
        final class Created: @unchecked Sendable {
            let lock = NSLock()
            var tasks: [String: String] = [:]
        }
        let created = Created()

        let failures = onSeparateThreads(creators) { creator in
            let store = SessionStore(repository: try Repository.open(at: path))
            let task = "task of creator \(creator)"
            let id = try store.create(Fixture.session(base: base, task: task), agents: [],
                                      day: Fixture.day(2026, 4, 3)).session.id
            created.lock.withLock { created.tasks[id] = task }
        }

        #expect(failures == [])
        let expectedIDs = (1...creators).map { String(format: "20260403-%03d", $0) }
        #expect(created.tasks.keys.sorted() == expectedIDs)
        #expect(try scratch.lines("for-each-ref", "--format=%(refname:lstrip=3)", "refs/agents/sessions/") == expectedIDs)
        let store = try scratch.store()
        for (id, task) in created.tasks {
            #expect(try store.load(id).session.task == task)
            #expect(try store.load(id).session.id == id)
            #expect(try scratch.git("rev-list", "--count", "refs/agents/sessions/\(id)") == "1")
        }
        #expect(Set(created.tasks.values).count == creators)
    }
}
