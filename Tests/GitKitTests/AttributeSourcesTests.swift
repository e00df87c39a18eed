// Attributes still count where they exist: a diff's statistics go through libgit2's drivers whenever an
// attributes file may name a file (`git diff --numstat` witnesses them), and the index is replaced only when
// its bytes provably name no `.gitattributes`.
import Foundation
@testable import GitKit
import Testing
import TestSupport

@Suite(.scratchRepository)
struct AttributeSourcesTests {
    let scratch = ScratchRepository.current

    func head() throws -> OID { try #require(OID(hex: try scratch.git("rev-parse", "HEAD"))) }

    /// A text file that gains two lines, a binary-looking one that gains one, in a folder below the attributes.
    func commitChanges() throws -> (OID, OID) {
        try scratch.write("one\ntwo\n", to: "docs/notes.txt")
        try Data([0, 1, 2, 10, 65, 10]).write(to: URL(fileURLWithPath: scratch.path + "/docs/data.bin"))
        try scratch.git("add", "-A")
        try scratch.git("commit", "--quiet", "-m", "before")
        let before = try head()
        try scratch.write("one\ntwo\nthree\nfour\n", to: "docs/notes.txt")
        try Data([0, 1, 2, 10, 65, 10, 66, 10]).write(to: URL(fileURLWithPath: scratch.path + "/docs/data.bin"))
        try scratch.git("add", "docs")
        try scratch.git("commit", "--quiet", "-m", "after")
        return (before, try head())
    }

    /// git's `--numstat` totals (a binary file counts nothing).
    func gitStat(_ from: OID, _ to: OID) throws -> DiffStat {
        let rows = try scratch.git("diff", "--numstat", from.hex, to.hex).split(separator: "\n")
        let numbers = rows.map { $0.split(separator: "\t").prefix(2).map { Int($0) ?? 0 } }
        return DiffStat(files: rows.count, insertions: numbers.reduce(0) { $0 + $1[0] }, deletions: numbers.reduce(0) { $0 + $1[1] })
    }

    enum Source: String, CaseIterable, Sendable {
        case workingTree, indexOnly, infoAttributes, none
    }

    @Test(arguments: Source.allCases)
    func statisticsFollowTheAttributes(_ source: Source) throws {
        let (before, after) = try commitChanges()
        // The text file counted as binary (nothing), the binary one as text (one line).
        let rules = "*.txt -diff\n*.bin diff\n"
        switch source {
        case .workingTree: try scratch.write(rules, to: ".gitattributes")
        case .indexOnly:
            try scratch.write(rules, to: "docs/.gitattributes")
            try scratch.git("add", "docs/.gitattributes")
            try FileManager.default.removeItem(atPath: scratch.path + "/docs/.gitattributes")
        case .infoAttributes: try scratch.write(rules, to: ".git/info/attributes")
        case .none: break
        }
        let repository = try Repository.open(at: scratch.path)
        try repository.replaceIndexWhenItHoldsNoAttributes()
        let diff = try repository.diff(from: before, to: after)
        #expect(try diff.stat() == diff.statThroughDrivers())
        #expect((try diff.statWithDefaultDrivers() == nil) == (source != .none))
        let expected = DiffStat(files: 2, insertions: source == .none ? 2 : 1, deletions: 0)
        #expect(try diff.stat() == expected)
        // `git diff A B` does not load the index, so git ignores attributes found only there; libgit2 reads them
        // (as it did before: the counts come from its drivers then).
        #expect(try gitStat(before, after) == (source == .indexOnly ? DiffStat(files: 2, insertions: 2, deletions: 0) : expected))
    }

    @Test func theIndexIsKeptWhenItMayNameAttributes() throws {
        let repository = try Repository.open(at: scratch.path)
        #expect(!repository.indexFileMayHoldAttributes())
        try scratch.write("*.txt -diff\n", to: "sub/.gitattributes")
        try scratch.git("add", "sub/.gitattributes")
        #expect(repository.indexFileMayHoldAttributes())
        try scratch.git("rm", "--quiet", "--cached", "sub/.gitattributes")
        #expect(!repository.indexFileMayHoldAttributes())
        // Version 4 compresses paths, a split index keeps them in another file: neither can be read for names.
        try scratch.git("update-index", "--index-version", "4")
        #expect(repository.indexFileMayHoldAttributes())
        try scratch.git("update-index", "--index-version", "2")
        #expect(!repository.indexFileMayHoldAttributes())
        try scratch.git("update-index", "--split-index")
        #expect(repository.indexFileMayHoldAttributes())
    }

    /// A merge driver named in the working tree's attributes still applies with the index replaced.
    @Test func mergeAttributesStillApplyWithTheIndexReplaced() throws {
        try scratch.write("base\n", to: "list.txt")
        try scratch.git("add", "list.txt")
        try scratch.git("commit", "--quiet", "-m", "base")
        let base = try head()
        try scratch.write("base\nours\n", to: "list.txt")
        try scratch.git("commit", "--quiet", "-am", "ours")
        let ours = try head()
        try scratch.git("checkout", "--quiet", "-b", "theirs", base.hex)
        try scratch.write("base\ntheirs\n", to: "list.txt")
        try scratch.git("commit", "--quiet", "-am", "theirs")
        let theirs = try head()
        try scratch.write("*.txt merge=union\n", to: ".gitattributes")
        let replaced = try Repository.openWithObjectsInMemory(at: scratch.path)
        try replaced.replaceIndexWhenItHoldsNoAttributes()
        let kept = try Repository.openWithObjectsInMemory(at: scratch.path)
        let merged = try replaced.mergeCommits(ours: ours, theirs: theirs)
        #expect(merged.tree != nil)
        #expect(merged == (try kept.mergeCommits(ours: ours, theirs: theirs)))
    }
}
