// Process-wide libgit2 setup: initialised once, before the first call into the library.
import Clibgit2

/// Runs `git_libgit2_init` exactly once per process (a global `let` is initialised lazily and atomically).
private let libgit2Ready: Void = {
    git_libgit2_init()
    // Sparse checkouts and some clones leave `extensions.worktreeConfig` set; git handles it and so must we.
    _ = git_agents_allow_extension("worktreeconfig")
    // Writing a merged tree would otherwise look up every blob it names (thousands of file lookups for a
    // review of a few agents); every object we name was just read from or written to the repository, so a
    // tree or commit naming a missing object cannot come from us (git writes trees the same way).
    _ = git_agents_strict_object_creation(0)
    // A folder of a thousand files is a 35 KB tree, which libgit2 would parse again at every lookup: merges and
    // diffs of several agents look up the same large folders over and over (issue #11).
    _ = git_agents_cache_object_limit(GIT_OBJECT_TREE, 1 << 20)
}()

@inline(__always) func ensureLibgit2() { _ = libgit2Ready }

public enum LibGit2 {
    /// The linked libgit2's version, e.g. "1.5.1".
    public static var version: String {
        ensureLibgit2()
        var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0
        git_libgit2_version(&major, &minor, &patch)
        return "\(major).\(minor).\(patch)"
    }
}
