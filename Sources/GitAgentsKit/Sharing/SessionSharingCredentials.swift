// https credentials for push and fetch from git's own credential helpers (`git credential fill|approve|reject`,
// the one way to reach them: libgit2 has no equivalent). Never a prompt: git is told not to ask a person.
import Foundation
import GitKit

final class GitCredentialHelper: CredentialSource {
    let directory: String

    init(_ workspace: Workspace) { directory = workspace.worktreeRoot }

    func fill(url: String, username: String?) -> PlaintextCredential? {
        guard let answer = run("fill", Self.description(url: url, username: username, password: nil)) else { return nil }
        var fields: [String: String] = [:]
        for line in answer.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        guard let user = fields["username"], let password = fields["password"] else { return nil }
        return PlaintextCredential(username: user, password: password)
    }

    func approve(_ credential: PlaintextCredential, url: String) {
        _ = run("approve", Self.description(url: url, username: credential.username, password: credential.password))
    }

    func reject(_ credential: PlaintextCredential, url: String) {
        _ = run("reject", Self.description(url: url, username: credential.username, password: credential.password))
    }

    /// git credential's input: the url (git splits it into protocol, host and path) and what is known.
    /// Nil when a value holds a newline or NUL: it would end the description early or inject another field.
    static func description(url: String, username: String?, password: String?) -> String? {
        let values = [url, username, password].compactMap { $0 }
        guard !values.contains(where: { $0.contains("\n") || $0.contains("\0") }) else { return nil }
        var text = "url=\(url)\n"
        if let username { text += "username=\(username)\n" }
        if let password { text += "password=\(password)\n" }
        return text + "\n"
    }

    /// `git credential ACTION` with `input` on stdin; its stdout, or nil when git failed or is missing.
    private func run(_ action: String, _ input: String?) -> String? {
        guard let input, let git = AgentCLIs.locate("git") else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: git)
        process.arguments = ["credential", action]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = AgentEnvironment.scrubbed()
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["GIT_ASKPASS"] = ""
        environment["SSH_ASKPASS"] = ""
        process.environment = environment
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try? stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? String(decoding: output, as: UTF8.self) : nil
    }
}
