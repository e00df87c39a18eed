// `git agents hooks install|uninstall|status` in real repositories: a user's hooks chained (run first, their
// failure still counts) and put back byte for byte and mode for mode, core.hooksPath outside the repository,
// installing twice, and linked worktrees seeing the same hooks. git runs the hooks; git is the witness.
import Foundation
import Testing

@Suite("Hooks install", .timeLimit(.minutes(2)))
struct HooksTests {
    static let names = ["pre-merge-commit", "post-merge", "pre-push", "reference-transaction"]

    /// Each entry of a folder: its bytes (a link's target) and mode, as lstat sees it.
    static func snapshot(_ folder: URL) throws -> [String: String] {
        var result: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let path = folder.appendingPathComponent(name).path
            var info = stat()
            lstat(path, &info)
            let content = (info.st_mode & S_IFMT) == S_IFLNK
                ? "link to " + (try FileManager.default.destinationOfSymbolicLink(atPath: path))
                : (FileManager.default.contents(atPath: path)?.base64EncodedString() ?? "")
            result[name] = String(info.st_mode, radix: 8) + " " + content
        }
        return result
    }

    static func states(_ fixture: SessionFixture, in directory: URL? = nil) throws -> [String: String] {
        let output = try fixture.agents(["hooks", "status", "--json"], in: directory).requireSuccess()
        let rows = try #require(try jsonObject(output.stdout)["hooks"] as? [[String: Any]], "\(output)")
        return Dictionary(uniqueKeysWithValues: rows.map { ($0["hook"] as? String ?? "", $0["state"] as? String ?? "") })
    }

    func writeHook(_ fixture: SessionFixture, _ name: String, _ body: String, mode: Int, in folder: URL? = nil) throws {
        let url = (folder ?? fixture.repo.appendingPathComponent(".git/hooks")).appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try body.write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
    }

    @Test func aUsersHooksAreChainedAndPutBackExactly() throws {
        let fixture = try SessionFixture()
        let hooks = fixture.repo.appendingPathComponent(".git/hooks")
        let log = fixture.records.appendingPathComponent("user-hooks.log").path
        try writeHook(fixture, "pre-push", "#!/bin/sh\n# mine, no newline at the end\necho \"pre-push $*\" >> '\(log)'", mode: 0o700)
        try writeHook(fixture, "reference-transaction", "#!/bin/sh\nwhile read -r o n r; do echo \"$1 $r\" >> '\(log)'; done\n", mode: 0o750)
        try FileManager.default.createSymbolicLink(atPath: hooks.appendingPathComponent("post-merge").path,
                                                   withDestinationPath: "../../shared/post-merge")
        let before = try Self.snapshot(hooks)

        #expect(try Self.states(fixture) == ["pre-merge-commit": "missing", "post-merge": "foreign", "pre-push": "foreign",
                                             "reference-transaction": "foreign"])
        try fixture.agents("hooks", "install").requireSuccess()
        let installed = try Self.snapshot(hooks)
        try fixture.agents("hooks", "install").requireSuccess()
        #expect(try Self.snapshot(hooks) == installed, "installing twice changed the hooks folder")
        #expect(try Self.states(fixture) == ["pre-merge-commit": "ours", "post-merge": "chained", "pre-push": "chained",
                                             "reference-transaction": "chained"])
        #expect(installed["pre-push.before-git-agents"] == before["pre-push"])
        #expect(installed["post-merge.before-git-agents"] == before["post-merge"], "the link was not kept as a link")

        // The user's reference-transaction still sees every update, with its input, through ours.
        try fixture.write("more\n", to: "more.txt")
        try fixture.git(["add", "more.txt"])
        try fixture.git(["commit", "-q", "-m", "more"])
        #expect(fixture.record("user-hooks.log")?.contains("prepared refs/heads/main") == true, "\(fixture.record("user-hooks.log") ?? "")")
        #expect(fixture.record("user-hooks.log")?.contains("committed refs/heads/main") == true)

        let doctor = try fixture.agents("doctor")
        #expect(doctor.stdout.contains("installed in \(hooks.path)") && doctor.stdout.contains("chained before ours"), "\(doctor)")

        try fixture.agents("hooks", "uninstall").requireSuccess()
        #expect(try Self.snapshot(hooks) == before, "uninstall did not put back exactly what was there")
        try fixture.agents("hooks", "uninstall").requireSuccess()
        #expect(try Self.snapshot(hooks) == before)
    }

    @Test func aFailingUsersHookStillRefusesAndASucceedingOneLetsGitGoOn() throws {
        let fixture = try SessionFixture()
        try writeHook(fixture, "pre-merge-commit", "#!/bin/sh\necho 'user hook: no merges today' >&2\nexit 1\n", mode: 0o755)
        try fixture.agents("hooks", "install").requireSuccess()
        try fixture.git(["switch", "-q", "-c", "topic"])
        try fixture.write("topic\n", to: "topic.txt")
        try fixture.git(["add", "topic.txt"])
        try fixture.git(["commit", "-q", "-m", "topic"])
        try fixture.git(["switch", "-q", "main"])
        try fixture.write("main\n", to: "main.txt")
        try fixture.git(["add", "main.txt"])
        try fixture.git(["commit", "-q", "-m", "main"])
        let main = try fixture.git(["rev-parse", "main"])

        let refused = try fixture.gitResult(["merge", "--no-edit", "topic"])
        #expect(refused.status != 0 && refused.stderr.contains("user hook: no merges today"), "\(refused)")
        try fixture.git(["merge", "--abort"])
        #expect(try fixture.git(["rev-parse", "main"]) == main)

        try writeHook(fixture, "pre-merge-commit.before-git-agents", "#!/bin/sh\necho 'user hook: fine' >&2\n", mode: 0o755)
        let merged = try fixture.gitResult(["merge", "--no-edit", "topic"])
        #expect(merged.status == 0 && merged.stderr.contains("user hook: fine"), "\(merged)")
        #expect(try fixture.git(["rev-parse", "main^1"]) == main)
    }

    @Test func coreHooksPathOutsideTheRepositoryIsWhereTheHooksGo() throws {
        let fixture = try SessionFixture()
        let shared = fixture.root.appendingPathComponent("shared-hooks")
        try writeHook(fixture, "pre-push", "#!/bin/sh\nexit 0\n", mode: 0o755, in: shared)
        let before = try Self.snapshot(shared)
        try fixture.git(["config", "core.hooksPath", shared.path])

        try fixture.agents("hooks", "install").requireSuccess()
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: shared.path))
            == Set(Self.names + ["pre-push.before-git-agents"]))
        let local = fixture.repo.appendingPathComponent(".git/hooks")
        #expect(Self.names.allSatisfy { !FileManager.default.fileExists(atPath: local.appendingPathComponent($0).path) })
        #expect(try Self.states(fixture)["pre-push"] == "chained")

        try fixture.agents("hooks", "uninstall").requireSuccess()
        #expect(try Self.snapshot(shared) == before)
    }

    @Test func everyLinkedWorktreeSeesTheSameHooks() throws {
        let fixture = try SessionFixture()
        let linked = fixture.root.appendingPathComponent("linked")
        try fixture.git(["worktree", "add", "-q", "-b", "side", linked.path])
        try fixture.agents(["hooks", "install"], in: linked).requireSuccess()
        let common = fixture.repo.appendingPathComponent(".git/hooks")
        #expect(Self.names.allSatisfy { FileManager.default.fileExists(atPath: common.appendingPathComponent($0).path) })
        #expect(try Self.states(fixture).values.allSatisfy { $0 == "ours" })
        #expect(try Self.states(fixture, in: linked).values.allSatisfy { $0 == "ours" })
    }

    @Test func aHooksFolderThatIsALinkIsNotWrittenThrough() throws {
        let fixture = try SessionFixture()
        let hooks = fixture.repo.appendingPathComponent(".git/hooks")
        let elsewhere = fixture.root.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.removeItem(at: hooks)
        try FileManager.default.createSymbolicLink(at: hooks, withDestinationURL: elsewhere)
        let install = try fixture.agents("hooks", "install")
        #expect(install.status == 2 && install.stderr.contains("core.hooksPath"), "\(install)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty)
    }
}
