// Merges computed in memory: nothing on disk changes.
import Clibgit2

public struct MergeResult: Sendable, Equatable {
    /// The merged tree when there was no conflict.
    public let tree: OID?
    /// Paths in conflict.
    public let conflicts: [String]
}

/// A merge as libgit2 leaves it: the result, and each conflicted entry as `git ls-files -u` prints it
/// (`mode id stage<TAB>path`, in index order), so that two ways of merging can be compared exactly.
struct MergeOutcome: Equatable {
    let result: MergeResult
    let stages: [String]
}

extension Repository {
    /// Merges `theirs` into `ours` in memory (`git merge-tree`); fast-forwards are reported as their tree.
    public func mergeCommits(ours: OID, theirs: OID) throws -> MergeResult {
        // The narrowed merge writes three scratch trees per merge: only where they cost no file and leave no
        // loose objects behind, in a handle whose new objects stay in memory.
        try mergeOutcome(ours: ours, theirs: theirs, narrowed: keepsNewObjectsInMemory).result
    }

    /// The merge, from the changed paths only when `narrowed` and it can be (`narrowedMerge`), else whole.
    func mergeOutcome(ours: OID, theirs: OID, narrowed: Bool) throws -> MergeOutcome {
        if narrowed, let outcome = try narrowedMerge(ours: ours, theirs: theirs) { return outcome }
        let index = MergeIndex(try mergedIndex(ours: ours, theirs: theirs))
        if index.hasConflicts { return try index.outcome(tree: nil) }
        var tree = git_oid()
        try check(git_index_write_tree_to(&tree, index.pointer, pointer), "git_index_write_tree_to")
        return try index.outcome(tree: tree)
    }

    /// True when `ancestor` is reachable from `descendant` (or is it).
    public func isAncestor(_ ancestor: OID, of descendant: OID) throws -> Bool {
        if ancestor == descendant { return true }
        var rawAncestor = ancestor.raw, rawDescendant = descendant.raw
        let rc = git_graph_descendant_of(pointer, &rawDescendant, &rawAncestor)
        try check(rc, "git_graph_descendant_of")
        return rc == 1
    }

    static func conflictPaths(_ index: OpaquePointer) throws -> [String] {
        var iterator: OpaquePointer?
        try check(git_index_conflict_iterator_new(&iterator, index), "git_index_conflict_iterator_new")
        defer { git_index_conflict_iterator_free(iterator) }
        var paths: [String] = []
        var ancestor: UnsafePointer<git_index_entry>?, ours: UnsafePointer<git_index_entry>?
        var theirs: UnsafePointer<git_index_entry>?
        while git_index_conflict_next(&ancestor, &ours, &theirs, iterator) == 0 {
            if let entry = ours ?? theirs ?? ancestor { paths.append(String(cString: entry.pointee.path)) }
        }
        return paths
    }
}

/// The index a merge gives, freed with its owner.
final class MergeIndex {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_index_free(pointer) }

    var hasConflicts: Bool { git_index_has_conflicts(pointer) == 1 }

    /// The resolved (stage 0) entries; valid while this index lives.
    var entries: [UnsafePointer<git_index_entry>] {
        (0..<git_index_entrycount(pointer)).compactMap { git_index_get_byindex(pointer, $0) }
            .filter { git_index_entry_is_conflict($0) == 0 }
    }

    func outcome(tree: git_oid?) throws -> MergeOutcome {
        guard tree == nil else { return MergeOutcome(result: MergeResult(tree: tree.map(OID.init), conflicts: []), stages: []) }
        let stages = (0..<git_index_entrycount(pointer)).compactMap { git_index_get_byindex(pointer, $0) }
            .filter { git_index_entry_is_conflict($0) == 1 }
            .map { entry in
                let mode = String(entry.pointee.mode, radix: 8), id = OID(entry.pointee.id).hex
                return "\(mode) \(id) \(git_index_entry_stage(entry))\t" + String(cString: entry.pointee.path)
            }
        let paths = try Repository.conflictPaths(pointer)
        return MergeOutcome(result: MergeResult(tree: nil, conflicts: paths), stages: stages)
    }
}
