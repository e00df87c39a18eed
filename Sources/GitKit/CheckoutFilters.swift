// Whether a checkout of a tree can skip libgit2's filters: provably nothing would be converted.
import Clibgit2
import Foundation

/// What the tree walk's callback returns to stop at the first `.gitattributes` (a C callback captures nothing).
private let attributesFileFound: Int32 = -7001

extension Repository {
    /// True when no attribute and no setting can make a filter act on a checkout of `tree`, so that the
    /// checkout may set `disable_filters`. libgit2 1.5 otherwise looks up the attributes of every file it
    /// writes (about 12 `readlink`s per file, most of a checkout's time), even when there are none at all.
    ///
    /// Filters only act through attributes (`text`, `eol`, `ident`, `filter=`), or through `core.autocrlf`
    /// on files without them. libgit2 reads attributes from, in its own order (attr.c, attrcache.c):
    /// the system file (`/etc/gitattributes`), `core.attributesFile` or else `$XDG_CONFIG_HOME/git/attributes`
    /// (`~/.config/git/attributes`), `$GIT_COMMON_DIR/info/attributes`, and each folder's `.gitattributes`,
    /// which in a new worktree can only come from the tree being checked out.
    func checkoutFiltersMayApply(tree: OID) throws -> Bool {
        let config = try config()
        if let autocrlf = try config.string("core.autocrlf"), !Self.isFalse(autocrlf) { return true }
        if let eol = try config.string("core.eol"), !["lf", "native"].contains(eol.lowercased()) { return true }
        return try attributesFilesOutsideTheTreeMayExist() || treeHasAttributesFile(tree)
    }

    /// True when one of the attribute files libgit2 reads besides the folders' `.gitattributes` may exist: the
    /// system file, `core.attributesFile` (set at all), the user's file, `$GIT_COMMON_DIR/info/attributes`.
    func attributesFilesOutsideTheTreeMayExist() throws -> Bool {
        if try config().string("core.attributesFile") != nil { return true }
        // Both places the user's attributes may be (libgit2 picks one): a file in either one counts.
        let environment = ProcessInfo.processInfo.environment
        let userFiles = [environment["XDG_CONFIG_HOME"].map { $0 + "/git/attributes" },
                         environment["HOME"].map { $0 + "/.config/git/attributes" }].compactMap { $0 }
        let attributeFiles = ["/etc/gitattributes", commonDir + "/info/attributes"] + userFiles
        // Without following links: a dangling link there is still a file libgit2 would try, so it counts too.
        return attributeFiles.contains(where: { (try? FileManager.default.attributesOfItem(atPath: $0)) != nil })
    }

    /// Any `.gitattributes` at any depth of `tree` (the walk stops at the first one).
    private func treeHasAttributesFile(_ tree: OID) throws -> Bool {
        var treePointer: OpaquePointer?
        var raw = tree.raw
        try check(git_tree_lookup(&treePointer, pointer, &raw), "git_tree_lookup")
        defer { git_tree_free(treePointer) }
        let rc = git_tree_walk(treePointer, GIT_TREEWALK_PRE, { _, entry, _ in
            strcmp(git_tree_entry_name(entry), ".gitattributes") == 0 ? attributesFileFound : 0
        }, nil)
        if rc == attributesFileFound { return true }
        try check(rc, "git_tree_walk")
        return false
    }

    /// git's spelling of false for a boolean setting.
    static func isFalse(_ value: String) -> Bool {
        ["false", "no", "off", "0"].contains(value.lowercased())
    }
}
