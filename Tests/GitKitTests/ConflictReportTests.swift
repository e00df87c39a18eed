// In-memory merges: conflictReport finds the paths `git merge-tree --write-tree` finds, and hunks whose line
// ranges hold exactly what git's conflict markers show for each side.
import Foundation
import GitKit
import Testing
import TestSupport

@Suite(.scratchRepository)
struct ConflictReportTests {
    let scratch = ScratchRepository.current

    /// Lines `line 1` … `line n`, each unique so that a range names one place.
    static func numbered(_ count: Int) -> [String] { (1...count).map { "line \($0)" } }

    /// A branch `name` made from `start` with `files` written (nil deletes) and `moves` renamed, one commit.
    @discardableResult
    func branch(_ name: String, from start: String = "main", files: [String: String?] = [:],
                moves: [(String, String)] = []) throws -> OID {
        try scratch.git("checkout", "--quiet", "-B", name, start)
        for (from, to) in moves { try scratch.git("mv", from, to) }
        for (path, text) in files {
            let url = URL(fileURLWithPath: scratch.path + "/" + path)
            if let text {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try text.write(to: url, atomically: true, encoding: .utf8)
            } else {
                try FileManager.default.removeItem(at: url)
            }
        }
        try scratch.git("add", "-A")
        try scratch.git("commit", "--quiet", "--allow-empty", "-m", name)
        let id = try #require(OID(hex: try scratch.git("rev-parse", "HEAD")))
        try scratch.git("checkout", "--quiet", "main")
        return id
    }

    /// `git merge-tree --write-tree --name-only`: the result tree and the conflicted paths (nil tree when conflicted).
    func gitMergeTree(_ ours: String, _ theirs: String) throws -> (tree: String, paths: [String], clean: Bool) {
        let run = try scratch.run(["merge-tree", "--write-tree", "--name-only", "--no-messages", ours, theirs])
        let lines = run.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let paths = lines.dropFirst().filter { !$0.isEmpty }
        return (lines[0], Array(Set(paths)).sorted(), run.status == 0)
    }

    /// What git's markers show: for each conflict, its ours lines and its theirs lines.
    static func gitSides(_ marked: String) -> [(ours: [String], theirs: [String])] {
        var result: [(ours: [String], theirs: [String])] = [], ours: [String] = [], theirs: [String] = []
        var part = 0 // 0 outside, 1 ours, 2 ancestor, 3 theirs
        for line in marked.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("<<<<<<< ") { part = 1; ours = []; theirs = [] }
            else if line.hasPrefix("||||||| ") && part == 1 { part = 2 }
            else if line == "=======" && part > 0 { part = 3 }
            else if line.hasPrefix(">>>>>>> ") && part == 3 { part = 0; result.append((ours, theirs)) }
            else if part == 1 { ours.append(line) } else if part == 3 { theirs.append(line) }
        }
        return result
    }

    static func lines(_ text: String, _ range: LineRange) -> [String] {
        Array(text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)[(range.start - 1)..<range.end])
    }

    /// Each hunk's ranges, read from the files, equal the sides git's markers show, in order.
    func expectHunksMatchGit(_ conflict: FileConflict, ours: String, theirs: String, gitTree: String,
                             sourceLocation: SourceLocation = #_sourceLocation) throws {
        let marked = try scratch.git("cat-file", "-p", "\(gitTree):\(conflict.path)")
        let sides = Self.gitSides(marked)
        #expect(sides.count == conflict.hunks.count, "git shows \(sides.count) conflicts:\n\(marked)", sourceLocation: sourceLocation)
        let ourText = try scratch.git("show", "\(ours):\(conflict.ours!.path)")
        let theirText = try scratch.git("show", "\(theirs):\(conflict.theirs!.path)")
        for (hunk, side) in zip(conflict.hunks, sides) {
            #expect(Self.lines(ourText, hunk.ours) == side.ours, "\(hunk)", sourceLocation: sourceLocation)
            #expect(Self.lines(theirText, hunk.theirs) == side.theirs, "\(hunk)", sourceLocation: sourceLocation)
        }
        // With git's labels (the names it was given) the marked text is git's, byte for byte.
        #expect(String(decoding: conflict.marked ?? Data(), as: UTF8.self) == marked + "\n", sourceLocation: sourceLocation)
    }

    @Test func contentConflictHasHunksWhereGitPutsItsMarkers() throws {
        let base = Self.numbered(40)
        try branch("main", files: ["src/api.ts": base.joined(separator: "\n") + "\n"])
        var ours = base, theirs = base
        ours[11...13] = ["ours 12", "ours 13", "ours 14"]
        ours[29] = "ours 30"
        ours.insert(contentsOf: ["ours extra a", "ours extra b"], at: 20) // a clean change of ours between conflicts
        theirs.insert(contentsOf: ["theirs head 1", "theirs head 2", "theirs head 3"], at: 0) // a clean change of theirs
        theirs[14...16] = ["theirs 12", "theirs 13", "theirs 14", "theirs 14b", "theirs 14c"]
        theirs[34] = "theirs 30" // line 30 of base, moved by 3 added lines and 2 more in the conflict
        let ourText = ours.joined(separator: "\n") + "\n", theirText = theirs.joined(separator: "\n") + "\n"
        try branch("ours", files: ["src/api.ts": ourText])
        try branch("theirs", files: ["src/api.ts": theirText])
        let repository = try Repository.open(at: scratch.path)
        let status = try scratch.git("status", "--porcelain")

        let report = try repository.conflictReport(ours: try repository.resolveCommit("ours"),
                                                   theirs: try repository.resolveCommit("theirs"),
                                                   labels: ConflictLabels(ours: "ours", theirs: "theirs"))

        let git = try gitMergeTree("ours", "theirs")
        #expect(!git.clean && report.tree == nil)
        #expect(report.conflicts.map(\.path) == git.paths)
        let conflict = try #require(report.conflicts.first)
        #expect(conflict.kind == .content && conflict.paths == ["src/api.ts"])
        #expect(conflict.hunks == [
            ConflictHunk(ours: LineRange(start: 12, count: 3), theirs: LineRange(start: 15, count: 5)),
            ConflictHunk(ours: LineRange(start: 32, count: 1), theirs: LineRange(start: 35, count: 1)),
        ])
        #expect(report.base == (try repository.resolveCommit("main")))
        try expectHunksMatchGit(conflict, ours: "ours", theirs: "theirs", gitTree: git.tree)
        // Nothing on disk moved: the worktree, index and refs are as they were.
        #expect(try scratch.git("status", "--porcelain") == status)
        #expect(try scratch.git("rev-parse", "HEAD") == (try repository.resolveCommit("main")).hex)
    }

    @Test func cleanMergeGivesGitsTree() throws {
        try branch("main", files: ["a.txt": Self.numbered(20).joined(separator: "\n") + "\n"])
        var ours = Self.numbered(20), theirs = Self.numbered(20)
        ours[2] = "ours 3"
        theirs[17] = "theirs 18"
        try branch("ours", files: ["a.txt": ours.joined(separator: "\n") + "\n", "ours.txt": "new\n"])
        try branch("theirs", files: ["a.txt": theirs.joined(separator: "\n") + "\n"], moves: [("README.md", "READ.md")])
        let repository = try Repository.open(at: scratch.path)

        let report = try repository.conflictReport(ours: try repository.resolveCommit("ours"),
                                                   theirs: try repository.resolveCommit("theirs"))

        let git = try gitMergeTree("ours", "theirs")
        #expect(git.clean && report.isClean)
        #expect(report.tree?.hex == git.tree)
    }

    @Test func addAddAndModifyDeleteAreNamedAsGitNamesThem() throws {
        try branch("main", files: ["gone.txt": "one\ntwo\n", "kept.txt": "one\ntwo\n"])
        try branch("ours", files: ["new.txt": "ours\nshared\n", "gone.txt": "one\ntwo changed\n", "kept.txt": nil])
        try branch("theirs", files: ["new.txt": "theirs\nshared\n", "gone.txt": nil, "kept.txt": "one\ntwo changed\n"])
        let repository = try Repository.open(at: scratch.path)

        let report = try repository.conflictReport(ours: try repository.resolveCommit("ours"),
                                                   theirs: try repository.resolveCommit("theirs"))

        let git = try gitMergeTree("ours", "theirs")
        #expect(report.conflicts.map(\.path) == git.paths)
        let byPath = Dictionary(uniqueKeysWithValues: report.conflicts.map { ($0.path, $0) })
        #expect(byPath["gone.txt"]?.kind == .modifyDelete && byPath["gone.txt"]?.theirs == nil)
        #expect(byPath["kept.txt"]?.kind == .deleteModify && byPath["kept.txt"]?.ours == nil)
        let added = try #require(byPath["new.txt"])
        #expect(added.kind == .addAdd && added.ancestor == nil)
        #expect(added.hunks == [ConflictHunk(ours: LineRange(start: 1, count: 1), theirs: LineRange(start: 1, count: 1))])
        try expectHunksMatchGit(added, ours: "ours", theirs: "theirs", gitTree: git.tree)
    }

    @Test func renamesAreFollowedAndARenameAgainstADeletionConflicts() throws {
        try branch("main", files: ["old.txt": Self.numbered(10).joined(separator: "\n") + "\n",
                                   "doomed.txt": Self.numbered(12).joined(separator: "\n") + "\n"])
        var ours = Self.numbered(10), theirs = Self.numbered(10)
        ours[4] = "ours 5"
        theirs[4] = "theirs 5"
        try branch("ours", files: ["new.txt": ours.joined(separator: "\n") + "\n", "doomed.txt": nil],
                   moves: [("old.txt", "new.txt")])
        try branch("theirs", files: ["old.txt": theirs.joined(separator: "\n") + "\n"],
                   moves: [("doomed.txt", "moved.txt")])
        let repository = try Repository.open(at: scratch.path)

        let report = try repository.conflictReport(ours: try repository.resolveCommit("ours"),
                                                   theirs: try repository.resolveCommit("theirs"))

        let git = try gitMergeTree("ours", "theirs")
        #expect(report.conflicts.map(\.path) == git.paths)
        let renamed = try #require(report.conflicts.first { $0.path == "new.txt" })
        #expect(renamed.kind == .content && renamed.paths == ["old.txt", "new.txt"])
        #expect(renamed.theirs?.path == "old.txt")
        #expect(renamed.hunks == [ConflictHunk(ours: LineRange(start: 5, count: 1), theirs: LineRange(start: 5, count: 1))])
        let moved = try #require(report.conflicts.first { $0.paths.contains("moved.txt") })
        #expect(moved.kind == .rename && moved.ours == nil && moved.theirs?.path == "moved.txt")
    }

    @Test func emptySideIsAnEmptyRangeAfterTheLineBefore() throws {
        try branch("main", files: ["a.txt": Self.numbered(10).joined(separator: "\n") + "\n"])
        var ours = Self.numbered(10), theirs = Self.numbered(10)
        ours.removeSubrange(3...5) // lines 4–6 deleted
        theirs[4] = "theirs 5"
        try branch("ours", files: ["a.txt": ours.joined(separator: "\n") + "\n"])
        try branch("theirs", files: ["a.txt": theirs.joined(separator: "\n") + "\n"])
        let repository = try Repository.open(at: scratch.path)

        let report = try repository.conflictReport(ours: try repository.resolveCommit("ours"),
                                                   theirs: try repository.resolveCommit("theirs"))

        let conflict = try #require(report.conflicts.first)
        #expect(conflict.hunks == [ConflictHunk(ours: LineRange(start: 4, count: 0), theirs: LineRange(start: 4, count: 3))])
        #expect(conflict.hunks[0].ours.end == 3)
        try expectHunksMatchGit(conflict, ours: "ours", theirs: "theirs", gitTree: try gitMergeTree("ours", "theirs").tree)
    }

    @Test func binaryConflictHasNoHunks() throws {
        try branch("main", files: ["logo.bin": "PNG\u{0}base\n"])
        try branch("ours", files: ["logo.bin": "PNG\u{0}ours\n"])
        try branch("theirs", files: ["logo.bin": "PNG\u{0}theirs\n"])
        let repository = try Repository.open(at: scratch.path)

        let report = try repository.conflictReport(ours: try repository.resolveCommit("ours"),
                                                   theirs: try repository.resolveCommit("theirs"))

        #expect(report.conflicts.map(\.path) == (try gitMergeTree("ours", "theirs")).paths)
        #expect(report.conflicts.first?.kind == .binary && report.conflicts.first?.hunks == [])
    }
}

extension ConflictReportTests {
    @Test func repeatedLinesStillGiveGitsSides() throws {
        func function(_ name: String, _ body: String) -> String { "func \(name)() {\n    return \(body)\n}\n" }
        let names = ["a", "b", "c", "d", "e", "f"]
        try branch("main", files: ["code.swift": names.map { function($0, "0") }.joined()])
        let ours = names.map { function($0, ["b", "e"].contains($0) ? "1" : "0") }.joined()
        let theirs = function("new", "9") + names.filter { $0 != "c" }.map { function($0, ["b", "e"].contains($0) ? "2" : "0") }.joined()
        try branch("ours", files: ["code.swift": ours])
        try branch("theirs", files: ["code.swift": theirs])
        let repository = try Repository.open(at: scratch.path)

        let report = try repository.conflictReport(ours: try repository.resolveCommit("ours"),
                                                   theirs: try repository.resolveCommit("theirs"))

        let conflict = try #require(report.conflicts.first)
        #expect(conflict.hunks == [
            ConflictHunk(ours: LineRange(start: 5, count: 4), theirs: LineRange(start: 8, count: 1)),
            ConflictHunk(ours: LineRange(start: 14, count: 1), theirs: LineRange(start: 14, count: 1)),
        ])
        try expectHunksMatchGit(conflict, ours: "ours", theirs: "theirs", gitTree: try gitMergeTree("ours", "theirs").tree)
    }
}
