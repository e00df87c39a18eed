// The lifecycle as transition tables: every transition from every state, without a process or a repository.
import Foundation
@testable import GitAgentsKit
import Testing

private let now = Date(timeIntervalSince1970: 1_800_000_000)

/// An agent lifecycle brought to `status` through the transitions themselves (run 1 where it ran).
private func agent(in status: AgentStatus) throws -> AgentLifecycle {
    var lifecycle = AgentLifecycle()
    switch status {
    case .waiting: break
    case .running: try lifecycle.claim(at: now)
    case .done, .failed, .stopped:
        try lifecycle.claim(at: now)
        let outcome: AgentOutcome = status == .done ? .done : status == .stopped ? .stopped : .failed("exit status 1")
        try lifecycle.ended(run: 1, outcome: outcome, exitCode: status == .done ? 0 : 1, at: now)
    case .blocked: try lifecycle.block(reason: "it depends on db, which failed", at: now)
    case .rejected:
        lifecycle = try agent(in: .done)
        try lifecycle.reject(review(.reject))
    case .changesRequested:
        lifecycle = try agent(in: .done)
        try lifecycle.requestChanges(review(.requestChanges))
    case .merged:
        lifecycle = try agent(in: .done)
        try lifecycle.approve(review(.approve))
        try lifecycle.merged(at: now)
    default: Issue.record("no way to reach \(status)")
    }
    return lifecycle
}

private func review(_ decision: Review.Decision) -> Review {
    Review(decision: decision, reason: "add input validation", by: "orchestrator", at: now)
}

private typealias Transition = @Sendable (inout AgentLifecycle) throws -> Void

private let transitions: [(name: String, apply: Transition)] = [
    ("claim", { try $0.claim(at: now) }),
    ("started", { try $0.started(run: 1, pid: 42, at: now) }),
    ("ended(done)", { try $0.ended(run: 1, outcome: .done, exitCode: 0, at: now) }),
    ("ended(failed)", { try $0.ended(run: nil, outcome: .failed("exit status 2"), exitCode: 2, at: now) }),
    ("ended(stopped)", { try $0.ended(run: nil, outcome: .stopped, exitCode: 143, at: now) }),
    ("block", { try $0.block(reason: "it depends on db, which failed", at: now) }),
    ("stopBeforeStart", { try $0.stopBeforeStart(at: now) }),
    ("reset", { try $0.reset() }),
    ("unblock", { try $0.unblock() }),
    ("progress", { try $0.reportProgress(40) }),
    ("approve", { try $0.approve(review(.approve)) }),
    ("reject", { try $0.reject(review(.reject)) }),
    ("requestChanges", { try $0.requestChanges(review(.requestChanges)) }),
    ("merged", { try $0.merged(at: now) }),
    ("restacked", { try $0.restacked() }),
]

/// Where each transition leads from each status; a missing entry means the transition is refused.
private let table: [AgentStatus: [String: AgentStatus]] = [
    .waiting: ["claim": .running, "block": .blocked, "stopBeforeStart": .stopped],
    .running: ["started": .running, "ended(done)": .done, "ended(failed)": .failed, "ended(stopped)": .stopped,
               "progress": .running],
    .done: ["reset": .waiting, "approve": .done, "reject": .rejected, "requestChanges": .changesRequested,
            "block": .blocked, "restacked": .done],
    .failed: ["reset": .waiting, "reject": .rejected, "requestChanges": .changesRequested],
    .stopped: ["reset": .waiting, "reject": .rejected, "requestChanges": .changesRequested],
    .blocked: ["reset": .waiting, "unblock": .waiting, "reject": .rejected],
    .rejected: ["reset": .waiting],
    .changesRequested: ["claim": .running],
    .merged: [:],
]

@Suite struct AgentLifecycleTests {
    @Test(arguments: [AgentStatus.waiting, .running, .done, .failed, .stopped, .blocked, .rejected, .changesRequested, .merged])
    func transitionTable(from status: AgentStatus) throws {
        for transition in transitions {
            var lifecycle = try agent(in: status)
            let before = lifecycle
            let expected = table[status]?[transition.name]
            do {
                try transition.apply(&lifecycle)
                #expect(expected != nil, "\(transition.name) from \(status) should be refused")
                #expect(lifecycle.status == expected, "\(transition.name) from \(status)")
            } catch let refused as TransitionRefused {
                #expect(expected == nil, "\(transition.name) from \(status) was refused: \(refused)")
                #expect(lifecycle == before, "a refused transition changes nothing")
            }
        }
    }

    @Test func approvedWorkCanBeMergedAndFeedbackReachesTheNextRun() throws {
        var lifecycle = try agent(in: .done)
        #expect(throws: TransitionRefused.self) { try lifecycle.merged(at: now) }
        try lifecycle.approve(review(.approve))
        try lifecycle.merged(at: now)
        #expect(lifecycle.status == .merged && lifecycle.review?.decision == .approve)

        var changes = try agent(in: .done)
        try changes.requestChanges(review(.requestChanges))
        #expect(changes.status == .changesRequested && !changes.status.isFinal)
        try changes.claim(at: now)
        #expect(changes.run == 2 && changes.reason == "add input validation" && changes.review == nil)
    }

    @Test func statusesOfANewerVersionAreNotChangedByThisOne() throws {
        for status in [AgentStatus.unknown("archived-by-v9")] {
            let data = Data(#"{"status": "\#(status.rawValue)", "run": 2}"#.utf8)
            var lifecycle = try JSONDecoder().decode(AgentLifecycle.self, from: data)
            #expect(lifecycle.status == status)
            for transition in transitions {
                #expect(throws: TransitionRefused.self, "\(transition.name) from \(status)") { try transition.apply(&lifecycle) }
            }
        }
    }

    @Test func eachClaimStartsANewRunAndOnlyThatRunCanBeEnded() throws {
        var lifecycle = AgentLifecycle()
        try lifecycle.claim(at: now)
        #expect(lifecycle.run == 1)
        try lifecycle.ended(run: 1, outcome: .failed("exit status 1\nboom"), exitCode: 1, at: now)
        #expect(lifecycle.reason == "exit status 1\nboom")
        try lifecycle.reset()
        #expect(lifecycle.reason == nil && lifecycle.exitCode == nil && lifecycle.startedAt == nil)
        try lifecycle.claim(at: now)
        #expect(lifecycle.run == 2)
        // The runner of run 1 (late) cannot mark run 2 as started or ended.
        #expect(throws: TransitionRefused.self) { try lifecycle.started(run: 1, pid: 7, at: now) }
        #expect(throws: TransitionRefused.self) { try lifecycle.ended(run: 1, outcome: .done, exitCode: 0, at: now) }
        try lifecycle.started(run: 2, pid: 7, at: now)
        #expect(lifecycle.pid == 7)
    }

    @Test func reasonsSayWhatHappened() throws {
        var stopped = try agent(in: .waiting)
        try stopped.stopBeforeStart(at: now)
        #expect(stopped.reason == "stopped by a person before it started")
        var timedOut = try agent(in: .running)
        try timedOut.ended(run: 1, outcome: .timedOut(90), exitCode: 143, at: now)
        #expect(timedOut.status == .failed && timedOut.reason == "timed out after 1m 30s")
        var done = try agent(in: .running)
        try done.ended(run: 1, outcome: .done, exitCode: 0, at: now)
        #expect(done.reason == nil && done.progress == 100)
    }
}

@Suite struct SessionLifecycleTests {
    private func running() throws -> SessionLifecycle {
        var lifecycle = SessionLifecycle()
        try lifecycle.ready()
        return lifecycle
    }

    @Test func endingDependsOnHowTheAgentsEnded() throws {
        let cases: [([String: AgentStatus], SessionState)] = [
            (["db": .done, "api": .done], .done),
            (["db": .done, "api": .failed, "ui": .blocked], .failed),
            (["db": .stopped, "api": .blocked], .stopped),
            (["db": .done, "api": .stopped], .stopped),
            ([:], .done),
        ]
        for (agents, expected) in cases {
            var lifecycle = try running()
            try lifecycle.end(agents: agents)
            #expect(lifecycle.state == expected, "\(agents)")
        }
    }

    @Test func aSessionWithAgentsStillGoingDoesNotEnd() throws {
        var lifecycle = try running()
        // A status a newer version wrote: that version ends the session, not this one.
        #expect(throws: TransitionRefused.self) { try lifecycle.end(agents: ["db": .done, "api": .unknown("reviewing")]) }
        #expect(throws: TransitionRefused.self) { try lifecycle.end(agents: ["db": .done, "api": .running]) }
        #expect(throws: TransitionRefused.self) { try lifecycle.end(agents: ["db": .waiting]) }
        #expect(lifecycle.state == .running)
    }

    @Test func transitionTable() throws {
        var planning = SessionLifecycle()
        #expect(throws: TransitionRefused.self) { try planning.end(agents: [:]) }
        #expect(throws: TransitionRefused.self) { try planning.reopen() }
        #expect(throws: TransitionRefused.self) { try planning.cleanedUp() }
        try planning.abandon(reason: "its start was interrupted")
        #expect(planning.state == .failed && planning.reason == "its start was interrupted")

        var session = try running()
        #expect(throws: TransitionRefused.self) { try session.ready() }
        #expect(throws: TransitionRefused.self) { try session.abandon(reason: "x") }
        #expect(throws: TransitionRefused.self) { try session.reopen() }
        try session.end(agents: ["db": .failed])
        #expect(session.state == .failed)
        try session.reopen()
        #expect(session.state == .running && session.reason == nil)
        try session.end(agents: ["db": .done])
        try session.merged()
        #expect(session.state == .merged)
        #expect(throws: TransitionRefused.self) { try session.merged() }
        #expect(throws: TransitionRefused.self) { try session.reopen() }
        try session.cleanedUp()
        #expect(session.state == .cleaned)
        #expect(throws: TransitionRefused.self) { try session.reopen() }
    }
}

@Suite struct LenientRecordTests {
    @Test func unknownStatusesAndFieldsAreReadAndKept() throws {
        let base = String(repeating: "a", count: 40)
        let json = """
            {"name": "api", "branch": "agents/x/api", "worktree": "/w/api", "base": "\(base)", "head": "\(base)",
             "status": "quarantined", "formatVersion": 9, "verdict": {"decision": "approve"}}
            """
        let record = try RecordJSON.decoder().decode(AgentRecord.self, from: Data(json.utf8))
        #expect(record.status == .unknown("quarantined"))
        #expect(record.status.description == "quarantined")
        #expect(record.status.isFinal && !record.status.isSuccess)
        #expect(record.title == "" && record.run == 0 && record.role == "api")
        // Written back by this version: the newer version's fields and its format version survive.
        let written = RecordJSON.keepingUnknownFields(try RecordJSON.encode(record), from: Data(json.utf8))
        let object = try #require(try JSONSerialization.jsonObject(with: written) as? [String: Any])
        #expect((object["verdict"] as? [String: Any])?["decision"] as? String == "approve")
        #expect(object["formatVersion"] as? Int == 9)
        #expect(object["status"] as? String == "quarantined")
    }

    @Test func unknownFieldsInsideKnownObjectsAreKeptToo() throws {
        let original = Data(#"{"name": "api", "stats": {"files": 1, "added": 2, "deleted": 0, "renamed": 4}, "extra": [1]}"#.utf8)
        let written = Data(#"{"name": "api", "stats": {"files": 3, "added": 5, "deleted": 1}}"#.utf8)
        let merged = RecordJSON.keepingUnknownFields(written, from: original)
        let object = try #require(try JSONSerialization.jsonObject(with: merged) as? [String: Any])
        let stats = try #require(object["stats"] as? [String: Any])
        #expect(stats["files"] as? Int == 3 && stats["renamed"] as? Int == 4)
        #expect(object["extra"] as? [Int] == [1])
    }

    @Test func aVersionOneRecordReadsAsRunOne() throws {
        let base = String(repeating: "b", count: 40)
        let json = """
            {"name": "db", "role": "database", "task": "Schema design. Then the migrations.", "dependsOn": [],
             "branch": "agents/x/db", "worktree": "/w/db", "base": "\(base)", "head": "\(base)", "status": "done",
             "progress": 100, "pid": 12, "startedAt": "2026-04-03T10:31:05Z", "endedAt": null, "exitCode": 0,
             "command": [], "model": null, "stats": {"files": 1, "added": 2, "deleted": 0}}
            """
        let record = try RecordJSON.decoder().decode(AgentRecord.self, from: Data(json.utf8))
        #expect(record.formatVersion == 1 && record.run == 1 && record.status == .done)
        #expect(record.title == "Schema design")
    }
}

@Suite struct AssignmentTitleTests {
    @Test func titlesAreShortFirstClauses() {
        #expect(AssignmentTitle.derive(from: "Database schema and migrations") == "Database schema and migrations")
        #expect(AssignmentTitle.derive(from: "endpoints for the profile API. Use REST.") == "Endpoints for the profile API")
        #expect(AssignmentTitle.derive(from: "Build a user profile feature with avatar upload") == "Build a user profile feature…")
        #expect(AssignmentTitle.derive(from: "") == "")
        #expect(AssignmentTitle.given("  ") == nil)
        #expect(AssignmentTitle.given("Schema design") == "Schema design")
    }
}
