// An open repository: the only long-lived owner of a libgit2 handle besides `GitConfig`.
import Clibgit2
import Foundation

public final class Repository {
    let pointer: OpaquePointer
    /// True for a handle from `openWithObjectsInMemory`: the objects it writes never reach the disk.
    var keepsNewObjectsInMemory = false
    /// The last narrowed merge's grafted tree and what it changed from its base: the next merge of a chain
    /// starts from that tree (a value keyed by both tree ids, so never stale).
    var lastGraft: GraftedChanges?

    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_repository_free(pointer) }

    /// Opens the repository or worktree exactly at `path` (no search upwards).
    public static func open(at path: String) throws -> Repository {
        ensureLibgit2()
        var repo: OpaquePointer?
        try check(git_repository_open_ext(&repo, path, UInt32(GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue), nil),
                  "git_repository_open_ext")
        return Repository(repo!)
    }

    /// Creates a new repository (used by `demo` and by tests).
    public static func create(at path: String, initialBranch: String = "main") throws -> Repository {
        ensureLibgit2()
        var options = git_repository_init_options()
        try check(git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)),
                  "git_repository_init_options_init")
        options.flags = UInt32(GIT_REPOSITORY_INIT_MKPATH.rawValue)
        var repo: OpaquePointer?
        try initialBranch.withCString { branch in
            options.initial_head = branch
            try check(git_repository_init_ext(&repo, path, &options), "git_repository_init_ext")
        }
        return Repository(repo!)
    }

    public var isBare: Bool { git_repository_is_bare(pointer) == 1 }
    /// True when this handle was opened through a linked worktree.
    public var isLinkedWorktree: Bool { git_repository_is_worktree(pointer) == 1 }

    /// The working tree's root, with a trailing slash removed; nil for a bare repository.
    public var workdir: String? {
        git_repository_workdir(pointer).map { Self.trimmed(String(cString: $0)) }
    }

    /// This worktree's own git dir (`.git/` or `.git/worktrees/<name>/`).
    public var gitDir: String { Self.trimmed(String(cString: git_repository_path(pointer))) }

    /// The git dir shared by every worktree: refs, objects, config.
    public var commonDir: String { Self.trimmed(String(cString: git_repository_commondir(pointer))) }

    private static func trimmed(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    /// The repository's configuration (all levels: system, global, local).
    public func config() throws -> GitConfig {
        var config: OpaquePointer?
        try check(git_repository_config(&config, pointer), "git_repository_config")
        return GitConfig(config!)
    }

    /// The default signature from `user.name`/`user.email`, or `fallback` when they are not set.
    func signature(fallbackName: String = "git-agents", fallbackEmail: String = "git-agents@localhost") throws -> UnsafeMutablePointer<git_signature> {
        var signature: UnsafeMutablePointer<git_signature>?
        if git_signature_default(&signature, pointer) == 0, let signature { return signature }
        try check(git_signature_now(&signature, fallbackName, fallbackEmail), "git_signature_now")
        return signature!
    }
}
