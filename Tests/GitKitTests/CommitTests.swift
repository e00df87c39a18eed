// Commits: createCommit writes an object without moving refs; history walks it newest first like `git log`.
import Foundation
import GitKit
import Testing
import TestSupport

@Suite(.scratchRepository)
struct CommitTests {
    let scratch = ScratchRepository.current

    func tree(_ repository: Repository, _ text: String) throws -> OID {
        try repository.writeTree(["session.json": TreeFile(blob: try repository.writeBlob(Data(text.utf8)))])
    }

    @Test func createCommitWritesTheObjectOnly() throws {
        let repository = try Repository.open(at: scratch.path)
        let head = try scratch.git("rev-parse", "HEAD")
        let tree = try tree(repository, "one")

        let commit = try repository.createCommit(tree: tree, parents: [], message: "session created")

        #expect(try scratch.git("cat-file", "-t", commit.hex) == "commit")
        #expect(try scratch.git("rev-parse", "HEAD") == head)
        #expect(try scratch.git("show", "-s", "--format=%T%n%P%n%an <%ae>%n%B", commit.hex) ==
                "\(tree.hex)\n\nScratch Tester <scratch@example.com>\nsession created")
        let info = try repository.commit(commit)
        #expect(info.id == commit)
        #expect(info.tree == tree)
        #expect(info.parents.isEmpty)
        #expect(info.message == "session created")
        #expect(info.authorName == "Scratch Tester")
        #expect(info.authorEmail == "scratch@example.com")
        #expect(info.time.timeIntervalSince1970 == Double(try scratch.git("show", "-s", "--format=%at", commit.hex)))
    }

    @Test func historyIsNewestFirstLikeGitLog() throws {
        let repository = try Repository.open(at: scratch.path)
        var tip = try repository.createCommit(tree: try tree(repository, "0"), parents: [], message: "step 0")
        for step in 1...5 {
            tip = try repository.createCommit(tree: try tree(repository, "\(step)"), parents: [tip], message: "step \(step)")
        }
        try scratch.git("update-ref", "refs/agents/sessions/test", tip.hex)

        let history = try repository.history(from: tip)

        #expect(history.map(\.message) == (0...5).reversed().map { "step \($0)" })
        #expect(history.map(\.id.hex) ==
                (try scratch.git("rev-list", "refs/agents/sessions/test")).split(separator: "\n").map(String.init))
        #expect(history.dropLast().map { $0.parents } == history.dropFirst().map { [$0.id] })
        #expect(try repository.history(from: tip, limit: 2).map(\.message) == ["step 5", "step 4"])
    }

    @Test func mergeCommitKeepsBothParents() throws {
        let repository = try Repository.open(at: scratch.path)
        let base = try repository.createCommit(tree: try tree(repository, "base"), parents: [], message: "base")
        let left = try repository.createCommit(tree: try tree(repository, "left"), parents: [base], message: "left")
        let right = try repository.createCommit(tree: try tree(repository, "right"), parents: [base], message: "right")

        let merge = try repository.createCommit(tree: try tree(repository, "merged"), parents: [left, right], message: "merge")

        #expect(try repository.commit(merge).parents == [left, right])
        #expect(try scratch.git("show", "-s", "--format=%P", merge.hex) == "\(left.hex) \(right.hex)")
        #expect(try repository.history(from: merge).count == 4)
    }

    @Test func aMissingParentThrows() throws {
        let repository = try Repository.open(at: scratch.path)
        let missing = try #require(OID(hex: String(repeating: "2", count: 40)))
        let error = try #require(throws: GitError.self) {
            try repository.createCommit(tree: try tree(repository, "x"), parents: [missing], message: "orphan")
        }
        #expect(error.code == .notFound)
        #expect(error.function == "git_commit_lookup")
    }
}
