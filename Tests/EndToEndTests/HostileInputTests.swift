// What a hostile repository (or a careless configuration) may try through `start`: symlinks that lead out,
// copies and includes that dodge trust, worktrees nested in the repository. Issue #7, points 1, 2 and 12.
import Foundation
import Testing

@Suite("Hostile repositories and configurations", .timeLimit(.minutes(10)))
struct HostileInputTests {

    /// A folder outside the repository holding `secret.txt`, and `lnk` committed as a symlink to it.
    private func outsideFolderLinkedAsLnk(_ fixture: SessionFixture) throws -> URL {
        let outside = fixture.root.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try "do not touch\n".write(to: outside.appendingPathComponent("secret.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: fixture.repo.appendingPathComponent("lnk").path,
                                                   withDestinationPath: outside.path)
        try fixture.git(["add", "lnk"])
        try fixture.git(["commit", "-q", "-m", "link out"])
        return outside
    }

    @Test func copyThroughACommittedSymlinkIsRefusedAndTheFileOutsideStays() throws {
        let fixture = try SessionFixture()
        let outside = try outsideFolderLinkedAsLnk(fixture)
        try fixture.role("api", command: try fixture.succeedingAgent())
        try fixture.write("[agents]\n\tcopy = lnk/secret.txt\n", to: ".gitagents")
        try fixture.git(["add", ".gitagents"])
        try fixture.git(["commit", "-q", "-m", "copy through the link"])
        try fixture.agents("trust").requireSuccess()
        let before = try fixture.footprint()

        let start = try fixture.agents("start", "Take the secret")

        #expect(start.status == 2, "\(start)")
        #expect(start.stderr.contains("lnk") && start.stderr.contains("symbolic link"), "\(start)")
        #expect(try String(contentsOf: outside.appendingPathComponent("secret.txt"), encoding: .utf8) == "do not touch\n")
        #expect(try fixture.footprint() == before)
    }

    @Test func aSymlinkOnlyInTheNewWorktreeIsNotWrittenThrough() throws {
        let fixture = try SessionFixture()
        let outside = try outsideFolderLinkedAsLnk(fixture)
        try fixture.role("api", command: try fixture.succeedingAgent())
        try fixture.git(["config", "agents.copy", "lnk/secret.txt"])
        // Here `lnk` is a real folder; in the commit the worktree is made from it is the link out.
        try FileManager.default.removeItem(at: fixture.repo.appendingPathComponent("lnk"))
        try fixture.write("from the main worktree\n", to: "lnk/secret.txt")
        let before = try fixture.footprint()

        let start = try fixture.agents("start", "Overwrite the secret")

        #expect(start.status == 2, "\(start)")
        #expect(start.stderr.contains("symbolic link") && start.stderr.contains(outside.path), "\(start)")
        #expect(try String(contentsOf: outside.appendingPathComponent("secret.txt"), encoding: .utf8) == "do not touch\n")
        #expect(try fixture.footprint() == before)
    }

    @Test func aCommittedCopyNeedsTrustLikeACommand() throws {
        let fixture = try SessionFixture()
        try fixture.role("api", command: try fixture.succeedingAgent())
        try fixture.write("[agents]\n\tcopy = .env\n", to: ".gitagents")
        try fixture.git(["add", ".gitagents"])
        try fixture.git(["commit", "-q", "-m", "copy .env"])

        let untrusted = try fixture.agents("start", "--dry-run", "Copy")
        #expect(untrusted.status == 2, "\(untrusted)")
        #expect(untrusted.stderr.contains("agents.copy comes from .gitagents"), "\(untrusted)")

        let trust = try fixture.agents("trust").requireSuccess()
        #expect(trust.stdout.contains("agents.copy = .env"), "trust shows what it allows:\n\(trust)")
        #expect(try fixture.agents("start", "--dry-run", "Copy").status == 0)
    }

    @Test func aCommittedFileMayNotIncludeAnother() throws {
        let fixture = try SessionFixture()
        try fixture.role("api", command: try fixture.succeedingAgent())
        try fixture.write("[agents]\n\tmaxParallel = 2\n[include]\n\tpath = extra.cfg\n", to: ".gitagents")
        try fixture.write("[agents]\n\tmaxParallel = 3\n", to: "extra.cfg")
        try fixture.git(["add", ".gitagents", "extra.cfg"])
        try fixture.git(["commit", "-q", "-m", "include"])
        // Trust itself refuses a file that includes another: it can never be trusted once and changed later.
        let trust = try fixture.agents("trust")
        #expect(trust.status == 2 && trust.stderr.contains(".gitagents:4: a committed file may not include other files"), "\(trust)")
        // What a later pull could bring: a command in the included file, never trusted.
        try fixture.write("[agents]\n\tcommand = touch pwned\n", to: "extra.cfg")

        for arguments in [["start", "--dry-run", "Pulled"], ["config", "--list"]] {
            let refused = try fixture.agents(arguments)
            #expect(refused.status == 2, "\(refused)")
            #expect(refused.stderr.contains(".gitagents:4:") && refused.stderr.contains("include"), "\(refused)")
        }
        let doctor = try fixture.agents("doctor")
        #expect(doctor.status == 1 && doctor.stdout.contains(".gitagents:4: a committed file may not include"), "\(doctor)")
        try fixture.write("[includeIf \"gitdir:/\"]\n\tpath = extra.cfg\n", to: ".gitagents")
        let conditional = try fixture.agents("config", "agents.command")
        #expect(conditional.status == 2 && conditional.stderr.contains(".gitagents:2:"), "\(conditional)")
        // The person's own files may include what they like.
        try fixture.write("", to: ".gitagents")
        try fixture.git(["config", "include.path", "../extra.cfg"])
        #expect(try fixture.agents("config", "agents.command").stdout.contains("touch pwned"))
    }

    @Test func worktreeBaseInsideTheRepositoryOrAtTheRootIsRefused() throws {
        let fixture = try SessionFixture()
        try fixture.role("api", command: try fixture.succeedingAgent())
        try FileManager.default.createSymbolicLink(atPath: fixture.root.appendingPathComponent("link").path,
                                                   withDestinationPath: fixture.repo.path)
        let before = try fixture.footprint()
        for base in ["inside", ".git/wt", "/", "../link/x", fixture.repo.path + "/a/../b", "."] {
            try fixture.git(["config", "agents.worktreeBase", base])
            let start = try fixture.agents("start", "Nest")
            #expect(start.status == 2, "\(base): \(start)")
            #expect(start.stderr.contains("agents.worktreeBase"), "\(base): \(start)")
            #expect(try fixture.footprint() == before, "\(base)")
            #expect(try fixture.git(["status", "--porcelain"]).isEmpty, "\(base)")
        }
        try fixture.write("a file\n", to: "../not-a-folder")
        for base in ["../not-a-folder", "../not-a-folder/sub"] {
            try fixture.git(["config", "agents.worktreeBase", base])
            let start = try fixture.agents("start", "Into a file")
            #expect(start.status == 2, "\(base): \(start)")
            #expect(start.stderr.contains(fixture.root.appendingPathComponent("not-a-folder").path + " is a file, not a folder"),
                    "\(base): \(start)")
        }
    }

    @Test func worktreeBaseInsideAnAgentsWorktreeIsRefused() throws {
        let fixture = try SessionFixture()
        try fixture.role("api", command: try fixture.succeedingAgent() + " {prompt}")
        #expect(try fixture.agents("start", "First", "--wait").status == 0)
        let worktree = try #require(SessionFixture.agent("api", in: try fixture.status())?["worktree"] as? String)
        try fixture.git(["config", "agents.worktreeBase", worktree + "/nested"])
        let start = try fixture.agents("start", "Nest")
        #expect(start.status == 2, "\(start)")
        #expect(start.stderr.contains("is inside the worktree"), "\(start)")
    }

    @Test func copyingGitsOwnFolderIsRefused() throws {
        let fixture = try SessionFixture()
        try fixture.role("api", command: try fixture.succeedingAgent() + " {prompt}")
        for path in [".git", ".git/config", "sub/.git"] {
            try fixture.git(["config", "agents.copy", path])
            let start = try fixture.agents("start", "Copy")
            #expect(start.status == 2, "\(path): \(start)")
            #expect(start.stderr.contains("git's own folder"), "\(path): \(start)")
        }
        #expect(try fixture.git(["for-each-ref", "refs/agents/"]).isEmpty)
    }
}
