// Fetching explicit refspecs with libgit2 from a local bare remote (by path and by file:// url), with
// `git` as the witness; and https credentials taken from a credential source, never from a prompt.
import Foundation
import GitKit
import Testing
import TestSupport

@Suite(.scratchRepository)
struct RemoteFetchTests {
    let scratch = ScratchRepository.current

    /// A bare remote holding `refs/agents/clones/other/sessions/20261130-001` (a commit of its own) and a tag.
    func remoteWithSharedRecord(url: (String) -> String = { $0 }) throws -> (remote: String, record: String) {
        let remote = scratch.root + "/origin.git"
        try scratch.git("init", "--quiet", "--bare", remote)
        try scratch.git("remote", "add", "origin", url(remote))
        try scratch.git("commit", "--quiet", "--allow-empty", "-m", "the other clone's record")
        let record = try scratch.git("rev-parse", "HEAD")
        try scratch.git("push", "--quiet", remote, "HEAD:refs/agents/clones/other/sessions/20261130-001", "HEAD:refs/tags/v1")
        try scratch.git("reset", "--quiet", "--hard", "HEAD^")
        return (remote, record)
    }

    @Test(arguments: [false, true])
    func onlyTheRefspecsRefsArriveFromAPathOrAFileURL(fileURL: Bool) throws {
        let (_, record) = try remoteWithSharedRecord { fileURL ? "file://" + $0 : $0 }
        let repository = try Repository.open(at: scratch.path)

        try repository.fetch(from: "origin", refspecs: ["+refs/agents/clones/*:refs/agents/remotes/origin/clones/*"])

        #expect(try scratch.git("for-each-ref", "--format=%(objectname) %(refname)", "refs/agents") ==
                "\(record) refs/agents/remotes/origin/clones/other/sessions/20261130-001")
        #expect(try scratch.git("tag", "--list") == "", "no tags")
        #expect(try scratch.git("cat-file", "-t", record) == "commit", "the objects came along")
    }

    @Test func aRefTheRemoteNoLongerHasGoesOnlyUnderTheRefspecsDestination() throws {
        let (remote, _) = try remoteWithSharedRecord()
        let repository = try Repository.open(at: scratch.path)
        let refspec = "+refs/agents/clones/*:refs/agents/remotes/origin/clones/*"
        try repository.fetch(from: "origin", refspecs: [refspec])
        try scratch.git("update-ref", "refs/remotes/origin/kept", "HEAD")
        try scratch.git("update-ref", "-d", "refs/agents/clones/other/sessions/20261130-001", in: remote)

        try repository.fetch(from: "origin", refspecs: [refspec])

        #expect(try scratch.git("for-each-ref", "--format=%(refname)", "refs/agents", "refs/remotes") == "refs/remotes/origin/kept")
    }

    @Test func aRefspecThatMatchesNothingFetchesNothing() throws {
        _ = try remoteWithSharedRecord()
        let repository = try Repository.open(at: scratch.path)
        try repository.fetch(from: "origin", refspecs: ["+refs/notes/agents:refs/agents/remotes/origin/notes"])
        // Nothing at all arrived: not through the refspec, nor through remote.origin.fetch or the remote's tags.
        let refs = try scratch.git("for-each-ref", "--format=%(refname)").split(separator: "\n")
        #expect(refs.allSatisfy { $0.hasPrefix("refs/heads/") }, "\(refs)")
    }

    @Test func aMissingRemoteIsNotFound() throws {
        let repository = try Repository.open(at: scratch.path)
        #expect { try repository.fetch(from: "nowhere", refspecs: ["+refs/x:refs/y"]) } throws: { error in
            (error as? GitError)?.code == .notFound
        }
    }

    @Test func anHTTPSRemoteGetsTheSourcesCredentialAndItsRefusalIsReported() throws {
        let server = try UnauthorizedServer()
        let url = "http://127.0.0.1:\(server.port)/repo.git"
        try scratch.git("remote", "add", "origin", url)
        let repository = try Repository.open(at: scratch.path)
        let source = RecordingSource()

        #expect(throws: PushFailure.credentialsNeeded(url: url)) {
            try repository.fetch(from: "origin", refspecs: ["+refs/heads/*:refs/remotes/origin/*"], credentials: source)
        }
        #expect(source.events == ["fill \(url)", "reject \(url) ann"], "tried once, then told the helper it was refused")
    }
}

/// A credential source that answers with one fixed credential and records what it was told.
private final class RecordingSource: CredentialSource {
    var events: [String] = []

    func fill(url: String, username: String?) -> PlaintextCredential? {
        events.append("fill \(url)")
        return PlaintextCredential(username: "ann", password: "secret")
    }

    func approve(_ credential: PlaintextCredential, url: String) { events.append("approve \(url) \(credential.username)") }
    func reject(_ credential: PlaintextCredential, url: String) { events.append("reject \(url) \(credential.username)") }
}
