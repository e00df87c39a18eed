// `agents.prCommand` (e.g. `gh pr create --head {branch} --base {base} --title {title} --body {body}`): an argv
// template, split like the agent commands and run without a shell, its placeholders filled per argument.
import Foundation

struct PullRequestCommand {
    static let placeholders: Set<String> = ["branch", "base", "title", "body"]

    let template: [String]
    let executable: String

    /// Checked when the merge starts: a command that cannot run is a configuration error (exit 2) before anything moves.
    init(_ text: String) throws {
        do {
            template = try ShellWords.split(text)
        } catch {
            throw AgentsError.usage("agents.prCommand (\(text)) has an unterminated quote", hint: "close the quote")
        }
        guard let first = template.first else {
            throw AgentsError.usage("agents.prCommand is empty",
                                    hint: "set it, e.g. git config agents.prCommand \"gh pr create --head {branch} --base {base} --title {title} --body {body}\"")
        }
        guard let executable = AgentCLIs.locate(first) else {
            throw AgentsError.usage("agents.prCommand runs \(first), which is not on PATH", hint: "install it or fix agents.prCommand")
        }
        self.executable = executable
    }

    /// The argv: a word that is exactly `{title}` becomes the title whatever it holds (spaces, newlines, quotes);
    /// a placeholder inside a word (`--head={branch}`) is replaced in one pass, so values are never re-read.
    func argv(_ values: [String: String]) -> [String] {
        template.map { word in
            if word.hasPrefix("{"), word.hasSuffix("}"), let value = values[String(word.dropFirst().dropLast())] { return value }
            var result = "", rest = word[...]
            while let open = rest.firstIndex(of: "{") {
                result += rest[..<open]
                let inside = rest[rest.index(after: open)...]
                if let close = inside.firstIndex(of: "}"), let value = values[String(inside[..<close])] {
                    result += value
                    rest = inside[inside.index(after: close)...]
                } else {
                    result.append("{")
                    rest = inside
                }
            }
            return result + rest
        }
    }

    /// Runs it in the main worktree; its trimmed stdout (e.g. the request's URL). A failure throws with the last
    /// line of its stderr.
    func run(_ values: [String: String], in workspace: Workspace) throws -> String {
        let argv = [executable] + argv(values).dropFirst()
        let result = try CapturedRun.run(argv, in: workspace.mainWorktreeRoot)
        guard result.status == 0 else {
            let why = result.lastErrorLine.isEmpty ? "" : ": \(result.lastErrorLine)"
            throw AgentsError.failed("agents.prCommand (\(template[0])) exited with status \(result.status)\(why)")
        }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// A short command run to completion with its output captured and nothing to read from: it can never wait for
/// a person's answer (stdin is /dev/null, and git and gh are told not to prompt).
enum CapturedRun {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String

        var lastErrorLine: String {
            stderr.split(whereSeparator: \.isNewline).last { !$0.allSatisfy(\.isWhitespace) }
                .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        }
    }

    static func run(_ argv: [String], in directory: String) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: argv[0])
        process.arguments = Array(argv.dropFirst())
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        // GIT_DIR and the like were meant for git-agents itself: a relative one would point elsewhere from there.
        var environment = AgentEnvironment.scrubbed()
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["GH_PROMPT_DISABLED"] = "1"
        process.environment = environment
        let stdout = Pipe(), stderr = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdout
        process.standardError = stderr
        do {
            try process.run()
        } catch {
            throw AgentsError.failed("cannot run \(argv[0]): \(error.localizedDescription)")
        }
        // stderr is drained on the side so that a chatty command cannot fill its pipe and stall.
        let errors = Drained()
        let drained = DispatchGroup()
        drained.enter()
        DispatchQueue.global().async {
            errors.data = stderr.fileHandleForReading.readDataToEndOfFile()
            drained.leave()
        }
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        drained.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: output, as: UTF8.self),
                      stderr: String(decoding: errors.data, as: UTF8.self))
    }

    /// Written by the draining task only, read only after the group says it is done.
    private final class Drained: @unchecked Sendable {
        var data = Data()
    }
}
