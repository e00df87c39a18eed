// Diff statistics between two commits (what `git diff --shortstat A B` prints).
import Clibgit2

public struct DiffStat: Sendable, Equatable {
    public let files: Int
    public let insertions: Int
    public let deletions: Int
}

extension Repository {
    public func diffStat(from old: OID, to new: OID) throws -> DiffStat {
        let oldTree = try lookupTree(ofCommit: old)
        defer { git_tree_free(oldTree) }
        let newTree = try lookupTree(ofCommit: new)
        defer { git_tree_free(newTree) }
        var diff: OpaquePointer?
        try check(git_diff_tree_to_tree(&diff, pointer, oldTree, newTree, nil), "git_diff_tree_to_tree")
        defer { git_diff_free(diff) }
        var stats: OpaquePointer?
        try check(git_diff_get_stats(&stats, diff), "git_diff_get_stats")
        defer { git_diff_stats_free(stats) }
        return DiffStat(files: git_diff_stats_files_changed(stats),
                        insertions: git_diff_stats_insertions(stats),
                        deletions: git_diff_stats_deletions(stats))
    }

    /// The tree of a commit; the caller frees it.
    func lookupTree(ofCommit id: OID) throws -> OpaquePointer {
        var commit: OpaquePointer?
        var raw = id.raw
        try check(git_commit_lookup(&commit, pointer, &raw), "git_commit_lookup")
        defer { git_commit_free(commit) }
        var tree: OpaquePointer?
        try check(git_commit_tree(&tree, commit), "git_commit_tree")
        return tree!
    }
}
