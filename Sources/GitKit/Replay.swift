// Replaying commits onto another commit in memory (`git rebase` without a worktree): each commit's change is
// cherry-picked onto the result so far, keeping its author and message. Nothing on disk changes.
import Clibgit2
import Foundation

public enum ReplayResult: Sendable, Equatable {
    /// The last replayed commit (the new tip).
    case replayed(OID)
    /// The commit whose change does not apply, and the paths in conflict.
    case conflict(commit: OID, paths: [String])
}

extension Repository {
    /// The commits of `tip` that `base` does not hold, oldest first (`git rev-list --reverse base..tip`).
    public func commits(from base: OID, to tip: OID) throws -> [OID] {
        var walk: OpaquePointer?
        try check(git_revwalk_new(&walk, pointer), "git_revwalk_new")
        defer { git_revwalk_free(walk) }
        try check(git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_REVERSE.rawValue), "git_revwalk_sorting")
        var rawTip = tip.raw, rawBase = base.raw
        try check(git_revwalk_push(walk, &rawTip), "git_revwalk_push")
        try check(git_revwalk_hide(walk, &rawBase), "git_revwalk_hide")
        var result: [OID] = []
        var oid = git_oid()
        while true {
            let rc = git_revwalk_next(&oid, walk)
            if rc == GIT_ITEROVER.rawValue { break }
            try check(rc, "git_revwalk_next")
            result.append(OID(oid))
        }
        return result
    }

    /// Replays `commits` (oldest first, none of them a merge) onto `onto`.
    public func replay(_ commits: [OID], onto: OID) throws -> ReplayResult {
        var current = onto
        for id in commits {
            var picked: OpaquePointer?, ours: OpaquePointer?
            var rawPicked = id.raw, rawOurs = current.raw
            try check(git_commit_lookup(&picked, pointer, &rawPicked), "git_commit_lookup")
            defer { git_commit_free(picked) }
            try check(git_commit_lookup(&ours, pointer, &rawOurs), "git_commit_lookup")
            defer { git_commit_free(ours) }
            var options = git_merge_options()
            try check(git_merge_options_init(&options, UInt32(GIT_MERGE_OPTIONS_VERSION)), "git_merge_options_init")
            var index: OpaquePointer?
            try check(git_cherrypick_commit(&index, pointer, picked, ours, 0, &options), "git_cherrypick_commit")
            defer { git_index_free(index) }
            if git_index_has_conflicts(index) == 1 {
                return .conflict(commit: id, paths: try Self.conflictPaths(index!))
            }
            var tree = git_oid()
            try check(git_index_write_tree_to(&tree, index, pointer), "git_index_write_tree_to")
            current = try createCommit(tree: OID(tree), parent: ours!, keepingAuthorOf: picked!)
        }
        return .replayed(current)
    }

    /// A commit of `tree` on `parent` with the author and message of `original` (the committer is us).
    private func createCommit(tree: OID, parent: OpaquePointer, keepingAuthorOf original: OpaquePointer) throws -> OID {
        var treePointer: OpaquePointer?
        var rawTree = tree.raw
        try check(git_tree_lookup(&treePointer, pointer, &rawTree), "git_tree_lookup")
        defer { git_tree_free(treePointer) }
        let committer = try signature()
        defer { git_signature_free(committer) }
        var parents: [OpaquePointer?] = [parent]
        var oid = git_oid()
        try parents.withUnsafeMutableBufferPointer { buffer in
            try check(git_commit_create(&oid, pointer, nil, git_commit_author(original), committer, nil,
                                        git_commit_message(original), treePointer, 1, buffer.baseAddress),
                      "git_commit_create")
        }
        return OID(oid)
    }
}
