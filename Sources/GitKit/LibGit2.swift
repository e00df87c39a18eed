// Process-wide libgit2 setup: initialised once, before the first call into the library.
import CertificateDeferral
import Clibgit2

/// Runs `git_libgit2_init` exactly once per process (a global `let` is initialised lazily and atomically).
private let libgit2Ready: Void = {
    // The CA bundle is parsed when a network operation first needs it (`LibGit2.loadCertificates`), not here:
    // most commands never leave the machine, and the parse is a third of a `status`.
    git_agents_certificates_start_deferring()
    git_libgit2_init()
    git_agents_certificates_stop_deferring()
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

    /// Loads the CA certificates whose parse `git_libgit2_init` deferred, once per process; every transfer that
    /// may speak TLS calls this first. 0, or mbedTLS's error when the bundle cannot be read: TLS then stays
    /// closed (no server is trusted), as libgit2 would have it.
    @discardableResult
    static func loadCertificates() -> Int32 {
        ensureLibgit2()
        return git_agents_certificates_load()
    }

    /// The CA bundle whose parse was deferred, and how many certificates are loaded from it so far.
    static var deferredCertificates: (path: String?, loaded: Int) {
        ensureLibgit2()
        return (git_agents_certificates_deferred_path().map { String(cString: $0) }, Int(git_agents_certificates_count()))
    }
}
