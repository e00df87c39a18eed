// Local branches.
import Clibgit2

extension Repository {
    /// Creates `refs/heads/<name>` at `commit`; refuses when it exists.
    public func createBranch(_ name: String, at commit: OID) throws {
        var target: OpaquePointer?
        var raw = commit.raw
        try check(git_commit_lookup(&target, pointer, &raw), "git_commit_lookup")
        defer { git_commit_free(target) }
        var branch: OpaquePointer?
        try check(git_branch_create(&branch, pointer, name, target, 0), "git_branch_create")
        git_reference_free(branch)
    }

    /// True when the local branch `name` is the HEAD of any worktree, the main one included: deleting it
    /// would leave that worktree on a branch that does not exist (git refuses to, too).
    public func isCheckedOut(branch name: String) throws -> Bool {
        var ref: OpaquePointer?
        let found = git_reference_lookup(&ref, pointer, "refs/heads/" + name)
        if found == GIT_ENOTFOUND.rawValue { return false }
        try check(found, "git_reference_lookup")
        defer { git_reference_free(ref) }
        let rc = git_branch_is_checked_out(ref)
        try check(rc, "git_branch_is_checked_out")
        return rc == 1
    }

    public static func isValidBranchName(_ name: String) -> Bool {
        ensureLibgit2()
        var valid: Int32 = 0
        return git_branch_name_is_valid(&valid, name) == 0 && valid == 1
    }
}
