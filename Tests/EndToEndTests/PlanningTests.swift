// Planning sources other than roles and plan files: the orchestrator command, --over, --batch-size;
// and what start does in each new worktree (agents.copy, agents.setup), all or nothing.
import Foundation
import Testing

@Suite("Planning and worktree setup")
struct PlanningTests {
    /// Nothing of a session exists: no session refs, no agent branches, no linked worktrees.
    func expectNothingCreated(_ fixture: SessionFixture) throws {
        let refs = try fixture.git(["for-each-ref", "refs/agents"])
        let branches = try fixture.git(["branch", "--format=%(refname:short)"])
        let worktrees = try fixture.git(["worktree", "list", "--porcelain"])
        #expect(refs.isEmpty)
        #expect(branches == "main")
        #expect(worktrees.components(separatedBy: "worktree ").count == 2, "\(worktrees)")
    }

    @Test("an orchestrator command's JSON plan is followed", .timeLimit(.minutes(10)))
    func orchestratorPlanIsUsed() throws {
        let fixture = try SessionFixture()
        try fixture.role("database")
        try fixture.role("api")
        try fixture.defaultCommand(try fixture.succeedingAgent())
        // A scripted orchestrator: checks it was given the task and roles on stdin, answers with a plan.
        let orchestrator = try fixture.script("orchestrator", """
            request=$(cat)
            case "$request" in *'"task" : "Add avatars"'*) ;; *) echo "no task on stdin" >&2; exit 9 ;; esac
            case "$request" in *'"name" : "database"'*) ;; *) echo "no roles on stdin" >&2; exit 9 ;; esac
            echo 'Here is the plan:'
            echo '{"agents": [{"name": "schema", "role": "database", "task": "Add an avatars table"},'
            echo '            {"name": "endpoint", "role": "api", "task": "Add POST /avatar", "dependsOn": ["schema"]}]}'
            """)
        try fixture.git(["config", "agents.orchestrator", orchestrator])
        let output = try fixture.agents("start", "Add avatars", "--wait")
        #expect(output.status == 0, "\(output)")
        let status = try fixture.status()
        let agents = SessionFixture.agentRecords(status)
        #expect(agents.map { $0["name"] as? String } == ["schema", "endpoint"])
        #expect(SessionFixture.agent("endpoint", in: status)?["dependsOn"] as? [String] == ["schema"])
        #expect(SessionFixture.agent("schema", in: status)?["task"] as? String == "Add an avatars table")
        let schemaEnd = try #require(fixture.endTimes("schema").first)
        let endpointStart = try #require(fixture.startTimes("endpoint").first)
        #expect(schemaEnd <= endpointStart)
    }

    /// A bad plan is a configuration error (2); an orchestrator that fails is a failed operation (1).
    @Test("an orchestrator that prints no valid plan, or an unknown role, creates nothing",
          arguments: [("echo 'I could not decide'", 2), (#"echo '{"agents": [{"role": "nobody", "task": "x"}]}'"#, 2),
                      (#"echo '{"agents": [{"role": "api", "task": "x"'"#, 2), ("exit 3", 1)] as [(String, Int32)])
    func badOrchestratorCreatesNothing(answer: String, expectedStatus: Int32) throws {
        let fixture = try SessionFixture()
        try fixture.role("api")
        try fixture.defaultCommand(try fixture.succeedingAgent())
        try fixture.git(["config", "agents.orchestrator", try fixture.script("orchestrator", "cat >/dev/null\n" + answer)])
        let output = try fixture.agents("start", "Do it")
        #expect(output.status == expectedStatus, "\(output)")
        #expect(!output.stderr.isEmpty && output.stderr.split(separator: "\n").count <= 2, "\(output)")
        try expectNothingCreated(fixture)
    }

    @Test("--over gives one agent per matching item, in batches", .timeLimit(.minutes(10)))
    func overMakesOneAgentPerItem() throws {
        let fixture = try SessionFixture()
        for name in ["Button", "Card", "Modal"] {
            try fixture.write("export const \(name) = 1;\n", to: "src/components/\(name)/index.js")
        }
        try fixture.git(["add", "-A"])
        try fixture.git(["commit", "-q", "-m", "components"])
        try fixture.role("frontend")
        try fixture.defaultCommand(try fixture.succeedingAgent())
        let dry = try fixture.agents("start", "Refactor all components", "--over", "src/components/*",
                                     "--role", "frontend", "--batch-size", "2", "--dry-run")
        #expect(dry.status == 0, "\(dry)")
        #expect(dry.stdout.contains("Batch 1/2: Button, Card"))
        #expect(dry.stdout.contains("Batch 2/2: Modal"))
        let output = try fixture.agents("start", "Refactor all components", "--over", "src/components/*",
                                        "--role", "frontend", "--batch-size", "2", "--wait")
        #expect(output.status == 0, "\(output)")
        let agents = SessionFixture.agentRecords(try fixture.status())
        #expect(Set(agents.compactMap { $0["name"] as? String }) == ["Button", "Card", "Modal"])
        #expect(agents.allSatisfy { ($0["task"] as? String)?.contains("src/components/") ?? false })
        // The second wave starts only after the first has ended.
        let firstWaveEnd = try #require((fixture.endTimes("Button") + fixture.endTimes("Card")).max())
        let modalStart = try #require(fixture.startTimes("Modal").first)
        #expect(firstWaveEnd <= modalStart)
    }

    @Test("agents.copy brings ignored files and agents.setup runs in every new worktree", .timeLimit(.minutes(10)))
    func copyAndSetupPrepareEachWorktree() throws {
        let fixture = try SessionFixture()
        try fixture.write(".env\n", to: ".gitignore")
        try fixture.git(["add", ".gitignore"])
        try fixture.git(["commit", "-q", "-m", "ignore .env"])
        try fixture.write("SECRET=42\n", to: ".env")
        try fixture.role("one")
        try fixture.role("two")
        try fixture.defaultCommand(try fixture.succeedingAgent())
        try fixture.git(["config", "agents.copy", ".env"])
        try fixture.git(["config", "agents.setup", "echo \"set up for $GIT_AGENTS_AGENT\" > .setup-done && git check-ignore -q .env"])
        let output = try fixture.agents("start", "Use the secret", "--wait")
        #expect(output.status == 0, "\(output)")
        for agent in SessionFixture.agentRecords(try fixture.status()) {
            let worktree = try #require(agent["worktree"] as? String)
            #expect(try String(contentsOfFile: worktree + "/.env", encoding: .utf8) == "SECRET=42\n")
            let name = try #require(agent["name"] as? String)
            // The setup output was committed with the agent's leftovers: it is on the branch.
            let branch = try #require(agent["branch"] as? String)
            #expect(try fixture.git(["show", "\(branch):.setup-done"]) == "set up for \(name)")
            let committedEnv = try fixture.gitResult(["show", "\(branch):.env"])
            #expect(committedEnv.status != 0, ".env must stay ignored")
        }
    }

    @Test("a failing agents.setup removes everything start made")
    func failingSetupLeavesNothing() throws {
        let fixture = try SessionFixture()
        try fixture.role("one")
        try fixture.role("two")
        try fixture.defaultCommand(try fixture.succeedingAgent())
        try fixture.git(["config", "agents.setup", "exit 5"])
        let output = try fixture.agents("start", "Never runs")
        #expect(output.status == 1, "\(output)")
        #expect(output.stderr.contains("agents.setup"))
        try expectNothingCreated(fixture)
        #expect((try? FileManager.default.contentsOfDirectory(atPath: fixture.worktrees.path))?.isEmpty ?? true)
    }

    @Test("start warns that uncommitted changes do not reach the agents")
    func uncommittedChangesAreNamed() throws {
        let fixture = try SessionFixture()
        try fixture.role("one")
        try fixture.defaultCommand(try fixture.succeedingAgent())
        try fixture.write("edited but not committed\n", to: "README.md")
        let output = try fixture.agents("start", "Look", "--dry-run")
        #expect(output.status == 0, "\(output)")
        #expect(output.stderr.contains("uncommitted changes in 1 file here"), "\(output)")
        try fixture.git(["checkout", "README.md"])
        #expect(!(try fixture.agents("start", "Look", "--dry-run").stderr.contains("uncommitted")))
    }
}
