// The manual strategy's pull request: the integration branch pushed to a local bare remote and a scripted
// `agents.prCommand` run with it, or the `git request-pull` text — with the git CLI as the witness.
import Foundation
import Testing

@Suite("Pull requests (manual strategy)", .timeLimit(.minutes(10)))
struct PullRequestTests {
    /// A bare repository beside the fixture's, added as `origin`.
    func bareOrigin(_ fixture: SessionFixture) throws -> URL {
        let remote = fixture.root.appendingPathComponent("origin.git")
        try fixture.git(["init", "--quiet", "--bare", remote.path], in: fixture.root)
        try fixture.git(["remote", "add", "origin", remote.path])
        return remote
    }

    /// A PR command that records its argv (NUL-separated) to records/pr.argv, then prints `output` on stdout,
    /// or `error` on stderr and exits 1.
    func prCommand(_ fixture: SessionFixture, output: String = "https://example.com/pulls/7", error: String? = nil) throws -> String {
        let url = fixture.scripts.appendingPathComponent("pr.sh")
        let ending = error.map { "echo 'Creating pull request…' >&2\necho '\($0)' >&2\nexit 1" } ?? "echo '\(output)'"
        try "#!/bin/bash\nprintf '%s\\0' \"$@\" > '\(fixture.records.path)/pr.argv'\n\(ending)\n"
            .write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        return url.path
    }

    func manualSession(_ fixture: SessionFixture) throws -> String {
        try MergeTests().finishedSession(fixture, strategy: "manual")
    }

    /// A finished manual session with `origin`, createPullRequest and the PR command `arguments` after `script`.
    func pullRequestSession(_ fixture: SessionFixture, script: String, arguments: String) throws -> (remote: URL, branch: String) {
        let remote = try bareOrigin(fixture)
        try fixture.git(["config", "agents.createPullRequest", "true"])
        try fixture.git(["config", "agents.prCommand", script + " " + arguments])
        return (remote, "agents/\(try manualSession(fixture))/integration")
    }

    @Test func theBranchIsPushedAndThePRCommandGetsItsValuesAsWholeArguments() throws {
        let fixture = try SessionFixture()
        let (remote, branch) = try pullRequestSession(fixture, script: try prCommand(fixture),
                                                      arguments: "--head {branch} --base={base} --title {title} --body {body}")
        let id = branch.split(separator: "/")[1]

        let merge = try fixture.agents("merge", "--approve")
        #expect(merge.status == 0, "\(merge)")
        #expect(merge.stdout.contains("✓ Pushed \(branch) to origin"), "\(merge)")
        #expect(merge.stdout.contains("✓ Created PR: https://example.com/pulls/7"), "\(merge)")
        let local = try fixture.git(["rev-parse", branch])
        #expect(try fixture.git(["ls-remote", remote.path, "refs/heads/\(branch)"]).hasPrefix(local))

        // Each argument ends in a NUL: the last piece of the split is empty.
        let argv = (fixture.record("pr.argv") ?? "").split(separator: "\0", omittingEmptySubsequences: false).dropLast().map(String.init)
        try #require(argv.count == 7, "\(argv)")
        #expect(Array(argv[0..<6]) == ["--head", branch, "--base=main", "--title", "feat: Build a user profile feature", "--body"])
        let body = argv[6]
        #expect(body.contains("Merged by git agents from session \(id):\n- database (database):"), "\(body)")
        #expect(body.contains("Reviews:\n- database (database): approve by Fixture User"), "\(body)")
        #expect(body.contains("- testing (testing): approve by Fixture User"), "\(body)")

        let activity = SessionFixture.activity(try fixture.status())
        #expect(activity.contains("pushed \(branch) to origin"), "\(activity)")
        #expect(activity.contains("pull request: https://example.com/pulls/7"), "\(activity)")
    }

    @Test func aFailingPRCommandExitsOneAndTheBranchStays() throws {
        let fixture = try SessionFixture()
        let (remote, branch) = try pullRequestSession(
            fixture, script: try prCommand(fixture, error: "GraphQL: no permission to create a pull request"), arguments: "{branch}")

        let merge = try fixture.agents("merge", "--approve")
        #expect(merge.status == 1, "\(merge)")
        #expect(merge.stderr.contains("exited with status 1: GraphQL: no permission to create a pull request"), "\(merge)")
        #expect(merge.stderr.contains("\(branch) stays, pushed to origin"), "\(merge)")
        #expect(!merge.stderr.contains("Creating pull request"), "only the last line of its stderr: \(merge)")
        let local = try fixture.git(["rev-parse", branch])
        #expect(try fixture.git(["ls-remote", remote.path, "refs/heads/\(branch)"]).hasPrefix(local))
        let activity = SessionFixture.activity(try fixture.status())
        #expect(activity.contains { $0.hasPrefix("pull request not created: ") }, "\(activity)")
        // Fixed, merge --approve opens the request of the session merged already, and changes nothing else.
        try fixture.git(["config", "agents.prCommand", try prCommand(fixture, output: "https://example.com/pulls/8") + " {branch}"])
        let again = try fixture.agents("merge", "--approve")
        #expect(again.status == 0 && again.stdout.contains("✓ Created PR: https://example.com/pulls/8"), "\(again)")
        #expect(try fixture.git(["rev-parse", branch]) == local)
    }

    @Test func withoutCreatePullRequestTheRequestPullTextIsPrinted() throws {
        let fixture = try SessionFixture()
        let id = try manualSession(fixture)
        let branch = "agents/\(id)/integration"
        let before = try fixture.git(["rev-parse", "main"])

        let merge = try fixture.agents("merge", "--approve")
        #expect(merge.status == 0, "\(merge)")
        // No remote: the text points at this repository, which holds the branch.
        #expect(merge.stdout.contains("git request-pull"), "\(merge)")
        #expect(merge.stdout.contains("\(fixture.repo.path) \(branch)"), "\(merge)")
        #expect(merge.stdout.contains("Fixture User ("), "the shortlog: \(merge)")
        #expect(merge.stdout.contains("database: add database.txt"), "\(merge)")
        #expect(merge.stdout.contains("feat: Build a user profile feature"), "\(merge)")
        #expect(!merge.stdout.contains("Pushed"), "\(merge)")
        #expect(try fixture.git(["rev-parse", "main"]) == before)
    }

    @Test func theRequestPullTextSaysWhenTheRemoteLacksTheBranch() throws {
        let fixture = try SessionFixture()
        let remote = try bareOrigin(fixture)
        let id = try manualSession(fixture)
        let branch = "agents/\(id)/integration"

        let merge = try fixture.agents("merge", "--approve")
        #expect(merge.status == 0, "\(merge)")
        #expect(merge.stdout.contains(remote.path), "\(merge)")
        #expect(merge.stdout.contains("\(branch) is not on origin yet: git push origin \(branch)"), "\(merge)")
        #expect(try fixture.git(["ls-remote", remote.path]).isEmpty, "nothing was pushed")
    }

    @Test func createPullRequestWithNoRemoteIsAUsageErrorThatChangesNothing() throws {
        let fixture = try SessionFixture()
        try fixture.git(["config", "agents.createPullRequest", "true"])
        let id = try manualSession(fixture)

        let merge = try fixture.agents("merge", "--approve")
        #expect(merge.status == 2, "\(merge)")
        #expect(merge.stderr.contains("agents.createPullRequest is true but there is no remote"), "\(merge)")
        #expect(merge.stderr.contains("agents.remote"), "\(merge)")
        #expect(try fixture.gitResult(["rev-parse", "--verify", "agents/\(id)/integration"]).status != 0)
        #expect(SessionFixture.sessionState(try fixture.status()) == "done")
    }

    @Test func agentsRemoteMustNameARemote() throws {
        let fixture = try SessionFixture()
        _ = try bareOrigin(fixture)
        try fixture.git(["config", "agents.createPullRequest", "true"])
        try fixture.git(["config", "agents.remote", "upstream"])
        _ = try manualSession(fixture)

        let merge = try fixture.agents("merge", "--approve")
        #expect(merge.status == 2, "\(merge)")
        #expect(merge.stderr.contains("agents.remote is upstream, which is not a remote"), "\(merge)")
    }
}
