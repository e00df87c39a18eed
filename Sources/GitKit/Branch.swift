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

    public static func isValidBranchName(_ name: String) -> Bool {
        ensureLibgit2()
        var valid: Int32 = 0
        return git_branch_name_is_valid(&valid, name) == 0 && valid == 1
    }
}
