// Remotes looked up and pushed to by libgit2, with `git ls-remote` as the witness; a remote that wants a password
// is reported as such at once, never waited on.
import Foundation
import GitKit
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

@Suite(.scratchRepository)
struct RemoteTests {
    let scratch = ScratchRepository.current

    func bareRemote() throws -> String {
        let remote = scratch.root + "/origin.git"
        try scratch.git("init", "--quiet", "--bare", remote)
        try scratch.git("remote", "add", "origin", remote)
        return remote
    }

    @Test func remotesAreLookedUpByName() throws {
        let remote = try bareRemote()
        try scratch.git("config", "remote.origin.pushurl", remote + "-push")
        let repository = try Repository.open(at: scratch.path)
        #expect(try repository.remoteNames() == ["origin"])
        let origin = try #require(try repository.remote(named: "origin"))
        #expect((origin.name, origin.url, origin.pushDestination) == ("origin", remote, remote + "-push"))
        #expect(try repository.remote(named: "upstream") == nil)
    }

    @Test func anExplicitRefspecIsPushedToALocalBareRemote() throws {
        let remote = try bareRemote()
        try scratch.git("branch", "agents/20260403-001/integration")
        let head = try scratch.git("rev-parse", "HEAD")
        let repository = try Repository.open(at: scratch.path)

        let ref = "refs/heads/agents/20260403-001/integration"
        try repository.push(to: "origin", refspecs: ["\(ref):\(ref)"])

        #expect(try scratch.git("ls-remote", remote) == "\(head)\t\(ref)", "only that branch")
    }

    @Test func aPushThatWouldLoseTheRemotesCommitsIsRefused() throws {
        let remote = try bareRemote()
        try scratch.git("commit", "--quiet", "--allow-empty", "-m", "second")
        let repository = try Repository.open(at: scratch.path)
        try repository.push(to: "origin", refspecs: ["refs/heads/main:refs/heads/main"])
        let pushed = try scratch.git("rev-parse", "HEAD")
        try scratch.git("reset", "--quiet", "--hard", "HEAD^")
        try scratch.git("commit", "--quiet", "--allow-empty", "-m", "another second")

        #expect(throws: PushFailure.rejected(reference: "refs/heads/main", reason: "non-fast-forward")) {
            try repository.push(to: "origin", refspecs: ["refs/heads/main:refs/heads/main"])
        }
        #expect(try scratch.git("rev-parse", "main", in: remote) == pushed)
    }

    @Test func aRemoteThatWantsAPasswordIsReportedNotWaitedOn() throws {
        let server = try UnauthorizedServer()
        try scratch.git("remote", "add", "origin", "http://127.0.0.1:\(server.port)/repo.git")
        let repository = try Repository.open(at: scratch.path)

        #expect(throws: PushFailure.credentialsNeeded(url: "http://127.0.0.1:\(server.port)/repo.git")) {
            try repository.push(to: "origin", refspecs: ["refs/heads/main:refs/heads/main"])
        }
    }
}

/// An HTTP server on a free local port that answers every request with 401 and a Basic challenge.
final class UnauthorizedServer: @unchecked Sendable {
    let socket: Int32
    let port: UInt16

    init() throws {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.socket = socket
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(socket, pointer, length) == 0 && listen(socket, 8) == 0 && getsockname(socket, pointer, &length) == 0
            }
        }
        try #require(bound, "cannot listen on 127.0.0.1")
        port = UInt16(bigEndian: address.sin_port)
        Thread.detachNewThread { Self.serve(socket) }
    }

    // shutdown wakes the thread blocked in accept, which then ends.
    deinit {
        shutdown(socket, Int32(SHUT_RDWR))
        close(socket)
    }

    private static func serve(_ socket: Int32) {
        while true {
            let client = accept(socket, nil, nil)
            guard client >= 0 else { return }
            var buffer = [UInt8](repeating: 0, count: 4096)
            _ = read(client, &buffer, buffer.count)
            let answer = "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            _ = answer.withCString { write(client, $0, strlen($0)) }
            close(client)
        }
    }
}
