// `git agents send` / `inbox` with the built binary and scripted agents: the seed's exchange (the API agent asks
// for the schema, the database agent answers) through a scripted orchestrator and through a person; concurrent
// senders; `inbox --follow`; bad input that leaves the record untouched.
import Foundation
import Testing

@Suite("Messages", .timeLimit(.minutes(10)))
struct MessagesTests {
    static let schema = "users(id integer primary key, name text)"

    /// One script for both roles. The API agent asks the orchestrator for the schema, polls its inbox until an
    /// answer comes, and commits endpoints built from it and from the database agent's artifact (exit 7 without
    /// them); the database agent waits for the question, commits the schema, shares it as an artifact and answers.
    func seedAgents(_ fixture: SessionFixture) throws -> String {
        try fixture.role("api")
        try fixture.role("database")
        return try fixture.script("seed-agent", """
            poll() { for _ in $(seq 1 300); do found=$(git agents inbox --json | jq -r "$1"); [ -n "$found" ] && return 0; sleep 0.2; done; return 1; }
            case "$GIT_AGENTS_ROLE" in
            api)
              git agents send --to orchestrator "I need the user schema to build endpoints" > "$REC/api.stdout" || exit 5
              poll '[.messages[] | select(.to == "api")] | last | .text // empty' || { echo "no answer"; exit 7; }
              printf 'endpoints for: %s\\n' "$found" > endpoints.txt
              git agents artifact get database/schema.sql >> endpoints.txt || { echo "no schema artifact"; exit 7; }
              git add endpoints.txt && git commit -q -m "api: endpoints from the schema"
              ;;
            database)
              poll '[.messages[] | select(.to == "database")] | first | .seq // empty' || { echo "no question"; exit 7; }
              echo '\(Self.schema)' > schema.sql
              git add schema.sql && git commit -q -m "database: user schema"
              git agents artifact put schema.sql || exit 6
              git agents send --to orchestrator --reply-to "$found" "$(cat schema.sql)" || exit 5
              ;;
            esac
            exit 0
            """)
    }

    func start(_ fixture: SessionFixture, _ agent: String) throws -> String {
        let start = try fixture.agents(["start", "Build the user service", "--role", "api=Endpoints",
                                        "--role", "database=Schema", "--agent-cmd", agent])
        #expect(start.status == 0, "\(start)")
        return try fixture.newestSession()
    }

    func inbox(_ fixture: SessionFixture, _ arguments: [String] = []) throws -> [[String: Any]] {
        let output = try fixture.agents(["inbox", "--json"] + arguments)
        try #require(output.status == 0, "\(output)")
        return try #require(try jsonObject(output.stdout)["messages"] as? [[String: Any]], "\(output)")
    }

    static func route(_ messages: [[String: Any]]) -> [String] {
        messages.map { "\($0["seq"] ?? "?") \($0["from"] ?? "?")→\($0["to"] ?? "?")" }
    }

    @Test func theSeedsExchangeThroughAScriptedOrchestrator() throws {
        let fixture = try SessionFixture()
        let orchestrator = try fixture.script("orchestrator", """
            input=$(cat)
            printf '%s' "$input" > "$REC/orchestrator-$(jq -r .message.seq <<<"$input").json"
            case "$(jq -r .message.from <<<"$input")" in
            api) echo '{"to": "database", "text": "Please share the user schema"}' ;;
            database) jq -n --arg t "Schema received, proceeding: $(jq -r .message.text <<<"$input")" '{to: "api", text: $t}' ;;
            esac
            """)
        try fixture.git(["config", "agents.orchestrator", orchestrator])
        let id = try start(fixture, try seedAgents(fixture))
        let status = try fixture.waitForEnd(timeout: 120)
        #expect(SessionFixture.agentRecords(status).allSatisfy { $0["status"] as? String == "done" }, "\(status)")
        #expect(status["messagesForOrchestrator"] as? Int == 0)
        #expect(fixture.record("api.stdout") == "message #1 sent to orchestrator in session \(id)\n")

        // The API agent built on what the database agent answered, relayed by the orchestrator.
        let endpoints = try fixture.git(["show", "agents/\(id)/api:endpoints.txt"])
        #expect(endpoints == "endpoints for: Schema received, proceeding: \(Self.schema)\n\(Self.schema)")
        let messages = try inbox(fixture)
        #expect(Self.route(messages) == ["1 api→orchestrator", "2 orchestrator→database", "3 database→orchestrator",
                                         "4 orchestrator→api"])
        #expect(messages.map { $0["inReplyTo"] as? Int } == [nil, 1, 2, 3])
        #expect(messages.compactMap { ($0["handled"] as? [String: Any])?["by"] as? String } == ["orchestrator", "orchestrator"])

        // The orchestrator got the message, its sender and the session's state; the second time, the thread.
        let second = try jsonObject(try #require(fixture.record("orchestrator-3.json")))
        #expect((second["sender"] as? [String: Any])?["name"] as? String == "database")
        #expect((second["session"] as? [String: Any])?["state"] as? String == "running")
        #expect(((second["thread"] as? [[String: Any]]) ?? []).compactMap { $0["seq"] as? Int } == [1, 2])

        // One record commit per message; each answer is handled exactly once.
        let history = try fixture.history(id)
        for seq in 1...4 { #expect(history.filter { $0.hasPrefix("message #\(seq) ") }.count == 1, "\(history)") }
        #expect(history.filter { $0.hasPrefix("orchestrator: reading message") }.count == 2, "\(history)")
        // Each agent sees only what was sent to it or its role.
        let api = try fixture.agents(["inbox"], in: fixture.worktrees.appendingPathComponent("api-001"))
        #expect(api.stdout.split(separator: "\n").count == 1 && api.stdout.contains("#4 orchestrator → api (re #3): Schema received"),
                "\(api)")
    }

    @Test func withoutAnOrchestratorAPersonAnswers() throws {
        let fixture = try SessionFixture()
        let id = try start(fixture, try seedAgents(fixture))
        try fixture.waitForStatus(timeout: 60, what: "the question for the orchestrator") {
            $0["messagesForOrchestrator"] as? Int == 1
        }
        let status = try fixture.agents(["status"])
        #expect(status.stdout.contains("1 message for the orchestrator"), "\(status)")
        let api = try #require(try fixture.record("api.stdout"))
        #expect(api.contains("no orchestrator command is set (agents.orchestrator): it waits for a person"), "\(api)")

        let relay = try fixture.agents(["send", "--to", "database", "Please share the user schema"])
        #expect(relay.status == 0 && relay.stdout.contains("message #2 sent to database"), "\(relay)")
        try fixture.waitForStatus(timeout: 60, what: "the database agent's answer") { status in
            status["messagesForOrchestrator"] as? Int == 1
                && SessionFixture.agent("database", in: status)?["status"] as? String == "done"
        }
        let answer = try #require(try inbox(fixture).last?["text"] as? String)
        #expect(answer == Self.schema)
        #expect(try fixture.agents(["send", "--to", "api", answer]).status == 0)
        let end = try fixture.waitForEnd(timeout: 120)
        #expect(SessionFixture.agentRecords(end).allSatisfy { $0["status"] as? String == "done" }, "\(end)")
        #expect(end["messagesForOrchestrator"] as? Int == 0)
        #expect(try fixture.git(["show", "agents/\(id)/api:endpoints.txt"]) == "endpoints for: \(Self.schema)\n\(Self.schema)")

        let json = try fixture.agents(["inbox", "--json"])
        try Golden.expect(json.stdout, matches: "inbox-person-exchange.json")
    }

    @Test func eightConcurrentSendersLoseNothingAndKeepTheirOrder() throws {
        let fixture = try SessionFixture()
        try fixture.role("solo")
        #expect(try fixture.agents(["start", "Listen", "--agent-cmd", try fixture.succeedingAgent(), "--wait"]).status == 0)
        let id = try fixture.newestSession()
        let senders = try Binary(url: URL(fileURLWithPath: "/bin/bash")).run(["-c", """
            for s in 1 2 3 4 5 6 7 8; do
              ( for k in $(seq 1 10); do git agents send --session \(id) --to solo "sender $s message $k" >/dev/null || echo "lost $s $k"; done ) &
            done
            wait
            """], in: fixture.repo, environment: fixture.environment, timeout: .seconds(240))
        #expect(senders.status == 0 && senders.stdout.isEmpty && senders.stderr.isEmpty, "\(senders)")

        let messages = try inbox(fixture)
        #expect(messages.compactMap { $0["seq"] as? Int } == Array(1...80))
        for sender in 1...8 {
            let mine = messages.compactMap { $0["text"] as? String }.filter { $0.hasPrefix("sender \(sender) ") }
            #expect(mine == (1...10).map { "sender \(sender) message \($0)" }, "sender \(sender): \(mine)")
        }
        #expect(try fixture.history(id).filter { $0.hasPrefix("message #") }.count == 80)
        try fixture.expectFsckClean()
        // Following a session that has ended prints what there is, one JSON object a line, and returns.
        let followed = try fixture.agents(["inbox", "--follow", "--json"])
        let lines = followed.stdout.split(separator: "\n")
        #expect(followed.status == 0 && lines.count == 80, "\(followed)")
        #expect(try lines.map { try jsonObject(String($0))["seq"] as? Int } == Array(1...80))
        #expect(try lines.allSatisfy { try jsonObject(String($0))["schemaVersion"] as? Int == 1 })
    }

    @Test func inboxFollowShowsMessagesAsTheyArrive() throws {
        let fixture = try SessionFixture()
        try fixture.role("solo")
        #expect(try fixture.agents(["start", "Wait", "--agent-cmd", try fixture.waitingAgent()]).status == 0)
        try fixture.waitForWorking("solo")
        let empty = try fixture.agents(["inbox"])
        #expect(empty.status == 0 && empty.stdout.hasPrefix("No messages in session"), "\(empty)")
        let follow = try Follower(fixture, ["inbox", "--follow"])
        #expect(try fixture.agents(["send", "--to", "solo", "first \u{1B}]0;retitled\u{07}"]).status == 0)
        try follow.waitFor("first")
        #expect(try fixture.agents(["send", "--to", "orchestrator", "second\nand its second line"]).status == 0)
        try follow.waitFor("    and its second line")
        try fixture.release("solo")
        let (status, output) = try follow.end(within: 60)
        #expect(status == 0, "\(output)")
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(output)")
        #expect(lines.first?.hasSuffix("] #1 person → solo: first ^[]0;retitled^G") == true, "\(output)")
        #expect(lines.dropFirst().first?.hasSuffix("] #2 person → orchestrator: second") == true, "\(output)")
        #expect(!output.contains("\u{1B}"))
    }

    @Test func badMessagesChangeNothing() throws {
        let fixture = try SessionFixture()
        try fixture.role("solo")
        #expect(try fixture.agents(["start", "Quiet", "--agent-cmd", try fixture.succeedingAgent(), "--wait"]).status == 0)
        let id = try fixture.newestSession()
        let before = try fixture.git(["rev-parse", "refs/agents/sessions/\(id)"])
        for (arguments, complaint) in [(["--to", "nobody", "hi"], "no agent or role 'nobody'"),
                                       (["--to", "solo", "  \n"], "the message is empty"),
                                       (["--to", "solo", "--reply-to", "7", "hi"], "no message #7"),
                                       (["--to", "solo", String(repeating: "x", count: 70_000)], "more than 65536")] {
            let sent = try fixture.agents(["send"] + arguments)
            #expect(sent.status == 2 && sent.stderr.contains(complaint), "\(sent)")
            #expect(sent.stderr.split(separator: "\n").count <= 2, "\(sent)")
        }
        #expect(try fixture.git(["rev-parse", "refs/agents/sessions/\(id)"]) == before)
    }

    @Test func anOrchestratorThatDoesNotAnswerLeavesTheMessageToAPerson() throws {
        let fixture = try SessionFixture()
        try fixture.role("solo")
        try fixture.git(["config", "agents.orchestrator", try fixture.script("slow-orchestrator", "sleep 30")])
        try fixture.git(["config", "agents.orchestratorTimeout", "1s"])
        #expect(try fixture.agents(["start", "Wait", "--role", "solo=Wait", "--agent-cmd", try fixture.waitingAgent()]).status == 0)
        try fixture.waitForWorking("solo")
        #expect(try fixture.agents(["send", "--to", "orchestrator", "anyone there?"]).status == 0)
        try fixture.waitForStatus(timeout: 60, what: "three tries of the orchestrator") { status in
            SessionFixture.activity(status).contains { $0.hasSuffix("; it waits for a person") }
        }
        let message = try #require(try inbox(fixture).first)
        let relay = try #require(message["relay"] as? [String: Any])
        #expect(relay["attempts"] as? Int == 3 && (relay["error"] as? String ?? "").contains("did not answer within 1s"), "\(relay)")
        #expect(try fixture.status()["messagesForOrchestrator"] as? Int == 1)
        // Each try's orchestrator was killed at its timeout, not left sleeping.
        #expect(try fixture.record("unknown.start")?.split(separator: "\n").count == 3)
        #expect(Self.processes(running: "slow-orchestrator.sh").isEmpty)
        // The person answers instead.
        #expect(try fixture.agents(["send", "--to", "solo", "--reply-to", "1", "yes"]).status == 0)
        #expect(try fixture.status()["messagesForOrchestrator"] as? Int == 0)
        try fixture.release("solo")
        try fixture.waitForEnd()
    }
}

extension MessagesTests {
    /// An orchestrator named in a committed file not trusted yet is said to be that, not to be unset.
    @Test func sendNamesAnUntrustedOrchestratorAsUntrusted() throws {
        let fixture = try SessionFixture()
        try fixture.role("solo")
        #expect(try fixture.agents(["start", "Quiet", "--agent-cmd", try fixture.succeedingAgent(), "--wait"]).status == 0)
        try fixture.write("[agents]\n\torchestrator = /bin/cat\n", to: ".gitagents")
        let sent = try fixture.agents(["send", "--to", "orchestrator", "anyone?"])
        #expect(sent.status == 0, "\(sent)")
        #expect(sent.stdout.contains("agents.orchestrator comes from .gitagents, which is not trusted yet"), "\(sent)")
        #expect(sent.stdout.contains("it waits for a person") && !sent.stdout.contains("no orchestrator command is set"), "\(sent)")
    }

    /// An orchestrator that answers to itself is a failed try, not a new message for it: each answer would be
    /// handed to it again, in a loop of orchestrator calls that never ends.
    @Test func anOrchestratorAnsweringItselfDoesNotLoop() throws {
        let fixture = try SessionFixture()
        try fixture.role("solo")
        try fixture.git(["config", "agents.orchestrator", try fixture.script("selfish-orchestrator", """
            cat > /dev/null
            echo call >> "$REC/orchestrator.calls"
            echo '{"to": "orchestrator", "text": "note to self"}'
            """)])
        #expect(try fixture.agents(["start", "Wait", "--role", "solo=Wait", "--agent-cmd", try fixture.waitingAgent()]).status == 0)
        try fixture.waitForWorking("solo")
        #expect(try fixture.agents(["send", "--to", "orchestrator", "anyone there?"]).status == 0)
        try fixture.waitForStatus(timeout: 60, what: "three tries of the orchestrator") { status in
            SessionFixture.activity(status).contains { $0.hasSuffix("; it waits for a person") }
        }
        #expect(try fixture.record("orchestrator.calls")?.split(separator: "\n").count == 3)
        let messages = try inbox(fixture)
        #expect(messages.count == 1, "\(messages)")
        #expect((messages.first?["relay"] as? [String: Any])?["error"] as? String ?? "" == "the orchestrator's answer is addressed to the orchestrator itself")
        try fixture.release("solo")
        try fixture.waitForEnd()
    }


    /// Live processes whose command line mentions `fragment`.
    static func processes(running fragment: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let line = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            return String(decoding: line, as: UTF8.self).contains(fragment) && SessionFixture.isAlive(pid)
        }
    }
}
