// Remotes: looking one up by name and pushing explicit refspecs to it, with the credentials libgit2 can get
// without asking anyone (none for local paths and file://, the ssh agent for ssh).
import Clibgit2
import Foundation

/// A configured remote, copied out of libgit2's handle.
public struct RemoteInfo: Sendable, Equatable {
    public let name: String
    public let url: String
    /// `remote.<name>.pushurl`, where pushes go when it is set.
    public let pushURL: String?

    public var pushDestination: String { pushURL ?? url }
}

/// Why a push did not happen, in words a person can act on.
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

/// What the push callbacks learn, handed to them through libgit2's payload pointer.
private final class PushContext {
    let username: String
    var triedAgent = false
    var credentialsNeeded: String?
    var rejected: [(reference: String, reason: String)] = []

    init(username: String) { self.username = username }
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
    /// come from the ssh agent or not at all, and a remote that wants others throws `PushFailure.credentialsNeeded`.
    public func push(to name: String, refspecs: [String]) throws {
        guard let handle = try lookupRemote(name) else {
            throw GitError(code: .notFound, message: "no remote named \(name)", function: "git_remote_lookup")
        }
        var options = git_push_options()
        try check(git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION)), "git_push_options_init")
        // Like ssh itself: the local login name when the url names no user.
        let context = PushContext(username: ProcessInfo.processInfo.environment["USER"] ?? NSUserName())
        options.callbacks.payload = Unmanaged.passUnretained(context).toOpaque()
        options.callbacks.credentials = { out, url, usernameFromURL, allowed, payload in
            guard let out, let payload else { return GIT_EUSER.rawValue }
            let context = Unmanaged<PushContext>.fromOpaque(payload).takeUnretainedValue()
            let user = usernameFromURL.map { String(cString: $0) } ?? context.username
            if allowed & GIT_CREDENTIAL_USERNAME.rawValue != 0 {
                return git_credential_username_new(out, user)
            }
            // One try with the agent: libgit2 calls again after a refused key, and asking again would loop.
            if allowed & GIT_CREDENTIAL_SSH_KEY.rawValue != 0, !context.triedAgent {
                context.triedAgent = true
                return git_credential_ssh_key_from_agent(out, user)
            }
            context.credentialsNeeded = url.map { String(cString: $0) } ?? ""
            return GIT_EUSER.rawValue
        }
        options.callbacks.push_update_reference = { reference, status, payload in
            guard let status, let payload else { return 0 }
            Unmanaged<PushContext>.fromOpaque(payload).takeUnretainedValue().rejected
                .append((reference.map { String(cString: $0) } ?? "", String(cString: status)))
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
        if let refusal = context.rejected.first {
            throw PushFailure.rejected(reference: refusal.reference, reason: refusal.reason)
        }
    }

    private func lookupRemote(_ name: String) throws -> RemoteHandle? {
        var remote: OpaquePointer?
        let rc = git_remote_lookup(&remote, pointer, name)
        if rc == GIT_ENOTFOUND.rawValue || rc == GIT_EINVALIDSPEC.rawValue { return nil }
        try check(rc, "git_remote_lookup")
        return RemoteHandle(remote!)
    }
}

/// Calls `body` with a `git_strarray` of `strings`, valid only during the call.
private func withStringArray<Result>(_ strings: [String], _ body: (inout git_strarray) -> Result) -> Result {
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    var pointers = copies
    return pointers.withUnsafeMutableBufferPointer { buffer in
        var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
        return body(&array)
    }
}
