// References: compare-and-swap updates and deletes, checked against `git update-ref` / `git rev-parse`.
import Foundation
import GitKit
import Testing
import TestSupport

@Suite(.scratchRepository)
struct ReferenceTests {
    let scratch = ScratchRepository.current
    let name = "refs/agents/sessions/20260403-001"

    /// Two commits to point references at: the initial one and a second made by git.
    func twoCommits() throws -> (OID, OID) {
        let first = try #require(OID(hex: scratch.git("rev-parse", "HEAD")))
        try scratch.git("commit", "--quiet", "--allow-empty", "-m", "second")
        let second = try #require(OID(hex: scratch.git("rev-parse", "HEAD")))
        return (first, second)
    }

    @Test func createsAndMovesWithTheRightExpectedValue() throws {
        let (first, second) = try twoCommits()
        let repository = try Repository.open(at: scratch.path)

        try repository.updateReference(name, to: first, expected: nil, message: "create")
        #expect(try scratch.git("rev-parse", name) == first.hex)
        try repository.updateReference(name, to: second, expected: first, message: "move")
        #expect(try scratch.git("rev-parse", name) == second.hex)
        #expect(try repository.referenceTarget(name) == second)
    }

    @Test func staleExpectedValueThrowsModifiedAndLeavesTheRef() throws {
        let (first, second) = try twoCommits()
        let repository = try Repository.open(at: scratch.path)
        try repository.updateReference(name, to: first, expected: nil, message: "create")
        // Another writer moves the ref behind our back.
        try scratch.git("update-ref", name, second.hex, first.hex)

        let error = try #require(throws: GitError.self) {
            try repository.updateReference(name, to: first, expected: first, message: "lost race")
        }
        #expect(error.code == .modified)
        #expect(try scratch.git("rev-parse", name) == second.hex)
    }

    @Test func expectingAbsenceOfAnExistingRefThrowsExists() throws {
        let (first, second) = try twoCommits()
        try scratch.git("update-ref", name, first.hex)
        let repository = try Repository.open(at: scratch.path)

        let error = try #require(throws: GitError.self) {
            try repository.updateReference(name, to: second, expected: nil, message: "create again")
        }
        #expect(error.code == .exists)
        #expect(try scratch.git("rev-parse", name) == first.hex)
    }

    @Test func gitsOwnCompareAndSwapSeesOurUpdates() throws {
        let (first, second) = try twoCommits()
        let repository = try Repository.open(at: scratch.path)
        try repository.updateReference(name, to: first, expected: nil, message: "create")
        try repository.updateReference(name, to: second, expected: first, message: "move")

        let stale = try scratch.run(["update-ref", name, first.hex, first.hex], in: nil)
        #expect(stale.status != 0)
        #expect(try scratch.git("rev-parse", name) == second.hex)
    }

    @Test func compareAndSwapWorksOnPackedRefs() throws {
        let (first, second) = try twoCommits()
        try scratch.git("update-ref", name, first.hex)
        try scratch.git("pack-refs", "--all", "--prune")
        let repository = try Repository.open(at: scratch.path)

        #expect(throws: GitError.self) {
            try repository.updateReference(name, to: second, expected: second, message: "stale")
        }
        try repository.updateReference(name, to: second, expected: first, message: "move")
        #expect(try scratch.git("rev-parse", name) == second.hex)
    }

    @Test func readingAMissingRefGivesNil() throws {
        let repository = try Repository.open(at: scratch.path)
        #expect(try repository.referenceTarget(name) == nil)
    }

    @Test func deleteChecksTheExpectedValue() throws {
        let (first, second) = try twoCommits()
        try scratch.git("update-ref", name, first.hex)
        let repository = try Repository.open(at: scratch.path)

        let error = try #require(throws: GitError.self) { try repository.deleteReference(name, expected: second) }
        #expect(error.code == .modified)
        #expect(try scratch.git("rev-parse", name) == first.hex)

        try repository.deleteReference(name, expected: first)
        #expect(try scratch.run(["rev-parse", "--verify", "--quiet", name]).status != 0)
    }

    @Test func listsReferencesMatchingAGlob() throws {
        let (first, second) = try twoCommits()
        try scratch.git("update-ref", "refs/agents/sessions/20260403-001", first.hex)
        try scratch.git("update-ref", "refs/agents/sessions/20260403-002", second.hex)
        try scratch.git("update-ref", "refs/agents/archive/20260402-001", first.hex)
        let repository = try Repository.open(at: scratch.path)

        let listed = try repository.references(matching: "refs/agents/sessions/*")

        #expect(Set(listed.map(\.name)) == ["refs/agents/sessions/20260403-001", "refs/agents/sessions/20260403-002"])
        #expect(listed.first { $0.name.hasSuffix("-002") }?.target == second)
    }

    @Test func resolvesRevisionsAndHead() throws {
        let (first, second) = try twoCommits()
        let repository = try Repository.open(at: scratch.path)

        #expect(try repository.headBranch() == "refs/heads/main")
        #expect(try repository.headCommit() == second)
        #expect(try repository.resolveCommit("main~1") == first)
        #expect(throws: GitError.self) { try repository.resolveCommit("no-such-branch") }
    }
}
