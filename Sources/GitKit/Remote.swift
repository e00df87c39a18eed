// Remotes: looking one up by name, and pushing or fetching explicit refspecs with the credentials of
// RemoteCredentials.swift (never a prompt).
import Clibgit2
import Foundation

/// A configured remote, copied out of libgit2's handle.
public struct RemoteInfo: Sendable, Equatable {
    public let name: String
    public let url: String
    /// `remote.<name>.pushurl`, where pushes go when it is set.
    public let pushURL: String?

    public var pushDestination: String { pushURL ?? url }

    /// True when `url` is a local path (or file:// url) that does not exist: libgit2 then speaks of an
    /// "unsupported URL protocol", which would send a person looking in the wrong place.
    public static func isMissingFolder(_ url: String) -> Bool {
        let path = url.hasPrefix("file://") ? String(url.dropFirst("file://".count)) : url
        return path.hasPrefix("/") && !FileManager.default.fileExists(atPath: path)
    }
}

/// Why a push (or a fetch: `credentialsNeeded`) did not happen, in words a person can act on.
public enum PushFailure: Error, Sendable, Equatable {
    /// The remote wants credentials that git-agents cannot get without asking (a password, a token, or an ssh
    /// key the ssh agent does not hold).
    case credentialsNeeded(url: String)
    /// The remote refused a reference, with its reason (e.g. "non-fast-forward").
    case rejected(reference: String, reason: String)
}

/// Owns a `git_remote` handle for the length of one operation.
final class RemoteHandle {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_remote_free(pointer) }
}

extension Repository {
    /// Every remote's name, as `git remote` lists them.
    public func remoteNames() throws -> [String] {
        var names = git_strarray()
        try check(git_remote_list(&names, pointer), "git_remote_list")
        defer { git_strarray_dispose(&names) }
        return (0..<names.count).compactMap { names.strings[$0].map { String(cString: $0) } }
    }

    /// The remote called `name` (its urls after `insteadOf` rewriting), or nil when there is none.
    public func remote(named name: String) throws -> RemoteInfo? {
        guard let handle = try lookupRemote(name) else { return nil }
        return RemoteInfo(name: name,
                          url: git_remote_url(handle.pointer).map { String(cString: $0) } ?? "",
                          pushURL: git_remote_pushurl(handle.pointer).map { String(cString: $0) })
    }

    /// Pushes `refspecs` (e.g. `refs/heads/x:refs/heads/x`) to the remote `name`. Never prompts: credentials
    /// come from the ssh agent or `credentials`, and a remote that wants others throws `PushFailure.credentialsNeeded`.
    public func push(to name: String, refspecs: [String], credentials: CredentialSource? = nil) throws {
        guard let handle = try lookupRemote(name) else { throw Self.noRemote(name) }
        Self.prepareTLS(for: git_remote_pushurl(handle.pointer) ?? git_remote_url(handle.pointer))
        var options = git_push_options()
        try check(git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION)), "git_push_options_init")
        let context = TransferContext(source: credentials)
        context.callbacks(&options.callbacks)
        options.callbacks.push_update_reference = { reference, status, payload in
            guard let status, let payload else { return 0 }
            TransferContext.from(payload).rejected.append((reference.map { String(cString: $0) } ?? "", String(cString: status)))
            return 0
        }
        let rc: Int32 = withExtendedLifetime(context) {
            withStringArray(refspecs) { array in git_remote_push(handle.pointer, &array, &options) }
        }
        if let url = context.credentialsNeeded { throw PushFailure.credentialsNeeded(url: url) }
        // libgit2 refuses a non-fast-forward itself, before the remote is asked: the same refusal, said the same way.
        if rc == GIT_ENONFASTFORWARD.rawValue {
            let destinations = refspecs.map { $0.split(separator: ":").last.map(String.init) ?? $0 }
            throw PushFailure.rejected(reference: destinations.joined(separator: ", "), reason: "non-fast-forward")
        }
        try check(rc, "git_remote_push")
        context.succeeded()
        if let refusal = context.rejected.first {
            throw PushFailure.rejected(reference: refusal.reference, reason: refusal.reason)
        }
    }

    /// Fetches `refspecs` (e.g. `+refs/x/*:refs/y/*`) from the remote `name`, no tags. Only refs the refspecs'
    /// destinations cover change: they then mirror the remote (one it no longer has is deleted). Credentials as for `push`.
    public func fetch(from name: String, refspecs: [String], credentials: CredentialSource? = nil) throws {
        guard let handle = try lookupRemote(name) else { throw Self.noRemote(name) }
        Self.prepareTLS(for: git_remote_url(handle.pointer))
        var options = git_fetch_options()
        try check(git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)), "git_fetch_options_init")
        options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
        options.prune = GIT_FETCH_PRUNE
        let context = TransferContext(source: credentials)
        context.callbacks(&options.callbacks)
        let rc: Int32 = withExtendedLifetime(context) {
            withStringArray(refspecs) { array in git_remote_fetch(handle.pointer, &array, &options, "fetch: git-agents") }
        }
        if let url = context.credentialsNeeded { throw PushFailure.credentialsNeeded(url: url) }
        try check(rc, "git_remote_fetch")
        context.succeeded()
    }

    /// Loads the CA certificates libgit2's init left unparsed (LibGit2.swift) before a transfer that may speak
    /// TLS: http and https (a server may redirect http to https). Local paths, file://, ssh and git:// never do.
    private static func prepareTLS(for url: UnsafePointer<CChar>?) {
        guard let url = url.map({ String(cString: $0).lowercased() }) else { return }
        if url.hasPrefix("https://") || url.hasPrefix("http://") { LibGit2.loadCertificates() }
    }

    private static func noRemote(_ name: String) -> GitError {
        GitError(code: .notFound, message: "no remote named \(name)", function: "git_remote_lookup")
    }

    private func lookupRemote(_ name: String) throws -> RemoteHandle? {
        var remote: OpaquePointer?
        let rc = git_remote_lookup(&remote, pointer, name)
        if rc == GIT_ENOTFOUND.rawValue || rc == GIT_EINVALIDSPEC.rawValue { return nil }
        try check(rc, "git_remote_lookup")
        let handle = RemoteHandle(remote!)
        // libgit2 reads a relative path url (`git remote add origin ../shared.git`) from the process's folder;
        // git from the top of the worktree (the git dir of a bare repository), wherever in it a command runs.
        let top = workdir ?? gitDir
        if let url = git_remote_url(handle.pointer).map({ String(cString: $0) }), let path = Self.relativePath(url) {
            try check(git_remote_set_instance_url(handle.pointer, "\(top)/\(path)"), "git_remote_set_instance_url")
        }
        if let url = git_remote_pushurl(handle.pointer).map({ String(cString: $0) }), let path = Self.relativePath(url) {
            try check(git_remote_set_instance_pushurl(handle.pointer, "\(top)/\(path)"), "git_remote_set_instance_pushurl")
        }
        return handle
    }

    /// The url when it is a relative local path as git reads urls: no `scheme://`, and no `host:` before the
    /// first slash (scp-like ssh).
    private static func relativePath(_ url: String) -> String? {
        guard !url.isEmpty, !url.hasPrefix("/"), !url.contains("://") else { return nil }
        if let colon = url.firstIndex(of: ":"), url.firstIndex(of: "/").map({ colon < $0 }) ?? true { return nil }
        return url
    }
}
