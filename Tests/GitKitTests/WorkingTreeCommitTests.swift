// Committing a whole working tree, with git as the witness: nested repositories do not stop the rest.
import Foundation
import GitKit
import Testing
import TestSupport

@Suite(.scratchRepository)
struct WorkingTreeCommitTests {
    let scratch = ScratchRepository.current

    @Test func aNestedRepositoryIsLeftOutAndEverythingElseCommitted() throws {
        try Data("important\n".utf8).write(to: URL(fileURLWithPath: scratch.path + "/important.txt"))
        try scratch.git("init", "-q", "vendor/lib")
        try Data("x\n".utf8).write(to: URL(fileURLWithPath: scratch.path + "/vendor/lib/x"))
        let repository = try Repository.open(at: scratch.path)

        let result = try repository.commitEverything(message: "leftovers")

        #expect(result.leftOut == ["vendor/lib"])
        let commit = try #require(result.commit)
        #expect(try scratch.git("rev-parse", "HEAD") == commit.hex)
        #expect(try scratch.git("show", "HEAD:important.txt") == "important")
        #expect(try scratch.git("ls-tree", "-r", "--name-only", "HEAD").contains("vendor") == false)
        // Nothing else is left: git sees only the nested repository as untracked.
        #expect(try scratch.git("status", "--porcelain") == "?? vendor/")
    }

    @Test func nothingToCommitGivesNoCommit() throws {
        let repository = try Repository.open(at: scratch.path)
        let result = try repository.commitEverything(message: "nothing")
        #expect(result.commit == nil && result.leftOut.isEmpty)
    }
}
