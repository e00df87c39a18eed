// Linked worktrees: add, list, validate, prune — readable by `git worktree` afterwards.
import Clibgit2
import Foundation

public struct WorktreeInfo: Sendable, Equatable {
    /// The administrative name (`.git/worktrees/<name>`).
    public let name: String
    public let path: String
    /// False when the folder or its `.git` link is gone (what `git worktree prune` would remove).
    public let isValid: Bool
    public let isLocked: Bool
}

extension Repository {
    /// Creates `path` as a linked worktree with `branch` (a full `refs/heads/…` name, which must exist) checked out.
    /// `checkoutThreads` above 1 spreads the checkout of a large tree over that many threads where a split cannot
    /// change the result (`SplitCheckout.swift`); the worktree comes out the same either way. Returns how many
    /// threads wrote it. On failure nothing of the new worktree is left: no folder, no registration.
    @discardableResult
    public func addWorktree(name: String, path: String, branch: String, checkoutThreads: Int = 1) throws -> Int {
        var ref: OpaquePointer?
        try check(git_reference_lookup(&ref, pointer, branch), "git_reference_lookup")
        defer { git_reference_free(ref) }
        var options = git_worktree_add_options()
        try check(git_worktree_add_options_init(&options, UInt32(GIT_WORKTREE_ADD_OPTIONS_VERSION)),
                  "git_worktree_add_options_init")
        options.ref = ref
        var target = git_oid()
        try check(git_reference_name_to_id(&target, pointer, branch), "git_reference_name_to_id")
        let tree = try commit(OID(target)).tree
        let filtersMayApply = try checkoutFiltersMayApply(tree: tree)
        // git_worktree_add always checks out; here it only plans a checkout of one path no tree can hold, writing
        // nothing, and checkOutNewWorktree does the real one once the worktree is made: a checkout that fails
        // then is known to have written into a folder this very call created.
        options.checkout_options.checkout_strategy = GIT_CHECKOUT_DRY_RUN.rawValue
            | GIT_CHECKOUT_DONT_UPDATE_INDEX.rawValue | GIT_CHECKOUT_DISABLE_PATHSPEC_MATCH.rawValue
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        // libgit2 creates `worktrees/` itself and fails when a parallel add created it a moment earlier.
        try FileManager.default.createDirectory(atPath: worktreesFolder, withIntermediateDirectories: true)
        var worktree: OpaquePointer?
        var nowhere = strdup(".git")
        defer { free(nowhere) }
        let rc = withUnsafeMutablePointer(to: &nowhere) { nowherePath in
            options.checkout_options.paths = git_strarray(strings: nowherePath, count: 1)
            return git_worktree_add(&worktree, pointer, name, path, &options)
        }
        if rc < 0 {
            let error = Result { try check(rc, "git_worktree_add") }
            // libgit2 leaves an empty admin folder behind that breaks later lookups: remove it. Nothing else:
            // the add may have failed on a worktree of the same name or folder that is someone else's.
            let admin = URL(fileURLWithPath: worktreesFolder).appendingPathComponent(name)
            if (try? FileManager.default.contentsOfDirectory(atPath: admin.path).isEmpty) ?? false {
                try? FileManager.default.removeItem(at: admin)
            }
            _ = try error.get()
        }
        git_worktree_free(worktree)
        do {
            return try checkOutNewWorktree(at: path, tree: tree, filtersMayApply: filtersMayApply,
                                           threads: checkoutThreads)
        } catch {
            // git_worktree_add made the admin folder and the worktree folder exclusively (an existing one fails
            // it), so both are this call's, holding only the commit's files: a half-written worktree left
            // registered would read as the deletion of every file not yet written.
            try? pruneWorktree(name: name, deleteFolder: true)
            throw error
        }
    }

    /// Where linked worktrees' administrative folders live (`$GIT_COMMON_DIR/worktrees`).
    public var worktreesFolder: String { commonDir + "/worktrees" }

    public func worktrees() throws -> [WorktreeInfo] {
        var names = git_strarray()
        try check(git_worktree_list(&names, pointer), "git_worktree_list")
        defer { git_strarray_dispose(&names) }
        return (0..<names.count).compactMap { index in
            let name = String(cString: names.strings[index]!)
            var worktree: OpaquePointer?
            guard git_worktree_lookup(&worktree, pointer, name) == 0 else { return nil }
            defer { git_worktree_free(worktree) }
            var reason = git_buf()
            defer { git_buf_dispose(&reason) }
            return WorktreeInfo(name: name,
                                path: String(cString: git_worktree_path(worktree)),
                                isValid: git_worktree_validate(worktree) == 0,
                                isLocked: git_worktree_is_locked(&reason, worktree) > 0)
        }
    }

    /// Removes a worktree's administrative data, and its folder too when `deleteFolder`.
    public func pruneWorktree(name: String, deleteFolder: Bool) throws {
        var worktree: OpaquePointer?
        try check(git_worktree_lookup(&worktree, pointer, name), "git_worktree_lookup")
        defer { git_worktree_free(worktree) }
        var options = git_worktree_prune_options()
        try check(git_worktree_prune_options_init(&options, UInt32(GIT_WORKTREE_PRUNE_OPTIONS_VERSION)),
                  "git_worktree_prune_options_init")
        var flags = GIT_WORKTREE_PRUNE_VALID.rawValue
        if deleteFolder { flags |= GIT_WORKTREE_PRUNE_WORKING_TREE.rawValue }
        options.flags = flags
        try check(git_worktree_prune(worktree, &options), "git_worktree_prune")
    }
}
