// `git --git-dir=X [--work-tree=Y] agents …` (GIT_DIR, GIT_WORK_TREE) finds the repository as git does, and
// nothing git-agents starts inherits those variables.
import Foundation
import Testing

@Suite("GIT_DIR and GIT_WORK_TREE", .timeLimit(.minutes(3)))
struct GitDirectoryTests {

    @Test func gitDirFromOutsideTheRepository() throws {
        let fixture = try SessionFixture()
        let outside = fixture.root.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        // Through git itself, which exports GIT_DIR for --git-dir.
        let list = try Binary.git.run(["--git-dir=\(fixture.repo.path)/.git", "agents", "list"], in: outside,
                                      environment: fixture.environment)
        #expect(list.status == 0, "\(list)")
        #expect(list.stdout.contains("No sessions"), "\(list)")
        // Relative, as a person types it.
        let relative = try fixture.agents(["list", "--json"], in: outside, environment: ["GIT_DIR": "../repo/.git"])
        #expect(relative.status == 0 && relative.stdout.contains("\"sessions\""), "\(relative)")
    }

    @Test func aWorkTreeWhoseGitFolderLivesElsewhereRunsItsSession() throws {
        let fixture = try SessionFixture()
        // The repository's git folder moves away from its work tree: only GIT_DIR/GIT_WORK_TREE find it.
        try fixture.role("api")
        let gitDir = fixture.root.appendingPathComponent("store.git")
        try FileManager.default.moveItem(at: fixture.repo.appendingPathComponent(".git"), to: gitDir)
        let variables = ["GIT_DIR": gitDir.path, "GIT_WORK_TREE": fixture.repo.path]
        let start = try fixture.agents(["start", "Task", "--agent-cmd", try fixture.succeedingAgent() + " {prompt}", "--wait"],
                                       environment: variables)
        #expect(start.status == 0, "\(start)")
        let status = try fixture.agents(["status", "--json"], environment: variables)
        #expect(SessionFixture.sessionState(try jsonObject(status.stdout)) == "done", "\(status)")
    }

    @Test func gitDirThatIsNoRepositoryIsExit4() throws {
        let fixture = try SessionFixture()
        let output = try fixture.agents(["status"], environment: ["GIT_DIR": fixture.root.appendingPathComponent("nothing").path])
        #expect(output.status == 4, "\(output)")
        #expect(output.stderr.hasPrefix("error: not a git repository: GIT_DIR="), "\(output)")
        #expect(output.stderr.split(separator: "\n").count <= 2, "\(output)")
        let missingTree = try fixture.agents(["status"], environment: ["GIT_WORK_TREE": fixture.root.appendingPathComponent("nothing").path])
        #expect(missingTree.status == 4 && missingTree.stderr.contains("GIT_WORK_TREE"), "\(missingTree)")
    }

    @Test func workTreeComesFromGitWorkTree() throws {
        let fixture = try SessionFixture()
        try fixture.write("[agents]\n\tmaxParallel = 7\n", to: ".gitagents")
        let outside = fixture.root.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        let output = try Binary.git.run(["--git-dir=\(fixture.repo.path)/.git", "--work-tree=\(fixture.repo.path)",
                                         "agents", "config", "agents.maxParallel"], in: outside, environment: fixture.environment)
        #expect(output.status == 0, "\(output)")
        #expect(output.stdout == "7\n", "the work tree's .gitagents was not read: \(output)")
    }

    @Test func agentsAndSetupDoNotInheritGitDir() throws {
        let fixture = try SessionFixture()
        let seen = fixture.records.path
        try fixture.defaultCommand(try fixture.script("where", """
            printf '%s|%s' "${GIT_DIR-unset}" "${GIT_WORK_TREE-unset}" > "$REC/$AGENT.gitenv"
            git rev-parse --show-toplevel > "$REC/$AGENT.toplevel"
            echo "from $AGENT" > "$AGENT.txt"
            git add "$AGENT.txt" && git commit -q -m "$AGENT: file"
            exit 0
            """) + " {prompt}")
        try fixture.git(["config", "agents.setup", "printf '%s' \"${GIT_DIR-unset}\" > '\(seen)/setup.gitdir'"])
        try fixture.role("api")
        let start = try Binary.git.run(["--git-dir=.git", "--work-tree=.", "agents", "start", "Task", "--wait"], in: fixture.repo,
                                       environment: fixture.environment)
        #expect(start.status == 0, "\(start)")
        #expect(fixture.record("api.gitenv") == "unset|unset")
        let status = try fixture.status()
        let worktree = try #require(SessionFixture.agent("api", in: status)?["worktree"] as? String)
        #expect(fixture.record("api.toplevel")?.trimmingCharacters(in: .whitespacesAndNewlines) == worktree)
        #expect(fixture.record("setup.gitdir") == "unset")
        let id = try fixture.newestSession()
        #expect(try fixture.git(["show", "agents/\(id)/api:api.txt"]) == "from api")
        // The main worktree is untouched: no agent wrote here.
        #expect(try fixture.git(["status", "--porcelain"]).isEmpty)
    }
}
