// The diff read from the changed folders only gives what libgit2's whole-tree diff gives: the same patch,
// names, paths and statistics; `git diff --shortstat` witnesses the statistics.
import Foundation
@testable import GitKit
import Testing
import TestSupport

@Suite(.scratchRepository)
struct NarrowedDiffTests {
    let scratch = ScratchRepository.current

    /// The merge tests' random histories (fixed seed), each side diffed from its base, and the named cases.
    @Test func diffsMatchTheWholeTreeDiff() throws {
        let repository = try Repository.open(at: scratch.path)
        var random = SplitMix64(seed: 12)
        var pairs: [(NarrowedMergeTests.Files, NarrowedMergeTests.Files)] = NarrowedMergeTests.named.flatMap { _, base, ours, theirs in
            [(base, ours), (base, theirs), (ours, theirs)]
        }
        var ignored = false
        for _ in 0..<150 {
            let base = NarrowedMergeTests.randomTree(&random)
            var changed = base
            for _ in 0..<Int.random(in: 0...5, using: &random) {
                changed = NarrowedMergeTests.mutate(changed, &random, gitMayDiffer: &ignored)
            }
            pairs.append((base, changed))
        }
        for (index, (old, new)) in pairs.enumerated() {
            let from = try NarrowedMergeTests.commit(old, parents: [], in: repository)
            let to = try NarrowedMergeTests.commit(new, parents: [from], in: repository)
            let narrowed = try repository.diff(from: from, to: to), whole = try repository.diff(from: from, to: to, narrowed: false)
            #expect(try narrowed.lines() == whole.lines(), "case \(index)")
            #expect(try narrowed.lines(nameOnly: true) == whole.lines(nameOnly: true), "case \(index)")
            #expect(narrowed.paths == whole.paths, "case \(index)")
            let stat = try narrowed.stat()
            #expect(stat == (try whole.statThroughDrivers()), "case \(index)")
            // No attributes file anywhere here: the statistics are counted from the blobs.
            if try !repository.attributesFilesOutsideTheTreeMayExist() {
                #expect(try narrowed.statWithDefaultDrivers() != nil, "case \(index)")
            }
            // libgit2 counts a file that became a link (or back) as two files, git as one: git witnesses the rest.
            let typeChanged = old.contains { path, spec in new[path].map { ($0.mode == .link) != (spec.mode == .link) } ?? false }
            if !typeChanged {
                #expect(Self.shortstat(stat) == (try scratch.git("diff", "--shortstat", from.hex, to.hex)), "case \(index)")
            }
        }
    }

    @Test func equalTreesGiveAnEmptyDiff() throws {
        let repository = try Repository.open(at: scratch.path)
        let head = try #require(OID(hex: try scratch.git("rev-parse", "HEAD")))
        try scratch.git("commit", "--quiet", "--allow-empty", "-m", "same tree")
        let same = try #require(OID(hex: try scratch.git("rev-parse", "HEAD")))
        let diff = try repository.diff(from: head, to: same)
        #expect(diff.isEmpty)
        #expect(try diff.stat() == DiffStat(files: 0, insertions: 0, deletions: 0))
    }

    /// `git diff --shortstat`'s line.
    static func shortstat(_ stat: DiffStat) -> String {
        guard stat.files > 0 else { return "" }
        var parts = ["\(stat.files) file\(stat.files == 1 ? "" : "s") changed"]
        if stat.insertions > 0 || stat.deletions == 0 { parts.append("\(stat.insertions) insertion\(stat.insertions == 1 ? "" : "s")(+)") }
        if stat.deletions > 0 || stat.insertions == 0 { parts.append("\(stat.deletions) deletion\(stat.deletions == 1 ? "" : "s")(-)") }
        return parts.joined(separator: ", ")
    }
}
