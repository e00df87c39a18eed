// What `start` refuses before creating anything: a target that is not a local branch, and a task too long
// to pass through exec; and a prompt that grows too long by launch fails its agent with that reason.
import Foundation
import Testing

@Suite("start refuses a bad target branch and oversized prompts", .timeLimit(.minutes(10)))
struct StartRefusalsTests {

    @Test func intoMustNameAnExistingLocalBranch() throws {
        let fixture = try SessionFixture()
        try fixture.defaultCommand(try fixture.succeedingAgent())
        try fixture.role("api")
        try fixture.git(["tag", "v1"])
        try fixture.git(["branch", "other"])
        try fixture.git(["update-ref", "refs/remotes/origin/main", "HEAD"])
        let commit = try fixture.git(["rev-parse", "HEAD"])
        let before = try fixture.footprint()

        let refused: [(into: String, says: String, hint: String)] = [
            ("v1", "is a tag, not a local branch", "git branch NEW-BRANCH v1"),
            ("refs/tags/v1", "is a tag, not a local branch", "git branch NEW-BRANCH refs/tags/v1"),
            (commit, "is a commit, not a branch", "git branch NEW-BRANCH \(commit)"),
            ("origin/main", "is a remote-tracking branch", "git branch NEW-BRANCH origin/main"),
            ("nosuch", "names no local branch", "create it with: git branch nosuch"),
            ("refs/heads/nosuch", "names no local branch", "create it with: git branch nosuch"),
        ]
        for (into, says, hint) in refused {
            let start = try fixture.agents(["start", "Ship it", "--into", into])
            #expect(start.status == 2, "\(start)")
            #expect(start.stderr.contains("--into \(into) \(says)"), "\(start)")
            #expect(start.stderr.contains(hint) && start.stderr.contains("leave --into out to merge into main"), "\(start)")
            #expect(start.stderr.split(separator: "\n").count <= 2, "\(start)")
        }
        #expect(try fixture.footprint() == before)

        for into in ["other", "refs/heads/other"] {
            let dry = try fixture.agents(["start", "Ship it", "--into", into, "--dry-run"])
            #expect(dry.status == 0 && dry.stdout.contains("into other"), "\(dry)")
        }
    }

    @Test func aTaskTooLongForOneArgumentIsRefusedAtStart() throws {
        let fixture = try SessionFixture()
        try fixture.defaultCommand(try fixture.succeedingAgent() + " {prompt}")
        try fixture.role("api")
        let plan = fixture.root.appendingPathComponent("plan.json")
        let task = String(repeating: "x", count: 5_000_000)
        try JSONSerialization.data(withJSONObject: ["agents": [["name": "api", "role": "api", "task": task]]]).write(to: plan)
        let before = try fixture.footprint()

        let start = try fixture.agents(["start", "Big", "--plan", plan.path, "--wait"])
        #expect(start.status == 2, "\(start.status) \(start.stderr)")
        #expect(start.stderr.contains("agent api") && start.stderr.contains("MAX_ARG_STRLEN"), "\(start.stderr)")
        #expect(start.stderr.contains("at most 128 KiB in one argument"), "\(start.stderr)")
        #expect(start.stderr.split(separator: "\n").count <= 2, "\(start.stderr)")
        #expect(try fixture.footprint() == before)
        #expect(fixture.startTimes("api").isEmpty)
    }

    @Test func aPromptThatGrowsTooLongByLaunchFailsItsAgentWithTheReason() throws {
        let fixture = try SessionFixture()
        try fixture.defaultCommand(try fixture.succeedingAgent() + " {prompt}")
        try fixture.role("api")
        try fixture.role("small")
        // A skill is added to the prompt only at launch, from the agent's worktree.
        try fixture.write(String(repeating: "Always be thorough.\n", count: 10_000), to: ".gitagents-skills/huge/SKILL.md")
        try fixture.git(["add", ".gitagents-skills"])
        try fixture.git(["commit", "-q", "-m", "a huge skill"])
        try fixture.git(["config", "role.api.skills", "huge"])

        let start = try fixture.agents(["start", "Grow", "--wait"])
        #expect(start.status == 1, "\(start)")
        let status = try fixture.status()
        #expect(SessionFixture.agent("api", in: status)?["status"] as? String == "failed")
        #expect(SessionFixture.agent("small", in: status)?["status"] as? String == "done")
        let reason = SessionFixture.activity(status).first { $0.hasPrefix("api: failed") } ?? ""
        #expect(reason.contains("the prompt of agent api is") && reason.contains("MAX_ARG_STRLEN"), "\(SessionFixture.activity(status))")
        let logs = try fixture.agents("logs", "--agent", "api").stdout
        #expect(!logs.contains("Argument list too long"), "\(logs)")
        #expect(fixture.startTimes("api").isEmpty, "the agent's program ran")
    }
}
