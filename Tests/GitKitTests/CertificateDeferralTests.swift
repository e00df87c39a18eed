// git_libgit2_init's parse of the system CA bundle is deferred to the first transfer that may speak TLS
// (Sources/CertificateDeferral): local fetches never parse it; an https fetch loads it whole into libgit2's
// chain before connecting, and TLS still refuses a server no CA vouches for.
import Foundation
@testable import GitKit
import Testing
import TestSupport

struct CertificateDeferralTests {
    /// Debian's libgit2 is built with this bundle as its default certificate location.
    static let bundle = "/etc/ssl/certs/ca-certificates.crt"

    /// In a process of its own (an exit test): other tests of this process fetch over http, which loads the
    /// bundle too, and it is loaded once per process.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: bundle)
                   && FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")))
    func onlyATransferThatMaySpeakTLSLoadsTheBundleAndAnUntrustedServerIsRefused() async {
        await #expect(processExitsWith: .success) {
            try CertificateDeferralTests.checkInThisProcess()
        }
    }

    static func checkInThisProcess() throws {
        let scratch = try ScratchRepository()
        defer { scratch.remove() }
        let repository = try Repository.open(at: scratch.path)
        #expect(LibGit2.deferredCertificates.path == bundle, "git_libgit2_init left the parse for later")
        #expect(LibGit2.deferredCertificates.loaded == 0)

        // A local fetch: nothing to verify, nothing parsed.
        let local = scratch.root + "/local-remote"
        try scratch.git("clone", "--quiet", "--bare", scratch.path, local)
        try scratch.git("remote", "add", "local", local)
        try repository.fetch(from: "local", refspecs: ["+refs/heads/*:refs/remotes/local/*"])
        #expect(LibGit2.deferredCertificates.loaded == 0, "a local fetch parsed the CA bundle")

        // An https fetch loads the whole bundle first, and still refuses a self-signed server.
        let server = try SelfSignedTLSServer(in: scratch.root)
        defer { server.stop() }
        try scratch.git("remote", "add", "origin", "https://127.0.0.1:\(server.port)/repo.git")
        #expect { try repository.fetch(from: "origin", refspecs: ["+refs/heads/*:refs/remotes/origin/*"]) } throws: { error in
            (error as? GitError)?.message.contains("certificate") == true
        }
        let text = try String(contentsOfFile: bundle, encoding: .utf8)
        let inBundle = text.components(separatedBy: "-----BEGIN CERTIFICATE-----").count - 1
        #expect(inBundle > 0)
        #expect(LibGit2.deferredCertificates.loaded == inBundle, "the https fetch loaded the whole bundle")

        #expect(LibGit2.loadCertificates() == 0, "a second load changes nothing")
        #expect(LibGit2.deferredCertificates.loaded == inBundle)
    }
}

/// `openssl s_server` on a free local port with a freshly made self-signed certificate.
private final class SelfSignedTLSServer {
    let port: UInt16
    private let process = Process()

    init(in folder: String) throws {
        let key = folder + "/tls-key.pem", certificate = folder + "/tls-cert.pem"
        try Self.run(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-days", "1",
                      "-keyout", key, "-out", certificate])
        port = try Self.freePort()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = ["s_server", "-accept", "127.0.0.1:\(port)", "-cert", certificate, "-key", key, "-www", "-quiet"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Listening once a connection succeeds (s_server's own "ACCEPT" line sits in a pipe's buffer).
        let deadline = Date().addingTimeInterval(30)
        while !Self.accepts(port) {
            try #require(Date() < deadline && process.isRunning, "openssl s_server did not start listening")
            usleep(20_000)
        }
    }

    func stop() {
        // SIGKILL: the test runner's blocked SIGTERM is inherited by what Foundation's Process starts.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    private static func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "openssl \(arguments[0]) failed")
    }

    private static func accepts(_ port: UInt16) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    /// A port the kernel just gave out and took back: free unless someone takes it in between.
    private static func freePort() throws -> UInt16 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        try #require(bound, "cannot bind on 127.0.0.1")
        return UInt16(bigEndian: address.sin_port)
    }
}
