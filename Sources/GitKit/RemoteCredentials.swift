// Credentials for talking to a remote, shared by push and fetch: none for local paths and file://, the ssh
// agent for ssh, and for https whatever a `CredentialSource` (git's own credential helpers) gives — never a prompt.
import Clibgit2
import Foundation

/// A user name and password (or token) for an https remote, as `git credential fill` answers.
public struct PlaintextCredential: Sendable, Equatable {
    public let username: String
    public let password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }
}

/// Where https credentials come from. GitKit runs no git; the domain answers with git's credential helpers.
public protocol CredentialSource: AnyObject {
    /// The credential for `url`, or nil when none can be had without asking a person.
    func fill(url: String, username: String?) -> PlaintextCredential?
    /// The remote accepted `credential` (the helper may store it).
    func approve(_ credential: PlaintextCredential, url: String)
    /// The remote refused `credential` (the helper should forget it).
    func reject(_ credential: PlaintextCredential, url: String)
}

/// What the transfer callbacks learn, handed to them through libgit2's payload pointer.
final class TransferContext {
    let username: String
    let source: CredentialSource?
    var triedAgent = false
    /// The https credential handed to libgit2, until the remote has answered.
    var filled: (credential: PlaintextCredential, url: String)?
    var credentialsNeeded: String?
    var rejected: [(reference: String, reason: String)] = []

    init(source: CredentialSource?) {
        // Like ssh itself: the local login name when the url names no user.
        username = ProcessInfo.processInfo.environment["USER"] ?? NSUserName()
        self.source = source
    }

    var payload: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    static func from(_ payload: UnsafeMutableRawPointer) -> TransferContext {
        Unmanaged<TransferContext>.fromOpaque(payload).takeUnretainedValue()
    }

    /// Tells the source the remote took its credential, once the operation succeeded.
    func succeeded() {
        if let filled { source?.approve(filled.credential, url: filled.url) }
    }

    func credential(_ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>, url: String,
                    usernameFromURL: String?, allowed: UInt32) -> Int32 {
        let user = usernameFromURL ?? username
        if allowed & GIT_CREDENTIAL_USERNAME.rawValue != 0 {
            return git_credential_username_new(out, user)
        }
        // One try each: libgit2 asks again after a refusal, and answering the same again would loop.
        if allowed & GIT_CREDENTIAL_SSH_KEY.rawValue != 0, !triedAgent {
            triedAgent = true
            return git_credential_ssh_key_from_agent(out, user)
        }
        if allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue != 0, let source {
            if let refused = filled {
                source.reject(refused.credential, url: refused.url)
                filled = nil
            } else if let credential = source.fill(url: url, username: usernameFromURL) {
                filled = (credential, url)
                return git_credential_userpass_plaintext_new(out, credential.username, credential.password)
            }
        }
        credentialsNeeded = url
        return GIT_EUSER.rawValue
    }

    /// Callbacks that answer credential requests from this context.
    func callbacks(_ callbacks: inout git_remote_callbacks) {
        callbacks.payload = payload
        callbacks.credentials = { out, url, usernameFromURL, allowed, payload in
            guard let out, let payload else { return GIT_EUSER.rawValue }
            return TransferContext.from(payload).credential(out, url: url.map { String(cString: $0) } ?? "",
                                                            usernameFromURL: usernameFromURL.map { String(cString: $0) },
                                                            allowed: allowed)
        }
    }
}

/// Calls `body` with a `git_strarray` of `strings`, valid only during the call.
func withStringArray<Result>(_ strings: [String], _ body: (inout git_strarray) -> Result) -> Result {
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    var pointers = copies
    return pointers.withUnsafeMutableBufferPointer { buffer in
        var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
        return body(&array)
    }
}
