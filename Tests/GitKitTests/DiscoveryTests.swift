// Repository discovery: from a linked worktree's subfolder, the main worktree, and outside any repository.
import Foundation
import GitKit
import Testing
import TestSupport

@Suite(.scratchRepository)
struct DiscoveryTests {
    let scratch = ScratchRepository.current

    @Test func discoversALinkedWorktreeFromItsSubfolder() throws {
        let worktree = scratch.root + "/linked"
        try scratch.git("worktree", "add", "--quiet", "-b", "topic", worktree)
        let subfolder = worktree + "/deep/inside"
        try FileManager.default.createDirectory(atPath: subfolder, withIntermediateDirectories: true)

        let repository = try Repository.discover(from: subfolder)

        #expect(repository.isLinkedWorktree)
        #expect(repository.workdir == worktree)
        #expect(repository.commonDir == scratch.gitDir)
        #expect(repository.gitDir == scratch.gitDir + "/worktrees/linked")
        #expect(try repository.headBranch() == "refs/heads/topic")
    }

    @Test func refsWrittenThroughALinkedWorktreeLandInTheCommonDir() throws {
        let worktree = scratch.root + "/linked"
        try scratch.git("worktree", "add", "--quiet", "-b", "topic", worktree)
        let repository = try Repository.discover(from: worktree)
        let head = try #require(try repository.headCommit())

        try repository.updateReference("refs/agents/sessions/20260403-001", to: head, expected: nil, message: "test")

        #expect(try scratch.git("rev-parse", "refs/agents/sessions/20260403-001") == head.hex)
    }

    @Test func discoversTheMainWorktreeFromASubfolder() throws {
        let subfolder = scratch.path + "/src/module"
        try FileManager.default.createDirectory(atPath: subfolder, withIntermediateDirectories: true)

        let repository = try Repository.discover(from: subfolder)

        #expect(!repository.isLinkedWorktree)
        #expect(!repository.isBare)
        #expect(repository.workdir == scratch.path)
        #expect(repository.gitDir == scratch.gitDir)
        #expect(repository.commonDir == scratch.gitDir)
        #expect(try repository.headCommit()?.hex == scratch.git("rev-parse", "HEAD"))
    }

    @Test func openDoesNotSearchUpwards() throws {
        let subfolder = scratch.path + "/src"
        try FileManager.default.createDirectory(atPath: subfolder, withIntermediateDirectories: true)

        #expect(throws: GitError.self) { try Repository.open(at: subfolder) }
        #expect(try Repository.open(at: scratch.path).workdir == scratch.path)
    }

    @Test func outsideAnyRepositoryThrowsNotFound() throws {
        let outside = scratch.root + "/home"
        let error = try #require(throws: GitError.self) { try Repository.discover(from: outside) }
        #expect(error.code == .notFound)
    }
}
