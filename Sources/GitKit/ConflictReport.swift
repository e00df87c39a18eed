// What merging two commits would give, computed in memory: the merged tree, or every conflicted file with its
// sides and, for content conflicts, its hunks. Nothing on disk changes but new objects in the object store
// (as `git merge-tree --write-tree` does); no ref, index file or worktree is touched.
import Clibgit2
import Foundation

/// One side of a conflicted file as the merge's index holds it (stage 1, 2 or 3).
public struct ConflictSide: Sendable, Equatable {
    public let path: String
    public let blob: OID
    /// The file mode (`0o100644`, `0o100755`, `0o120000` for a symbolic link…).
    public let mode: UInt32
}

/// What kind of conflict a file is in, in git's words (`git status` and `git merge-tree` use them).
public enum ConflictKind: String, Sendable, Equatable, Codable {
    /// Both sides changed the same lines (the hunks say which).
    case content
    /// Both sides added a file at the same path with different contents.
    case addAdd = "add/add"
    /// Ours changed the file, theirs deleted it.
    case modifyDelete = "modify/delete"
    /// Ours deleted the file, theirs changed it.
    case deleteModify = "delete/modify"
    /// One side renamed the file and the other deleted it, or both renamed it differently.
    case rename
    /// Both sides changed the file, but it cannot be merged line by line (binary, symbolic link, submodule).
    case binary
}

/// A run of lines of one side, numbered from 1 like git's hunk headers. An empty run (that side has no lines
/// there) starts just after the line it follows: `start` is that line + 1 and `count` 0.
public struct LineRange: Sendable, Equatable, Hashable {
    public let start: Int
    public let count: Int
    /// The last line; `start - 1` for an empty run.
    public var end: Int { start + count - 1 }

    public init(start: Int, count: Int) {
        self.start = start
        self.count = count
    }
}

/// One conflicted region of a file: where it lies in ours and in theirs.
public struct ConflictHunk: Sendable, Equatable {
    public let ours: LineRange
    public let theirs: LineRange

    public init(ours: LineRange, theirs: LineRange) {
        self.ours = ours
        self.theirs = theirs
    }
}

/// A file the merge could not resolve.
public struct FileConflict: Sendable, Equatable {
    /// The merge base's version; nil when both sides added the file.
    public let ancestor: ConflictSide?
    /// Nil when ours deleted the file (or renamed it away).
    public let ours: ConflictSide?
    /// Nil when theirs deleted the file (or renamed it away).
    public let theirs: ConflictSide?
    public let kind: ConflictKind
    /// Content and add/add conflicts only, in file order.
    public let hunks: [ConflictHunk]
    /// The file as git writes it into a worktree, with conflict markers (content and add/add conflicts only).
    public let marked: Data?

    /// The path the result would have: ours' when ours kept the file, else theirs', else the ancestor's.
    public var path: String { (ours ?? theirs ?? ancestor)!.path }

    /// Every path this conflict involves (more than one after a rename), ancestor's first.
    public var paths: [String] {
        var seen: [String] = []
        for side in [ancestor, ours, theirs] {
            if let side, !seen.contains(side.path) { seen.append(side.path) }
        }
        return seen
    }
}

/// The in-memory merge of `theirs` into `ours`.
public struct ConflictReport: Sendable, Equatable {
    public let ours: OID
    public let theirs: OID
    /// Their merge base; nil when they share no history.
    public let base: OID?
    /// The merged tree; nil when there are conflicts.
    public let tree: OID?
    /// Sorted by path.
    public let conflicts: [FileConflict]

    public var isClean: Bool { conflicts.isEmpty }
}

/// How the marked text shows a conflict: git's `merge.conflictStyle` (`merge`, or `diff3` with the ancestor).
public enum ConflictStyle: Sendable {
    case merge, diff3
}

/// The names after `<<<<<<<`, `|||||||` and `>>>>>>>` in the marked text (git puts branch names there).
public struct ConflictLabels: Sendable {
    public var ours: String
    public var theirs: String
    public var ancestor: String

    public init(ours: String = "ours", theirs: String = "theirs", ancestor: String = "base") {
        self.ours = ours
        self.theirs = theirs
        self.ancestor = ancestor
    }
}

extension Repository {
    /// Merges `theirs` into `ours` with their merge base (`git merge-tree --write-tree ours theirs`, renames
    /// detected as git does) and says what conflicts and where. `ours` is the side the result would be
    /// committed on: the target when an agent is merged into it.
    public func conflictReport(ours: OID, theirs: OID, labels: ConflictLabels = ConflictLabels(),
                               style: ConflictStyle = .merge) throws -> ConflictReport {
        let base = try mergeBase(ours, theirs)
        let index = try mergedIndex(ours: ours, theirs: theirs)
        defer { git_index_free(index) }
        guard git_index_has_conflicts(index) == 1 else {
            var tree = git_oid()
            try check(git_index_write_tree_to(&tree, index, pointer), "git_index_write_tree_to")
            return ConflictReport(ours: ours, theirs: theirs, base: base, tree: OID(tree), conflicts: [])
        }
        let conflicts = try conflictedSides(index).map {
            try fileConflict($0.ancestor, $0.ours, $0.theirs, labels: labels, style: style)
        }
        return ConflictReport(ours: ours, theirs: theirs, base: base, tree: nil,
                              conflicts: conflicts.sorted { $0.path < $1.path })
    }

    private typealias Entry = UnsafePointer<git_index_entry>

    /// The conflicted index's stages grouped per conflict. The iterator groups them by path, which splits a
    /// rename conflict (ancestor and theirs at `old`, ours at `new`): the index's NAME entries, where libgit2
    /// records such renames, put its sides back together first.
    private func conflictedSides(_ index: OpaquePointer) throws -> [(ancestor: Entry?, ours: Entry?, theirs: Entry?)] {
        var groups: [(ancestor: Entry?, ours: Entry?, theirs: Entry?)] = []
        var taken = Set<String>() // "<stage>:<path>"
        for position in 0..<git_index_name_entrycount(index) {
            guard let names = git_index_name_get_byindex(index, position)?.pointee else { continue }
            let sides = [(names.ancestor, Int32(1)), (names.ours, 2), (names.theirs, 3)].map { path, stage in
                path.flatMap { git_index_get_bypath(index, $0, stage) }
            }
            guard sides.contains(where: { $0 != nil }) else { continue }
            for (side, stage) in zip(sides, 1...3) { if let side { taken.insert("\(stage):" + String(cString: side.pointee.path)) } }
            groups.append((sides[0], sides[1], sides[2]))
        }
        var iterator: OpaquePointer?
        try check(git_index_conflict_iterator_new(&iterator, index), "git_index_conflict_iterator_new")
        defer { git_index_conflict_iterator_free(iterator) }
        var ancestor: Entry?, ours: Entry?, theirs: Entry?
        while true {
            let rc = git_index_conflict_next(&ancestor, &ours, &theirs, iterator)
            if rc == GIT_ITEROVER.rawValue { break }
            try check(rc, "git_index_conflict_next")
            let left = zip([ancestor, ours, theirs], 1...3).map { side, stage in
                side.flatMap { taken.contains("\(stage):" + String(cString: $0.pointee.path)) ? nil : $0 }
            }
            if left.contains(where: { $0 != nil }) { groups.append((left[0], left[1], left[2])) }
        }
        return groups
    }

    /// The best common ancestor, or nil when the two histories are unrelated.
    public func mergeBase(_ one: OID, _ two: OID) throws -> OID? {
        var base = git_oid(), rawOne = one.raw, rawTwo = two.raw
        let rc = git_merge_base(&base, pointer, &rawOne, &rawTwo)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try check(rc, "git_merge_base")
        return OID(base)
    }

    /// `git_merge_commits`' index (with rename detection, git's default); the caller frees it.
    func mergedIndex(ours: OID, theirs: OID) throws -> OpaquePointer {
        var ourCommit: OpaquePointer?, theirCommit: OpaquePointer?
        var rawOurs = ours.raw, rawTheirs = theirs.raw
        try check(git_commit_lookup(&ourCommit, pointer, &rawOurs), "git_commit_lookup")
        defer { git_commit_free(ourCommit) }
        try check(git_commit_lookup(&theirCommit, pointer, &rawTheirs), "git_commit_lookup")
        defer { git_commit_free(theirCommit) }
        var options = git_merge_options()
        try check(git_merge_options_init(&options, UInt32(GIT_MERGE_OPTIONS_VERSION)), "git_merge_options_init")
        var index: OpaquePointer?
        try check(git_merge_commits(&index, pointer, ourCommit, theirCommit, &options), "git_merge_commits")
        return index!
    }

    private func fileConflict(_ ancestor: UnsafePointer<git_index_entry>?, _ ours: UnsafePointer<git_index_entry>?,
                              _ theirs: UnsafePointer<git_index_entry>?, labels: ConflictLabels,
                              style: ConflictStyle) throws -> FileConflict {
        let sides = (ancestor.map(Self.side), ours.map(Self.side), theirs.map(Self.side))
        let renamed = Set([sides.0, sides.1, sides.2].compactMap { $0?.path }).count > 1
        guard let ours, let theirs, let ourSide = sides.1, let theirSide = sides.2 else {
            let kind: ConflictKind = renamed ? .rename : sides.1 == nil ? .deleteModify : .modifyDelete
            return FileConflict(ancestor: sides.0, ours: sides.1, theirs: sides.2, kind: kind, hunks: [], marked: nil)
        }
        let kind: ConflictKind = sides.0 == nil ? .addAdd : .content
        guard Self.isRegularFile(ourSide.mode), Self.isRegularFile(theirSide.mode),
              let merged = try mergeFile(ancestor, ours, theirs, labels: labels, style: style) else {
            return FileConflict(ancestor: sides.0, ours: ourSide, theirs: theirSide, kind: .binary, hunks: [], marked: nil)
        }
        let hunks = ConflictHunks.locate(marked: merged, ours: try readBlob(ourSide.blob), theirs: try readBlob(theirSide.blob))
        return FileConflict(ancestor: sides.0, ours: ourSide, theirs: theirSide, kind: kind, hunks: hunks, marked: merged)
    }

    /// The file with git's conflict markers, or nil when libgit2 cannot merge it line by line (binary).
    private func mergeFile(_ ancestor: UnsafePointer<git_index_entry>?, _ ours: UnsafePointer<git_index_entry>,
                           _ theirs: UnsafePointer<git_index_entry>, labels: ConflictLabels,
                           style: ConflictStyle) throws -> Data? {
        var options = git_merge_file_options()
        try check(git_merge_file_options_init(&options, UInt32(GIT_MERGE_FILE_OPTIONS_VERSION)),
                  "git_merge_file_options_init")
        options.flags = UInt32(style == .diff3 ? GIT_MERGE_FILE_STYLE_DIFF3.rawValue : GIT_MERGE_FILE_STYLE_MERGE.rawValue)
        var result = git_merge_file_result()
        try labels.ours.withCString { ourLabel in
            try labels.theirs.withCString { theirLabel in
                try labels.ancestor.withCString { ancestorLabel in
                    options.our_label = ourLabel
                    options.their_label = theirLabel
                    options.ancestor_label = ancestorLabel
                    try check(git_merge_file_from_index(&result, pointer, ancestor, ours, theirs, &options),
                              "git_merge_file_from_index")
                }
            }
        }
        defer { git_merge_file_result_free(&result) }
        guard let bytes = result.ptr else { return nil }
        let data = Data(bytes: bytes, count: result.len)
        // libgit2 gives a binary file's conflict as one side's content without markers.
        return result.automergeable == 0 && !ConflictHunks.hasMarkers(data) ? nil : data
    }

    private static func side(_ entry: UnsafePointer<git_index_entry>) -> ConflictSide {
        ConflictSide(path: String(cString: entry.pointee.path), blob: OID(entry.pointee.id), mode: entry.pointee.mode)
    }

    private static func isRegularFile(_ mode: UInt32) -> Bool { mode & 0o170000 == 0o100000 }
}
