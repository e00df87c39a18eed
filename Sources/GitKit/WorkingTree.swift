// Working-tree operations on a worktree's own handle: status, commit-everything, safe checkout.
import Clibgit2
import Foundation

extension Repository {
    /// How many tracked files have uncommitted changes (staged or not); untracked files do not count.
    public func modifiedFileCount() throws -> Int { try uncommittedTrackedPaths().count }

    /// True when no tracked file has changes and no untracked file (one .gitignore does not cover) exists:
    /// removing this worktree would lose nothing that git does not already have.
    public func hasNothingUncommitted() throws -> Bool {
        let list = try statusList(GIT_STATUS_SHOW_INDEX_AND_WORKDIR,
                                  flags: GIT_STATUS_OPT_EXCLUDE_SUBMODULES.rawValue | GIT_STATUS_OPT_INCLUDE_UNTRACKED.rawValue)
        defer { git_status_list_free(list) }
        return git_status_list_entrycount(list) == 0
    }

    /// Stages everything (new, changed and deleted files; .gitignore honoured) and commits it on HEAD's
    /// branch when anything changed. Returns the new commit, or nil when there was nothing to commit.
    public func commitWorkingTree(message: String) throws -> OID? {
        try commitEverything(message: message).commit
    }

    /// What `commitEverything` committed, and the folders it left out: git repositories of their own inside
    /// the worktree (a `git clone` an agent made), which stay in the worktree untouched.
    public struct WorkingTreeCommit: Sendable {
        public let commit: OID?
        public let leftOut: [String]
    }

    /// Like `commitWorkingTree`, but a repository nested in the worktree does not stop the rest from being
    /// committed (libgit2 refuses the whole add over one; git would add it as a gitlink): it is left out
    /// and named.
    public func commitEverything(message: String) throws -> WorkingTreeCommit {
        let staged = try stageEverything()
        let head = try headCommit()
        if let head, try commit(head).tree == staged.tree { return WorkingTreeCommit(commit: nil, leftOut: staged.leftOut) }
        let created = try createCommit(tree: staged.tree, parents: head.map { [$0] } ?? [], message: message)
        let branch = try headBranch() ?? "HEAD"
        try updateReference(branch, to: created, expected: head, message: "git-agents: \(message)")
        return WorkingTreeCommit(commit: created, leftOut: staged.leftOut)
    }

    /// `git add -A` (a path with conflict stages counts as resolved once added) and the tree the index then
    /// holds; repositories nested in the worktree are left out and named, and so are the paths `leaving`
    /// names (files that are no one's work, like `git mergetool`'s `.orig` backups).
    public func stageEverything(leaving: Set<String> = []) throws -> (tree: OID, leftOut: [String]) {
        var index: OpaquePointer?
        try check(git_repository_index(&index, pointer), "git_repository_index")
        defer { git_index_free(index) }
        // The handle caches the index: what `git add` did since it was opened must be built on.
        try check(git_index_read(index, 0), "git_index_read")
        var everything = git_strarray()
        let leftOut = PathList(leaving: leaving)
        // Untracked folders reach the callback as `path/` only when git would not look inside: nested repositories.
        let skipNested: git_index_matched_path_cb = { path, _, payload in
            guard let path, let payload else { return 0 }
            let text = String(cString: path)
            let list = Unmanaged<PathList>.fromOpaque(payload).takeUnretainedValue()
            if list.leaving.contains(text) { return 1 }
            guard text.hasSuffix("/") else { return 0 }
            list.paths.append(String(text.dropLast()))
            return 1
        }
        try withExtendedLifetime(leftOut) {
            try check(git_index_add_all(index, &everything, GIT_INDEX_ADD_DEFAULT.rawValue, skipNested,
                                        Unmanaged.passUnretained(leftOut).toOpaque()), "git_index_add_all")
        }
        try check(git_index_update_all(index, &everything, nil, nil), "git_index_update_all")
        try check(git_index_write(index), "git_index_write")
        var treeID = git_oid()
        try check(git_index_write_tree(&treeID, index), "git_index_write_tree")
        return (OID(treeID), leftOut.paths)
    }

    /// Collects paths from a C callback (passed through its payload pointer).
    private final class PathList {
        var paths: [String] = []
        let leaving: Set<String>

        init(leaving: Set<String> = []) { self.leaving = leaving }
    }

    /// Moves HEAD's branch from `expected` to `commit` and updates the files, refusing (`.conflict`) to touch
    /// any file with uncommitted changes. The worktree should be clean: callers commit leftovers first.
    public func moveBranchAndCheckout(to commit: OID, expected: OID) throws {
        let branch = try headBranch() ?? "HEAD"
        // Someone moved it meanwhile: no file is touched (the compare-and-swap below checks again).
        guard try referenceTarget(branch) == expected else {
            throw GitError(code: .modified, message: "\(branch) is no longer at \(expected.short)", function: "moveBranchAndCheckout")
        }
        // Files and index first, the branch last (git's order): an interruption in between leaves the new
        // work staged on the old commit, shown by git status — never a branch that moved without its files.
        try checkoutTree(of: commit, comparedWith: expected)
        do {
            try updateReference(branch, to: commit, expected: expected, message: "git-agents: move to \(commit.short)")
        } catch {
            try? checkoutTree(of: expected, comparedWith: commit)
            throw error
        }
    }

    /// Writes `commit`'s tree into the index and the files, as far as they equal `baseline`'s: a file with
    /// changes of its own, an untracked or an ignored file in the way makes it refuse (`.conflict`) before
    /// anything is written.
    private func checkoutTree(of commit: OID, comparedWith baseline: OID) throws {
        var object: OpaquePointer?
        var raw = commit.raw
        try check(git_object_lookup(&object, pointer, &raw, GIT_OBJECT_COMMIT), "git_object_lookup")
        defer { git_object_free(object) }
        let baselineTree = try lookupTree(ofCommit: baseline)
        defer { git_tree_free(baselineTree) }
        var options = git_checkout_options()
        try check(git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION)), "git_checkout_options_init")
        options.checkout_strategy = GIT_CHECKOUT_SAFE.rawValue | GIT_CHECKOUT_DONT_OVERWRITE_IGNORED.rawValue
        // Compared with the tree HEAD names, which the index and files are supposed to hold.
        options.baseline = baselineTree
        try check(git_checkout_tree(pointer, object, &options), "git_checkout_tree")
    }

    /// Deletes a local branch if it still points at `expected`.
    public func deleteBranch(_ name: String, expected: OID) throws {
        try deleteReference("refs/heads/" + name, expected: expected)
    }
}
