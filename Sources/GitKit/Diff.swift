// Diff statistics between two commits (what `git diff --shortstat A B` prints).
import Clibgit2

public struct DiffStat: Sendable, Equatable {
    public let files: Int
    public let insertions: Int
    public let deletions: Int
}

extension Repository {
    /// What `git diff --shortstat old new` counts (a renamed file is one file, as git counts it).
    public func diffStat(from old: OID, to new: OID) throws -> DiffStat {
        try diff(from: old, to: new).stat()
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
