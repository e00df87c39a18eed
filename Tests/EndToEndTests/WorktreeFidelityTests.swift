// An agent's worktree is the worktree `git worktree add` makes of the same commit: the same bytes, links,
// executable bits and index — with and without attributes (filters are skipped only when none can apply).
import Foundation
import Testing

@Suite("Agent worktrees match git's own", .timeLimit(.minutes(3)))
struct WorktreeFidelityTests {
    /// What can make a checkout convert files, set up before the commit both worktrees are made of.
    enum Conversions: String, CaseIterable, Sendable {
        case none, committedAttributes, infoAttributes, userAttributes, attributesFile, autocrlf

        func apply(to fixture: SessionFixture) throws {
            switch self {
            case .none: break
            case .committedAttributes:
                try fixture.write("*.txt text eol=crlf\n*.id ident\n*.bin binary\n", to: ".gitattributes")
            case .infoAttributes:
                try fixture.write("*.txt text eol=crlf\n", to: ".git/info/attributes")
            case .userAttributes:
                // The fixture's XDG_CONFIG_HOME is home/.config, for git and git-agents alike.
                try fixture.write("*.txt text eol=crlf\n", to: ".config/git/attributes", in: fixture.home)
            case .attributesFile:
                try fixture.write("*.txt text eol=crlf\n", to: "attributes", in: fixture.home)
                try fixture.git(["config", "core.attributesFile", fixture.home.appendingPathComponent("attributes").path])
            case .autocrlf:
                try fixture.git(["config", "core.autocrlf", "true"])
            }
        }
    }

    /// Commits the fixture's files, starts one agent that does nothing, makes git's own worktree of the same
    /// commit and requires the same files and index in both; returns both folders.
    @discardableResult
    func startAloneAndCompareWithGit(_ fixture: SessionFixture) throws -> (ours: URL, theirs: URL) {
        try FileManager.default.setAttributes([.posixPermissions: 0o755],
                                              ofItemAtPath: fixture.repo.appendingPathComponent("tools/build.sh").path)
        try FileManager.default.createSymbolicLink(atPath: fixture.repo.appendingPathComponent("src/link.txt").path,
                                                   withDestinationPath: "d0/f0.txt")
        try fixture.git(["add", "-A"])
        try fixture.git(["commit", "--quiet", "-m", "files of every kind"])
        try fixture.role("solo")
        try fixture.defaultCommand(try fixture.script("idle", "exit 0"))

        try fixture.agents("start", "look around").requireSuccess()
        try fixture.waitForEnd()
        let ours = fixture.worktrees.appendingPathComponent(try #require(
            try FileManager.default.contentsOfDirectory(atPath: fixture.worktrees.path).first))
        let theirs = fixture.root.appendingPathComponent("git-worktree")
        try fixture.git(["worktree", "add", "--quiet", "-b", "witness", theirs.path, "main"])

        // Before anything refreshes the index: stat data that did not match the files would show here.
        #expect(try fixture.git(["diff-files", "--name-only"], in: ours) == "")
        #expect(try fixture.git(["ls-files", "-s"], in: ours) == fixture.git(["ls-files", "-s"], in: theirs))
        #expect(try fixture.git(["status", "--porcelain"], in: ours) == "")
        for path in try fixture.git(["ls-files"], in: theirs).split(separator: "\n").map(String.init) {
            let mine = ours.appendingPathComponent(path).path, git = theirs.appendingPathComponent(path).path
            let manager = FileManager.default
            #expect((try? manager.destinationOfSymbolicLink(atPath: mine)) == (try? manager.destinationOfSymbolicLink(atPath: git)),
                    "link \(path)")
            #expect(manager.isExecutableFile(atPath: mine) == manager.isExecutableFile(atPath: git), "mode of \(path)")
            #expect(manager.contents(atPath: mine) == manager.contents(atPath: git), "bytes of \(path)")
        }
        return (ours, theirs)
    }

    @Test(arguments: Conversions.allCases)
    func sameFilesAndIndexAsGitWorktreeAdd(conversions: Conversions) throws {
        let fixture = try SessionFixture()
        for folder in 0..<3 {
            for file in 0..<3 { try fixture.write("line one\nline two\n", to: "src/d\(folder)/f\(file).txt") }
        }
        try fixture.write("$Id$\nkept\n", to: "src/version.id")
        try fixture.write("\u{0}\u{1}binary\nbytes\n", to: "data/blob.bin")
        try fixture.write("#!/bin/sh\necho built\n", to: "tools/build.sh")
        try conversions.apply(to: fixture)
        let (_, theirs) = try startAloneAndCompareWithGit(fixture)
        if conversions != .none {
            // The case must really convert something, or it would not test the filters at all.
            #expect(FileManager.default.contents(atPath: theirs.appendingPathComponent("src/d0/f0.txt").path)
                    == Data("line one\r\nline two\r\n".utf8))
        }
    }

    /// One agent started alone: its 1,200 files come out as `git worktree add` writes them. On a machine of
    /// several cores they are written by several threads (GitKit's split checkout, whose own tests check
    /// that it splits); on one core by one.
    @Test func aLargeWorktreeStartedAloneIsGitsOwn() throws {
        let fixture = try SessionFixture()
        for folder in 0..<30 {
            for file in 0..<40 { try fixture.write("folder \(folder) file \(file)\n", to: "src/d\(folder)/f\(file).txt") }
        }
        try fixture.write("#!/bin/sh\necho built\n", to: "tools/build.sh")
        let (ours, _) = try startAloneAndCompareWithGit(fixture)
        #expect(try fixture.git(["ls-files"], in: ours).split(separator: "\n").count == 1_203)
    }
}
