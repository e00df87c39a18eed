// What `start` and a session leave on disk: owner-only runtime files, nothing at all after a refused or
// rolled-back start, and file problems told in plain words. Issue #7, points 3, 15 and 18.
import Foundation
import Testing

@Suite("Runtime files and what start leaves behind", .timeLimit(.minutes(10)))
struct RuntimeFilesTests {

    /// Every path below the fixture's folder (the repository's parent), objects aside: a session record
    /// that was deleted again leaves unreachable objects, which git's own gc removes.
    private func listing(_ fixture: SessionFixture) -> [String] {
        (FileManager.default.subpaths(atPath: fixture.root.path) ?? [])
            .filter { !$0.hasPrefix("repo/.git/objects/") }.sorted()
    }

    private func mode(_ path: String) throws -> (isFolder: Bool, permissions: Int) {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.type] as? FileAttributeType == .typeDirectory, (attributes[.posixPermissions] as? Int ?? 0) & 0o777)
    }

    @Test func runtimeFilesAndFoldersAreTheOwnersAlone() throws {
        let fixture = try SessionFixture()
        try fixture.write(#"{"mcpServers": {"srv": {"command": "srv", "env": {"API_KEY": "secret"}}}}"#, to: ".mcp.json")
        try fixture.git(["add", ".mcp.json"])
        try fixture.git(["commit", "-q", "-m", "an MCP server"])
        try fixture.agents("trust").requireSuccess()
        try fixture.role("api", command: try fixture.waitingAgent() + " {mcpConfig}")
        try fixture.git(["config", "role.api.mcpServers", "srv"])
        // Made by an older version with the usual umask: found too open, tightened.
        let runtime = fixture.repo.appendingPathComponent(".git/agents")
        try FileManager.default.createDirectory(at: runtime, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])

        try fixture.agents("start", "Keep secrets").requireSuccess()
        let id = try fixture.newestSession()
        try fixture.waitForWorking("api", session: id)

        let session = runtime.appendingPathComponent(id).path
        for file in ["api.mcp.json", "api.log", "api.runner", "api.agent", "supervisor.log", "supervisor.pid", "environment"] {
            #expect(FileManager.default.fileExists(atPath: session + "/" + file), "\(file) is missing")
        }
        var checked = 0
        for relative in [""] + (FileManager.default.subpaths(atPath: runtime.path) ?? []) {
            let found = try mode(runtime.path + "/" + relative)
            #expect(found.permissions == (found.isFolder ? 0o700 : 0o600),
                    "\(relative.isEmpty ? "agents/" : relative) is \(String(found.permissions, radix: 8))")
            checked += 1
        }
        #expect(checked > 8)
        try fixture.release("api")
        #expect(SessionFixture.sessionState(try fixture.waitForEnd(session: id)) == "done")
    }

    @Test func aRolledBackOrRefusedStartLeavesTheFoldersAsTheyWere() throws {
        let fixture = try SessionFixture()
        try fixture.role("api", command: try fixture.succeedingAgent())
        try fixture.git(["config", "role.api.branchPrefix", "feature/api"])
        try fixture.role("web", command: try fixture.succeedingAgent())
        let before = listing(fixture)

        try fixture.git(["config", "agents.setup", "exit 7"])
        let rolledBack = try fixture.agents("start", "Fail in setup")
        #expect(rolledBack.status == 1, "\(rolledBack)")
        #expect(listing(fixture) == before, "left behind: \(Set(listing(fixture)).symmetricDifference(before).sorted())")

        // Refused once worktrees exist: `lnk` is a folder here, a link out of the repository in the commit.
        try fixture.git(["config", "--unset", "agents.setup"])
        try FileManager.default.createSymbolicLink(atPath: fixture.repo.appendingPathComponent("lnk").path,
                                                   withDestinationPath: fixture.home.path)
        try fixture.git(["add", "lnk"])
        try fixture.git(["commit", "-q", "-m", "link out"])
        try FileManager.default.removeItem(at: fixture.repo.appendingPathComponent("lnk"))
        try fixture.write("x\n", to: "lnk/file")
        try fixture.git(["config", "agents.copy", "lnk/file"])
        let beforeRefusal = listing(fixture)
        let refused = try fixture.agents("start", "Refused late")
        #expect(refused.status == 2, "\(refused)")
        #expect(listing(fixture) == beforeRefusal,
                "left behind: \(Set(listing(fixture)).symmetricDifference(beforeRefusal).sorted())")
    }

    @Test func aFileWhereTheRuntimeFolderBelongsIsNamedInPlainWords() throws {
        let fixture = try SessionFixture()
        try fixture.role("api", command: try fixture.succeedingAgent())
        let runtime = fixture.repo.appendingPathComponent(".git/agents")
        try "in the way\n".write(to: runtime, atomically: true, encoding: .utf8)

        let start = try fixture.agents("start", "Blocked")

        #expect(start.status == 1, "\(start)")
        #expect(start.stderr.contains("cannot create \(runtime.path): it is a file, not a folder"), "\(start)")
        #expect(!start.stderr.contains("Domain") && start.stderr.split(separator: "\n").count <= 2, "\(start)")
        #expect(try fixture.git(["for-each-ref", "refs/agents"]).isEmpty)
    }

    @Test func aRunnerThatCannotMakeItsRuntimeFilesFailsTheAgentSayingWhy() throws {
        let fixture = try SessionFixture()
        try fixture.role("first", command: try fixture.waitingAgent())
        try fixture.role("second", dependsOn: ["first"], command: try fixture.succeedingAgent())
        try fixture.agents("start", "Lose the runtime folder").requireSuccess()
        let id = try fixture.newestSession()
        try fixture.waitForWorking("first", session: id)

        // A file where the session's runtime folder was: the runner of `second` cannot make its files.
        let folder = try fixture.runtimeFolder(id)
        let aside = folder.appendingPathExtension("aside")
        try FileManager.default.moveItem(at: folder, to: aside)
        try "in the way\n".write(to: folder, atomically: true, encoding: .utf8)
        defer {
            try? FileManager.default.removeItem(at: folder)
            try? FileManager.default.moveItem(at: aside, to: folder)
        }
        try fixture.release("first")

        // Read with git, not `status`: that would try (and fail) to start a supervisor in the same folder.
        var ended: String?
        try fixture.waitUntil("second to fail", timeout: 40) {
            ended = try fixture.history(id).first { $0.hasPrefix("second: failed") }
            return ended != nil
        }
        #expect(ended?.contains("cannot create \(folder.path): it is a file, not a folder") ?? false, "\(ended ?? "")")
    }
}
