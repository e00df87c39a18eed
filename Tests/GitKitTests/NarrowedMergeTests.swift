// The narrowed merge (changed paths only) gives exactly what libgit2's whole-tree merge gives: the same result
// tree when clean, the same conflicted entries and stages when not; `git merge-tree --write-tree` is the
// independent witness of clean or conflicted and of the paths.
import Foundation
@testable import GitKit
import Testing
import TestSupport

@Suite(.scratchRepository)
struct NarrowedMergeTests {
    let scratch = ScratchRepository.current

    typealias Files = [String: FileSpec]

    struct FileSpec: Equatable {
        var content: Data
        var mode: TreeFile.Mode = .file
    }

    // MARK: named cases

    static func text(_ lines: [String]) -> FileSpec { FileSpec(content: Data((lines.joined(separator: "\n") + "\n").utf8)) }
    static let lines = (1...8).map { "line \($0)" }
    static func edited(_ index: Int, _ by: String) -> FileSpec {
        var copy = lines
        copy[index] = "line \(index + 1) edited by \(by)"
        return text(copy)
    }
    static let plain = text(lines)
    static let binary = FileSpec(content: Data([0, 1, 2, 3, 0, 255] + Array("binary".utf8)))
    static let otherBinary = FileSpec(content: Data([0, 9, 9, 9, 0, 254] + Array("binary".utf8)))
    static let theirBinary = FileSpec(content: Data([0, 7, 7, 7, 0, 253] + Array("binary".utf8)))

    /// Unchanged neighbours in every case, so that unchanged folders and files sit around the changed ones.
    static let neighbours: Files = [
        "keep/one.txt": text(["keep"]), "keep/deep/two.txt": text(["two"]), "z.txt": text(["z"]),
        "a/keep.txt": text(["a keeps"]), "a/c/keep.txt": text(["c keeps"]),
    ]

    static let named: [(String, Files, Files, Files)] = {
        let p = plain
        var cases: [(String, Files, Files, Files)] = [
            ("disjoint edits", ["a/x.txt": p, "b/y.txt": p], ["a/x.txt": edited(0, "ours"), "b/y.txt": p],
             ["a/x.txt": p, "b/y.txt": edited(7, "theirs")]),
            ("same line, different edits", ["a/x.txt": p], ["a/x.txt": edited(3, "ours")], ["a/x.txt": edited(3, "theirs")]),
            ("different lines of one file", ["a/x.txt": p], ["a/x.txt": edited(0, "ours")], ["a/x.txt": edited(7, "theirs")]),
            ("identical edits", ["a/x.txt": p], ["a/x.txt": edited(2, "both")], ["a/x.txt": edited(2, "both")]),
            ("delete vs modify", ["a/x.txt": p], [:], ["a/x.txt": edited(1, "theirs")]),
            ("modify vs delete", ["a/x.txt": p], ["a/x.txt": edited(1, "ours")], [:]),
            ("both delete", ["a/x.txt": p, "b/y.txt": p], ["b/y.txt": p], ["b/y.txt": p]),
            ("a whole folder deleted", ["gone/deep/x.txt": p, "gone/y.txt": p, "b/y.txt": p], ["b/y.txt": p],
             ["gone/deep/x.txt": p, "gone/y.txt": p, "b/y.txt": edited(4, "theirs")]),
            ("rename vs modify", ["a/x.txt": p], ["b/renamed.txt": p], ["a/x.txt": edited(5, "theirs")]),
            ("modify vs rename", ["a/x.txt": p], ["a/x.txt": edited(5, "ours")], ["n/e/w.txt": p]),
            ("rename to two names", ["a/x.txt": p], ["a/ours.txt": p], ["a/theirs.txt": p]),
            ("rename vs delete", ["a/x.txt": p], ["a/moved.txt": p], [:]),
            ("both rename alike", ["a/x.txt": p], ["b/x.txt": p], ["b/x.txt": p]),
            ("file becomes folder", ["a/x": p, "b/y.txt": p], ["a/x/inside.txt": p, "b/y.txt": p],
             ["a/x": p, "b/y.txt": edited(0, "theirs")]),
            ("folder becomes file", ["a/d/one.txt": p, "a/d/two.txt": p, "b/y.txt": p], ["a/d": p, "b/y.txt": p],
             ["a/d/one.txt": p, "a/d/two.txt": p, "b/y.txt": edited(0, "theirs")]),
            ("theirs turn a file into a folder", ["a/x": p, "b/y.txt": p], ["a/x": p, "b/y.txt": edited(0, "ours")],
             ["a/x/inside.txt": p, "b/y.txt": p]),
            ("theirs turn a folder into a file", ["a/d/one.txt": p, "a/d/two.txt": p, "b/y.txt": p],
             ["a/d/one.txt": p, "a/d/two.txt": p, "b/y.txt": edited(0, "ours")], ["a/d": p, "b/y.txt": p]),
            ("folder becomes file vs edit inside", ["a/d/one.txt": p, "a/d/two.txt": p], ["a/d": p],
             ["a/d/one.txt": edited(2, "theirs"), "a/d/two.txt": p]),
            ("file vs folder added on each side", [:], ["new": p], ["new/inside.txt": p]),
            ("mode change vs content change", ["run.sh": p], ["run.sh": FileSpec(content: p.content, mode: .executable)],
             ["run.sh": edited(6, "theirs")]),
            ("mode changes on both sides", ["run.sh": p], ["run.sh": FileSpec(content: p.content, mode: .executable)],
             ["run.sh": FileSpec(content: edited(0, "theirs").content, mode: .executable)]),
            ("symlink retargeted vs edit elsewhere", ["link": FileSpec(content: Data("a/x.txt".utf8), mode: .link), "a/x.txt": p],
             ["link": FileSpec(content: Data("b/y.txt".utf8), mode: .link), "a/x.txt": p],
             ["link": FileSpec(content: Data("a/x.txt".utf8), mode: .link), "a/x.txt": edited(0, "theirs")]),
            ("file becomes symlink vs edit", ["a/x.txt": p], ["a/x.txt": FileSpec(content: Data("target".utf8), mode: .link)],
             ["a/x.txt": edited(0, "theirs")]),
            ("symlinks retargeted differently", ["link": FileSpec(content: Data("one".utf8), mode: .link)],
             ["link": FileSpec(content: Data("two".utf8), mode: .link)], ["link": FileSpec(content: Data("three".utf8), mode: .link)]),
            ("binary changed on one side", ["bin.dat": binary, "b/y.txt": p], ["bin.dat": otherBinary, "b/y.txt": p],
             ["bin.dat": binary, "b/y.txt": edited(3, "theirs")]),
            ("binary changed on both sides", ["bin.dat": binary], ["bin.dat": otherBinary], ["bin.dat": theirBinary]),
            ("binary file's mode changed on both sides, content on one", ["bin.dat": binary],
             ["bin.dat": FileSpec(content: otherBinary.content, mode: .executable)], ["bin.dat": FileSpec(content: binary.content, mode: .executable)]),
            ("added alike", [:], ["n/new.txt": p], ["n/new.txt": p]),
            ("added differently", [:], ["n/new.txt": edited(0, "ours")], ["n/new.txt": edited(0, "theirs")]),
            ("ours unchanged", ["a/x.txt": p], ["a/x.txt": p], ["a/x.txt": edited(0, "theirs"), "b/new.txt": p]),
            ("theirs unchanged", ["a/x.txt": p], ["a/x.txt": edited(0, "ours"), "b/new.txt": p], ["a/x.txt": p]),
            ("nothing changed", ["a/x.txt": p], ["a/x.txt": p], ["a/x.txt": p]),
        ]
        cases = cases.map { name, base, ours, theirs in
            (name, base.merging(neighbours) { $1 }, ours.merging(neighbours) { $1 }, theirs.merging(neighbours) { $1 })
        }
        return cases
    }()

    /// Where libgit2's merge (whole or narrowed alike) differs from git's merge-ort, and how.
    static let gitDiffers = [
        "rename vs delete": "libgit2 lists the deleted old path as conflicted too, git only the new one",
        "binary file's mode changed on both sides, content on one": "libgit2 merges the entry whole (a binary conflict), git mode and content apart (clean)",
    ]

    @Test func namedCasesMatchTheFullMergeAndGit() throws {
        let repository = try Repository.open(at: scratch.path)
        for (name, base, ours, theirs) in Self.named {
            let baseCommit = try Self.commit(base, parents: [], in: repository)
            try expectSameMerge(ours: try Self.commit(ours, parents: [baseCommit], in: repository),
                                theirs: try Self.commit(theirs, parents: [baseCommit], in: repository), name,
                                gitAgrees: Self.gitDiffers[name] == nil)
        }
    }

    @Test func submoduleEntriesMatchTheFullMerge() throws {
        let sub = try scratch.git("rev-parse", "HEAD")
        try scratch.git("update-index", "--add", "--cacheinfo", "160000,\(sub),vendor/sub")
        try scratch.git("commit", "--quiet", "-m", "submodule")
        try scratch.git("checkout", "--quiet", "-b", "theirs")
        try "theirs\n".write(toFile: scratch.path + "/README.md", atomically: true, encoding: .utf8)
        try scratch.git("commit", "--quiet", "-am", "theirs edits")
        try scratch.git("checkout", "--quiet", "-b", "ours", "main")
        try scratch.git("update-index", "--cacheinfo", "160000,\(try scratch.git("rev-parse", "theirs")),vendor/sub")
        try scratch.git("commit", "--quiet", "-m", "ours moves the submodule")
        try expectSameMerge(ours: try oid("ours"), theirs: try oid("theirs"), "submodule moved vs edit")
        // The other way round, the moved submodule is grafted onto ours' tree.
        try expectSameMerge(ours: try oid("theirs"), theirs: try oid("ours"), "edit vs submodule moved")
        try scratch.git("checkout", "--quiet", "-b", "theirs2", "main")
        try scratch.git("rm", "--quiet", "--cached", "vendor/sub")
        try scratch.git("commit", "--quiet", "-m", "theirs removes the submodule")
        try expectSameMerge(ours: try oid("ours"), theirs: try oid("theirs2"), "submodule moved vs removed")
    }

    /// Two merge bases (a criss-cross): libgit2 merges a virtual base first; the narrowed merge steps aside.
    @Test func severalMergeBasesFallBackToTheFullMerge() throws {
        let repository = try Repository.open(at: scratch.path)
        let base = try Self.commit(["a.txt": Self.plain, "b.txt": Self.plain], parents: [], in: repository)
        let one = try Self.commit(["a.txt": Self.edited(0, "one"), "b.txt": Self.plain], parents: [base], in: repository)
        let two = try Self.commit(["a.txt": Self.plain, "b.txt": Self.edited(0, "two")], parents: [base], in: repository)
        let both = [Self.edited(0, "one"), Self.edited(0, "two")]
        let ours = try Self.commit(["a.txt": both[0], "b.txt": both[1]], parents: [one, two], in: repository)
        let theirs = try Self.commit(["a.txt": both[0], "b.txt": both[1], "c.txt": Self.plain], parents: [two, one], in: repository)
        let memory = try Repository.openWithObjectsInMemory(at: scratch.path)
        #expect(try memory.narrowedMerge(ours: ours, theirs: theirs) == nil)
        #expect(try memory.mergeCommits(ours: ours, theirs: theirs) == memory.mergeOutcome(ours: ours, theirs: theirs, narrowed: false).result)
    }

    /// Random histories (fixed seed): edits, deletions, additions, renames, file↔folder changes, modes, links and
    /// binary files on each side, some alike on both.
    @Test func randomizedMergesMatchTheFullMergeAndGit() throws {
        let repository = try Repository.open(at: scratch.path)
        var random = SplitMix64(seed: 11)
        var clean = 0, conflicted = 0, witnessed = 0
        for round in 0..<300 {
            let base = Self.randomTree(&random)
            var ours = base, theirs = base, gitMayDiffer = false
            for _ in 0..<Int.random(in: 0...2, using: &random) {
                let shared = Self.mutate(base, &random, gitMayDiffer: &gitMayDiffer)
                ours = Self.applying(shared, to: ours, from: base)
                theirs = Self.applying(shared, to: theirs, from: base)
            }
            for _ in 0..<Int.random(in: 0...4, using: &random) { ours = Self.mutate(ours, &random, gitMayDiffer: &gitMayDiffer) }
            for _ in 0..<Int.random(in: 0...4, using: &random) { theirs = Self.mutate(theirs, &random, gitMayDiffer: &gitMayDiffer) }
            let baseCommit = try Self.commit(base, parents: [], in: repository)
            // Where libgit2 and merge-ort part ways (see gitDiffers), git cannot witness: it does the rest.
            let outcome = try expectSameMerge(ours: try Self.commit(ours, parents: [baseCommit], in: repository),
                                              theirs: try Self.commit(theirs, parents: [baseCommit], in: repository),
                                              "random case \(round)", gitAgrees: gitMayDiffer ? nil : true)
            if outcome.result.tree == nil { conflicted += 1 } else { clean += 1 }
            if !gitMayDiffer { witnessed += 1 }
        }
        // The generator makes a real mix (196 clean, 104 conflicted, 140 witnessed by git with this seed).
        #expect(clean >= 100 && conflicted >= 50 && witnessed >= 100)
    }

    /// As review merges: agent after agent onto the merge of those before (conflicting ones left out), where
    /// each narrowed merge starts from what the previous one grafted; the known changes are checked too.
    @Test func chainsOfMergesMatchTheFullMerges() throws {
        let repository = try Repository.open(at: scratch.path)
        var random = SplitMix64(seed: 13)
        var clean = 0
        for round in 0..<40 {
            let base = Self.randomTree(&random)
            let baseCommit = try Self.commit(base, parents: [], in: repository)
            var ignored = false
            let heads = try (0..<5).map { _ in
                var files = base
                for _ in 0..<Int.random(in: 1...3, using: &random) { files = Self.mutate(files, &random, gitMayDiffer: &ignored) }
                return try Self.commit(files, parents: [baseCommit], in: repository)
            }
            let memory = try Repository.openWithObjectsInMemory(at: scratch.path)
            var current = baseCommit
            for (step, head) in heads.enumerated() {
                let full = try memory.mergeOutcome(ours: current, theirs: head, narrowed: false)
                let narrowed = try #require(try memory.narrowedMerge(ours: current, theirs: head))
                #expect(narrowed == full, "round \(round) step \(step)")
                guard let tree = full.result.tree else { continue }
                clean += 1
                current = try memory.createCommit(tree: tree, parents: [current, head], message: "step")
                let trees = try [baseCommit, current].map { try TreeObject(owning: memory.lookupTree(ofCommit: $0)) }
                let known = try #require(memory.lastGraft?.changes(from: trees[0].id, to: trees[1].id))
                #expect(Self.describe(known) == Self.describe(try memory.changedFiles(from: trees[0], to: trees[1])),
                        "round \(round) step \(step)")
            }
        }
        #expect(clean >= 60)
    }

    static func describe(_ changes: [String: PathChange]) -> [String] {
        func entry(_ entry: PathEntry?) -> String { entry.map { "\(String($0.mode, radix: 8)) \(OID($0.id).hex)" } ?? "-" }
        return changes.map { "\($0.key): \(entry($0.value.old)) → \(entry($0.value.new))" }.sorted()
    }

    // MARK: checking

    /// Both ways through libgit2 agree exactly. Where `git` merges alike (`gitAgrees`), it agrees on clean or
    /// conflicted, on the tree when clean and on the conflicted paths when not; where it does not, it really
    /// differs (so that `gitDiffers` stays true).
    @discardableResult
    func expectSameMerge(ours: OID, theirs: OID, _ name: String, gitAgrees: Bool? = true,
                         sourceLocation: SourceLocation = #_sourceLocation) throws -> MergeOutcome {
        let memory = try Repository.openWithObjectsInMemory(at: scratch.path)
        let full = try memory.mergeOutcome(ours: ours, theirs: theirs, narrowed: false)
        let narrowed = try #require(try memory.narrowedMerge(ours: ours, theirs: theirs), "\(name): not narrowed",
                                    sourceLocation: sourceLocation)
        #expect(narrowed == full, "\(name)", sourceLocation: sourceLocation)
        #expect(try memory.mergeCommits(ours: ours, theirs: theirs) == full.result, "\(name)", sourceLocation: sourceLocation)
        if let gitAgrees {
            let git = try gitMergeTree(ours, theirs)
            #expect((git == Self.verdict(full)) == gitAgrees, "\(name): git gives \(git)", sourceLocation: sourceLocation)
        }
        return full
    }

    /// `git merge-tree --write-tree`: the tree when clean, else the conflicted paths (git names the file side of
    /// a file/folder or file/link conflict `path~<id>`: the same path).
    func gitMergeTree(_ ours: OID, _ theirs: OID) throws -> String {
        let git = try scratch.run(["merge-tree", "--write-tree", "--name-only", "--no-messages", ours.hex, theirs.hex])
        let lines = git.output.split(separator: "\n").map(String.init)
        guard git.status == 1 else { return git.status == 0 ? "clean " + (lines.first ?? "") : "failed: \(git.error)" }
        return "conflicts " + Set(lines.dropFirst().map { $0.replacing(/~[0-9a-f]{40}$/, with: "") }).sorted().joined(separator: " ")
    }

    static func verdict(_ outcome: MergeOutcome) -> String {
        if let tree = outcome.result.tree { return "clean " + tree.hex }
        return "conflicts " + Set(outcome.stages.map { String($0.split(separator: "\t", maxSplits: 1)[1]) }).sorted().joined(separator: " ")
    }

    static func commit(_ files: Files, parents: [OID], in repository: Repository) throws -> OID {
        var tree: [String: TreeFile] = [:]
        for (path, spec) in files { tree[path] = TreeFile(blob: try repository.writeBlob(spec.content), mode: spec.mode) }
        return try repository.createCommit(tree: try repository.writeTree(tree), parents: parents, message: "case")
    }

    func oid(_ revision: String) throws -> OID { try #require(OID(hex: try scratch.git("rev-parse", revision))) }

    // MARK: random histories

    static let folders = ["", "a/", "b/", "a/c/", "a/c/d/", "e/f/"]
    static let names = ["f0", "f1", "f2", "c", "d", "x.txt", "f"]

    static func randomPath(_ random: inout SplitMix64) -> String {
        folders.randomElement(using: &random)! + names.randomElement(using: &random)!
    }

    static func randomContent(_ random: inout SplitMix64) -> FileSpec {
        if Int.random(in: 0..<10, using: &random) == 0 {
            return FileSpec(content: Data([0] + (0..<16).map { _ in UInt8.random(in: 0...255, using: &random) }))
        }
        return text((1...8).map { "line \($0) of \(Int.random(in: 0..<1000, using: &random))" })
    }

    static func randomTree(_ random: inout SplitMix64) -> Files {
        var files: Files = [:]
        for _ in 0..<Int.random(in: 4...14, using: &random) {
            files = adding(randomPath(&random), randomContent(&random), to: files)
        }
        return files
    }

    /// `files` with `spec` at `path`, after removing what would clash with it (the file↔folder changes).
    static func adding(_ path: String, _ spec: FileSpec, to files: Files) -> Files {
        var result = files.filter { other, _ in other != path && !path.hasPrefix(other + "/") && !other.hasPrefix(path + "/") }
        result[path] = spec
        return result
    }

    static func mutate(_ files: Files, _ random: inout SplitMix64, gitMayDiffer: inout Bool) -> Files {
        guard let path = files.keys.sorted().randomElement(using: &random) else {
            return adding(randomPath(&random), randomContent(&random), to: files)
        }
        var result = files, spec = files[path]!
        switch Int.random(in: 0..<7, using: &random) {
        case 0, 1: // edit one line (or all of a binary file)
            var lines = String(decoding: spec.content, as: UTF8.self).split(separator: "\n").map(String.init)
            if spec.content.contains(0) || lines.isEmpty {
                spec.content = randomContent(&random).content
            } else {
                let line = Int.random(in: 0..<lines.count, using: &random)
                lines[line] += " edited \(Int.random(in: 0..<1000, using: &random))"
                spec.content = Data((lines.joined(separator: "\n") + "\n").utf8)
            }
            result[path] = spec
        case 2:
            result[path] = nil
        case 3:
            result = adding(randomPath(&random), randomContent(&random), to: result)
        case 4: // rename, keeping the content (so that rename detection pairs it)
            gitMayDiffer = true
            result[path] = nil
            result = adding(randomPath(&random), spec, to: result)
        case 5:
            gitMayDiffer = gitMayDiffer || spec.content.contains(0)
            spec.mode = spec.mode == .executable ? .file : .executable
            result[path] = spec
        default:
            result[path] = FileSpec(content: Data(randomPath(&random).utf8), mode: .link)
        }
        return result
    }

    /// What `mutated` changed from `base`, done to `files` too.
    static func applying(_ mutated: Files, to files: Files, from base: Files) -> Files {
        var result = files
        for (path, _) in base where mutated[path] == nil { result[path] = nil }
        for (path, spec) in mutated where base[path] != spec { result = adding(path, spec, to: result) }
        return result
    }
}
