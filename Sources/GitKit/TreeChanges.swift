// The paths at which two trees differ, found without reading the subtrees they share (issue #11).
import Clibgit2

/// What a tree holds at one file path (a blob, a link or a submodule): its object and mode.
struct PathEntry {
    let id: git_oid
    let mode: UInt32

    init(_ entry: OpaquePointer) {
        id = git_tree_entry_id(entry).pointee
        mode = git_tree_entry_filemode_raw(entry).rawValue
    }

    init(_ entry: UnsafePointer<git_index_entry>) {
        id = entry.pointee.id
        mode = entry.pointee.mode
    }

    func isSame(as other: PathEntry) -> Bool {
        var mine = id, theirs = other.id
        return mode == other.mode && git_oid_equal(&mine, &theirs) == 1
    }
}

/// One file path's entry before and after (nil: no file there); the two always differ.
struct PathChange {
    let old: PathEntry?
    let new: PathEntry?
}

/// A tree object, freed with its owner.
final class TreeObject {
    let pointer: OpaquePointer

    init(_ id: git_oid, in repository: Repository) throws {
        var tree: OpaquePointer?
        var raw = id
        try check(git_tree_lookup(&tree, repository.pointer, &raw), "git_tree_lookup")
        pointer = tree!
    }
    init(owning pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_tree_free(pointer) }

    var id: git_oid { git_tree_id(pointer).pointee }
}

/// A name in a tree that is not UTF-8: Swift strings cannot carry it back to libgit2 unchanged.
struct UndecodablePath: Error {}

extension Repository {
    /// Every file path whose entry differs from `old` to `new` (nil: the empty tree), with both entries.
    /// Folders whose tree ids are equal are skipped whole; libgit2's tree diff walks every entry of both trees.
    /// A file that becomes a folder (or back) is its own change, and so is each file inside the folder.
    func changedFiles(from old: TreeObject?, to new: TreeObject?) throws -> [String: PathChange] {
        var changes: [String: PathChange] = [:]
        try compare(old, new, prefix: "", into: &changes)
        return changes
    }

    private func compare(_ old: TreeObject?, _ new: TreeObject?, prefix: String,
                         into changes: inout [String: PathChange]) throws {
        if let old {
            for index in 0..<git_tree_entrycount(old.pointer) {
                let entry = git_tree_entry_byindex(old.pointer, index)!
                let other = new.flatMap { git_tree_entry_byname($0.pointer, git_tree_entry_name(entry)) }
                // Most entries of a large folder are equal: their paths are not even spelled out.
                if let other, PathEntry(entry).isSame(as: PathEntry(other)) { continue }
                try compare(entry, other, path: prefix + (try Self.name(entry)), into: &changes)
            }
        }
        if let new {
            for index in 0..<git_tree_entrycount(new.pointer) {
                let entry = git_tree_entry_byindex(new.pointer, index)!
                // Entries both trees hold were compared above.
                if let old, git_tree_entry_byname(old.pointer, git_tree_entry_name(entry)) != nil { continue }
                try compare(nil, entry, path: prefix + (try Self.name(entry)), into: &changes)
            }
        }
    }

    /// `old` and `new` differ (or one is missing).
    private func compare(_ old: OpaquePointer?, _ new: OpaquePointer?, path: String,
                         into changes: inout [String: PathChange]) throws {
        let oldTree = try old.flatMap(subtree), newTree = try new.flatMap(subtree)
        if oldTree != nil || newTree != nil { try compare(oldTree, newTree, prefix: path + "/", into: &changes) }
        let oldFile = old.flatMap { Self.isTree($0) ? nil : PathEntry($0) }
        let newFile = new.flatMap { Self.isTree($0) ? nil : PathEntry($0) }
        if oldFile != nil || newFile != nil { changes[path] = PathChange(old: oldFile, new: newFile) }
    }

    private func subtree(_ entry: OpaquePointer) throws -> TreeObject? {
        Self.isTree(entry) ? try TreeObject(git_tree_entry_id(entry).pointee, in: self) : nil
    }

    private static func isTree(_ entry: OpaquePointer) -> Bool { git_tree_entry_type(entry) == GIT_OBJECT_TREE }

    private static func name(_ entry: OpaquePointer) throws -> String {
        guard let name = String(validatingCString: git_tree_entry_name(entry)) else { throw UndecodablePath() }
        return name
    }
}
