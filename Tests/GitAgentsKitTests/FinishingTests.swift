// Finishing a run when the record cannot be written at that moment (issue #7, point 6): its log is kept.
import Foundation
@testable import GitAgentsKit
import GitKit
import Testing
import TestSupport

@Suite(.scratchRepository)
struct FinishingTests {
    let scratch = ScratchRepository.current

    @Test func aRunsLogSurvivesARecordUpdateThatFailsAndIsRecordedByTheNextFinish() throws {
        let workspace = try Workspace.discover(from: scratch.path)
        let store = SessionStore(repository: workspace.repository), base = try scratch.head()
        let id = try store.create(Fixture.session(base: base), agents: [Fixture.agent("api", base: base)]).session.id
        try store.update(id, activity: "api: starting") { $0.transition("api") { try $0.claim(at: Date()) } }
        let runtime = RuntimeFolder(workspace, session: id)
        try runtime.create()
        LogWriter(path: runtime.liveLog(agent: "api")).write("hello from run 1")

        // Someone holds the record's ref lock for longer than a writer retries.
        let lock = scratch.gitDir + "/refs/agents/sessions/\(id).lock"
        #expect(FileManager.default.createFile(atPath: lock, contents: Data()))
        let finisher = AgentFinisher(workspace: workspace, sessionID: id)
        #expect(throws: AgentsError.self) { try finisher.finish("api", run: 1, exitCode: 0, outcome: .done) }
        #expect(FileManager.default.fileExists(atPath: runtime.parkedLog(agent: "api", run: 1)), "the run's log is gone")
        #expect(try store.load(id).agent("api")?.status == .running)

        // Whoever finishes that run next (the supervisor, finding the runner gone) records the log.
        try FileManager.default.removeItem(atPath: lock)
        try finisher.finish("api", run: 1, exitCode: nil, outcome: .failed("its runner process ended unexpectedly"))
        let snapshot = try store.load(id)
        #expect(snapshot.agent("api")?.status == .failed)
        let log = String(decoding: try #require(try snapshot.tree.data(at: "logs/api.log")), as: UTF8.self)
        #expect(log.contains("hello from run 1"))
        #expect(!FileManager.default.fileExists(atPath: runtime.parkedLog(agent: "api", run: 1)))
        // A finish for a run that has ended already changes nothing.
        let tip = snapshot.commit
        try finisher.finish("api", run: 1, exitCode: 0, outcome: .done)
        #expect(try store.load(id).commit == tip)
    }
}
