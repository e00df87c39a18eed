// Messages in the record (SessionMessages, MessageFiles) against a real repository, with git as witness; the
// orchestrator's answer contract and the relay's choice of messages, without any process.
import Foundation
@testable import GitAgentsKit
import GitKit
import Testing
import TestSupport

@Suite(.scratchRepository)
struct MessagesRecordTests {
    let scratch = ScratchRepository.current

    func session() throws -> (Workspace, String) {
        let base = try scratch.head()
        var database = Fixture.agent("db", base: base)
        database.role = "database"
        let id = try scratch.store().create(Fixture.session(base: base), agents: [Fixture.agent("api", base: base), database])
            .session.id
        return (try Workspace.discover(from: scratch.path), id)
    }

    @Test func eachMessageIsOneCommitAndAPersonsAnswerHandlesWhatWaits() throws {
        let (workspace, id) = try session()
        let ref = "refs/agents/sessions/\(id)"
        try SessionMessages.send(workspace, session: id, from: .agent(name: "api", role: "backend"), to: "orchestrator",
                                 text: "I need the schema")
        let answer = try SessionMessages.send(workspace, session: id, from: .person, to: "database", text: "share it")

        #expect(answer.seq == 2 && answer.inReplyTo == 1)
        #expect(try scratch.lines("log", "--format=%s", "-2", ref) ==
                ["message #2 person → database: share it", "message #1 api → orchestrator: I need the schema"])
        #expect(try scratch.lines("ls-tree", "--name-only", "\(ref):messages") == ["000001.json", "000002.json"])
        let question = try #require(try JSONSerialization.jsonObject(with: Data(try scratch.git("show", "\(ref):messages/000001.json").utf8)) as? [String: Any])
        #expect((question["handled"] as? [String: Any])?["by"] as? String == "person")
        #expect((question["handled"] as? [String: Any])?["reply"] as? Int == 2)
        #expect(question.keys.sorted() == ["formatVersion", "from", "handled", "inReplyTo", "relay", "seq", "text", "time", "to"])

        let snapshot = try scratch.store().load(id)
        #expect(try SessionMessages.waitingForOrchestrator(snapshot).isEmpty)
        // The database agent (role `database`) reads what was sent to its role; the api agent reads nothing.
        #expect(try SessionMessages.inbox(snapshot, for: .agent(name: "db", role: "database")).map(\.seq) == [2])
        #expect(try SessionMessages.inbox(snapshot, for: .agent(name: "api", role: "backend")).isEmpty)
        #expect(try SessionMessages.inbox(snapshot, for: .agent(name: "api", role: "backend"), all: true).map(\.seq) == [1, 2])
    }

    /// Two agents wait for the orchestrator; a person answering one of them leaves the other's question waiting.
    @Test func aPersonsAnswerToOneAgentLeavesAnothersQuestionWaiting() throws {
        let (workspace, id) = try session()
        try SessionMessages.send(workspace, session: id, from: .agent(name: "api", role: "backend"), to: "orchestrator",
                                 text: "which port?")
        try SessionMessages.send(workspace, session: id, from: .agent(name: "db", role: "database"), to: "orchestrator",
                                 text: "which engine?")
        let toDatabase = try SessionMessages.send(workspace, session: id, from: .person, to: "database", text: "postgres")
        #expect(toDatabase.inReplyTo == 2)
        #expect(try SessionMessages.waitingForOrchestrator(try scratch.store().load(id)).map(\.seq) == [1])
        // Passed on to an agent that asked nothing, it answers the oldest question only.
        try SessionMessages.send(workspace, session: id, from: .person, to: "orchestrator", text: "and the pool size?")
        let passedOn = try SessionMessages.send(workspace, session: id, from: .person, to: "db", text: "does 8080 suit you?")
        #expect(passedOn.inReplyTo == 1)
        #expect(try SessionMessages.waitingForOrchestrator(try scratch.store().load(id)).map(\.seq) == [4])
    }

    @Test func messagesAreReadLeniently() throws {
        let (workspace, id) = try session()
        try SessionMessages.send(workspace, session: id, from: .person, to: "orchestrator", text: "first")
        // A newer version's field, and a file this version cannot read at all.
        try scratch.store().update(id, activity: "written by hand") { document in
            let path = MessageFiles.path(1)
            let stored = try #require(try document.tree.data(at: path))
            var object = try #require(try JSONSerialization.jsonObject(with: stored) as? [String: Any])
            object["priority"] = "high"
            document.tree.set(try JSONSerialization.data(withJSONObject: object), at: path)
            document.tree.set(Data("not json".utf8), at: MessageFiles.path(2))
        }
        let sent = try SessionMessages.send(workspace, session: id, from: .person, to: "api", text: "second")
        #expect(sent.seq == 3)
        let messages = try MessageFiles.read(try scratch.store().load(id).tree)
        #expect(messages.map(\.seq) == [1, 3])
        #expect(messages.first?.handled?.reply == 3)
        // Handling #1 rewrote its file and kept the field this version does not know.
        #expect(try scratch.git("show", "refs/agents/sessions/\(id):messages/000001.json").contains("\"priority\" : \"high\""))
    }

    @Test func badMessagesWriteNothing() throws {
        let (workspace, id) = try session()
        let before = try scratch.git("rev-parse", "refs/agents/sessions/\(id)")
        #expect(throws: AgentsError.self) {
            try SessionMessages.send(workspace, session: id, from: .person, to: "nobody", text: "hi")
        }
        #expect(throws: AgentsError.self) {
            try SessionMessages.send(workspace, session: id, from: .person, to: "api", text: "hi", replyTo: 1)
        }
        #expect(throws: AgentsError.self) {
            try SessionMessages.send(workspace, session: id, from: .person, to: "api", text: " \n ")
        }
        #expect(try scratch.git("rev-parse", "refs/agents/sessions/\(id)") == before)
    }
}

@Suite struct OrchestratorAnswerTests {
    func parse(_ text: String) throws -> [String] {
        try OrchestratorAnswer.parse(Data(text.utf8), sender: "api").map { "\($0.to): \($0.text)" }
    }

    @Test func answersTheContractAllows() throws {
        #expect(try parse("  Use the users table.\n") == ["api: Use the users table."])
        #expect(try parse("") == [])
        #expect(try parse(#"{"to": "database", "text": "share the schema"}"#) == ["database: share the schema"])
        #expect(try parse(#"{"text": "wait a minute"}"#) == ["api: wait a minute"])
        #expect(try parse("```json\n{\"messages\": [{\"to\": \"database\", \"text\": \"a\"}, {\"text\": \"b\"}]}\n```")
                == ["database: a", "api: b"])
        // Plain text may hold braces; only output that begins as JSON must be JSON.
        #expect(try parse("Use {id} as key") == ["api: Use {id} as key"])
    }

    @Test func brokenJSONIsAnError() {
        for bad in [#"{"to": "database""#, #"{"to": "database"}"#, #"{"messages": [42]}"#] {
            #expect(throws: AgentsError.self, "\(bad)") { try parse(bad) }
        }
    }
}

@Suite struct MessageRelayChoiceTests {
    func message(_ seq: Int, to: String = "orchestrator", inReplyTo: Int? = nil) -> Message {
        Message(seq: seq, from: "api", to: to, text: "m\(seq)", time: Date(timeIntervalSince1970: 0), inReplyTo: inReplyTo)
    }

    @Test func aRelayTakesWaitingMessagesNotHeldByALiveClaim() {
        let now = Date()
        var live = message(2), stale = message(3), givenUp = message(4), answered = message(5)
        live.relay = .init(claimedBy: "host:1", claimedAt: now.addingTimeInterval(-5), attempts: 1, error: nil)
        stale.relay = .init(claimedBy: "host:2", claimedAt: now.addingTimeInterval(-200), attempts: 1, error: nil)
        givenUp.relay = .init(claimedBy: nil, claimedAt: nil, attempts: MessageRelay.maxAttempts, error: "timed out")
        answered.handled = .init(by: "person", at: now, reply: 6)
        let all = [message(1), live, stale, givenUp, answered, message(6, to: "api")]
        #expect(MessageRelay.claimable(all, now: now, timeout: 60).map(\.seq) == [1, 3])
    }

    @Test func theThreadIsWhatAMessageAnswersOldestFirst() {
        let all = [message(1), message(2, to: "database", inReplyTo: 1), message(3, inReplyTo: 2), message(4)]
        #expect(MessageRelay.thread(of: all[2], in: all).map(\.seq) == [1, 2])
        #expect(MessageRelay.thread(of: all[3], in: all).isEmpty)
        // A loop written by hand ends the walk instead of hanging it.
        let loop = [message(1, inReplyTo: 2), message(2, inReplyTo: 1)]
        #expect(MessageRelay.thread(of: message(3, inReplyTo: 2), in: loop).map(\.seq) == [1, 2])
    }
}
