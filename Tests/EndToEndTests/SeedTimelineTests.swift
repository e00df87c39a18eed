// The seed's four-agent timeline with scripted agents that truly need each other's work: database and api run
// together and talk through the orchestrator (api asks for the schema, database answers with a message and an
// artifact), frontend waits for api and testing for all three; each reads what came before through its worktree
// and `git agents artifact get`, and exits non-zero without it. A person follows the conversation live.
import Foundation
import Testing

@Suite("The seed's timeline", .timeLimit(.minutes(4)))
struct SeedTimelineTests {
    static let schema = #"{"users": ["id", "name"]}"#

    /// One script for the four roles; exit codes above 10 name what was missing.
    func timelineAgent(_ fixture: SessionFixture) throws -> String {
        try fixture.script("timeline", """
            poll() { for _ in $(seq 1 300); do found=$(git agents inbox --json | jq -r "$1"); [ -n "$found" ] && return 0; sleep 0.2; done; return 1; }
            need() { [ -f "$1" ] || { echo "no committed $1" >&2; exit 11; }; }
            share() { git add "$1" && git commit -q -m "$AGENT: $1" && git agents artifact put "$1" || exit 12; }
            case "$GIT_AGENTS_ROLE" in
            database)
              poll '[.messages[] | select(.to == "database")] | first | .seq // empty' || { echo "no question" >&2; exit 13; }
              echo '\(Self.schema)' > schema.json
              share schema.json
              git agents send --to orchestrator --reply-to "$found" "Here's the schema" || exit 14
              ;;
            api)
              git agents send --to orchestrator "I need the user schema to build endpoints" >/dev/null || exit 14
              poll '[.messages[] | select(.to == "api")] | last | .text // empty' || { echo "no answer" >&2; exit 13; }
              schema=$(git agents artifact get database/schema.json) || exit 15
              printf 'paths: /users\\nschema: %s\\n' "$schema" > openapi.yaml
              share openapi.yaml
              ;;
            frontend)
              need openapi.yaml
              spec=$(git agents artifact get api/openapi.yaml) || exit 15
              printf '{"components": ["UserList"], "from": %s}\\n' "$(printf '%s' "$spec" | jq -Rs .)" > components.json
              share components.json
              ;;
            testing)
              need schema.json; need openapi.yaml; need components.json
              for artifact in database/schema.json api/openapi.yaml frontend/components.json; do
                git agents artifact get "$artifact" >/dev/null || exit 15
              done
              echo '{"coverage": 100}' > coverage.json
              share coverage.json
              ;;
            esac
            exit 0
            """)
    }

    /// Passes each question on as the seed does: api's to the database agent, the database's answer back to api.
    func orchestrator(_ fixture: SessionFixture) throws -> String {
        try fixture.script("orchestrator", """
            input=$(cat)
            case "$(jq -r .message.from <<<"$input")" in
            api) echo '{"to": "database", "text": "Please share the user schema"}' ;;
            database) echo '{"to": "api", "text": "Schema received, proceeding"}' ;;
            esac
            """)
    }

    @Test func theFourAgentsWorkTogetherAndAPersonFollowsTheConversation() throws {
        let fixture = try SessionFixture()
        for role in ["database", "api", "frontend", "testing"] { try fixture.role(role) }
        try fixture.git(["config", "agents.orchestrator", try orchestrator(fixture)])
        let plan = """
            {"agents": [
              {"name": "database", "role": "database", "task": "the user schema", "dependsOn": []},
              {"name": "api", "role": "api", "task": "the user endpoints", "dependsOn": []},
              {"name": "frontend", "role": "frontend", "task": "the user pages", "dependsOn": ["api"]},
              {"name": "testing", "role": "testing", "task": "the tests", "dependsOn": ["database", "api", "frontend"]}
            ]}
            """
        try fixture.write(plan, to: "plan.json", in: fixture.root)
        try fixture.agents(["start", "Build the user service", "--plan", fixture.root.path + "/plan.json",
                            "--agent-cmd", try timelineAgent(fixture)]).requireSuccess()
        let id = try fixture.newestSession()
        let follow = try Follower(fixture, ["inbox", "--follow"])

        let status = try fixture.waitForEnd(timeout: 180)
        #expect(SessionFixture.sessionState(status) == "done", "\(SessionFixture.activity(status))")
        for agent in ["database", "api", "frontend", "testing"] {
            #expect(SessionFixture.agent(agent, in: status)?["status"] as? String == "done", "\(agent): \(status)")
        }

        // The conversation, as the person following it saw it, in the seed's order.
        let (exit, conversation) = try follow.end(within: 60)
        #expect(exit == 0, "\(conversation)")
        let lines = conversation.split(separator: "\n").map(String.init)
        let expected = ["#1 api → orchestrator: I need the user schema to build endpoints",
                        "#2 orchestrator → database (re #1): Please share the user schema",
                        "#3 database → orchestrator (re #2): Here's the schema",
                        "#4 orchestrator → api (re #3): Schema received, proceeding"]
        #expect(lines.count == expected.count, "\(conversation)")
        for (line, wanted) in zip(lines, expected) { #expect(line.hasSuffix("] " + wanted), "\(conversation)") }

        // Dependants started only after what they need had ended; database and api ran together.
        let end = { (agent: String) in fixture.endTimes(agent).last ?? .infinity }
        let start = { (agent: String) in fixture.startTimes(agent).first ?? 0 }
        #expect(start("api") < end("database") && start("database") < end("api"))
        #expect(start("frontend") > end("api"))
        #expect(start("testing") > max(end("database"), end("api"), end("frontend")))

        // Each one's work built on the one before it, through the branches and the artifacts.
        let spec = try fixture.git(["show", "agents/\(id)/api:openapi.yaml"])
        #expect(spec == "paths: /users\nschema: \(Self.schema)")
        let components = try fixture.git(["show", "agents/\(id)/frontend:components.json"])
        #expect(components.contains(#"schema: {\"users\""#), "\(components)")
        let artifacts = try fixture.agents(["artifact", "list", "--json"])
        let names = ((try jsonObject(artifacts.stdout)["artifacts"] as? [[String: Any]]) ?? [])
            .map { "\($0["role"] ?? "?")/\($0["name"] ?? "?")" }
        #expect(Set(names) == ["database/schema.json", "api/openapi.yaml", "frontend/components.json", "testing/coverage.json"],
                "\(artifacts)")
    }
}
