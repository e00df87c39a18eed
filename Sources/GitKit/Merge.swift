// Merges computed in memory: nothing on disk changes.
import Clibgit2

public struct MergeResult: Sendable, Equatable {
    /// The merged tree when there was no conflict.
    public let tree: OID?
    /// Paths in conflict.
    public let conflicts: [String]
}

extension Repository {
    /// Merges `theirs` into `ours` in memory (`git merge-tree`); fast-forwards are reported as their tree.
    public func mergeCommits(ours: OID, theirs: OID) throws -> MergeResult {
        let index = try mergedIndex(ours: ours, theirs: theirs)
        defer { git_index_free(index) }
        if git_index_has_conflicts(index) == 1 {
            return MergeResult(tree: nil, conflicts: try conflictPaths(index))
        }
        var tree = git_oid()
        try check(git_index_write_tree_to(&tree, index, pointer), "git_index_write_tree_to")
        return MergeResult(tree: OID(tree), conflicts: [])
    }

    /// True when `ancestor` is reachable from `descendant` (or is it).
    public func isAncestor(_ ancestor: OID, of descendant: OID) throws -> Bool {
        if ancestor == descendant { return true }
        var rawAncestor = ancestor.raw, rawDescendant = descendant.raw
        let rc = git_graph_descendant_of(pointer, &rawDescendant, &rawAncestor)
        try check(rc, "git_graph_descendant_of")
        return rc == 1
    }

    private func conflictPaths(_ index: OpaquePointer) throws -> [String] {
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
