// Shared by the test targets. A throwaway repository in a temporary folder, made and checked with the real `git` CLI, removed after the test.
import Foundation
import Testing

/// A temporary folder holding `repo/` (one commit on `main`) and `home/` (HOME of every git subprocess).
public final class ScratchRepository: Sendable {
    /// The temporary folder, symlinks resolved so paths compare equal to what libgit2 reports.
    public let root: String
    public var path: String { root + "/repo" }
    public var gitDir: String { path + "/.git" }

    @TaskLocal fileprivate static var provided: ScratchRepository?

    /// The repository of the running test; the test needs the `.scratchRepository` trait.
    public static var current: ScratchRepository {
        guard let provided else { preconditionFailure("give the test or its suite the .scratchRepository trait") }
        return provided
    }

    public init() throws {
        let temporary = URL(fileURLWithPath: NSTemporaryDirectory()).resolvingSymlinksInPath()
        root = temporary.appendingPathComponent("git-agents-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/home", withIntermediateDirectories: true)
        try git("init", "--quiet", "--initial-branch=main", path, in: root)
        try git("config", "user.name", "Scratch Tester")
        try git("config", "user.email", "scratch@example.com")
        try "scratch\n".write(toFile: path + "/README.md", atomically: true, encoding: .utf8)
        try git("add", "README.md")
        try git("commit", "--quiet", "-m", "initial commit")
    }

    public func remove() { try? FileManager.default.removeItem(atPath: root) }

    /// Writes `text` to a file of the repository's working tree, making its folders.
    public func write(_ text: String, to relative: String) throws {
        let url = URL(fileURLWithPath: path + "/" + relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// Runs git in `directory` (the repository by default) and returns its trimmed output; throws on a non-zero exit.
    @discardableResult
    public func git(_ arguments: String..., in directory: String? = nil, input: String? = nil) throws -> String {
        let result = try run(arguments, in: directory, input: input)
        guard result.status == 0 else {
            throw GitCommandFailed(arguments: arguments, status: result.status, error: result.error)
        }
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs git and reports how it went, for commands that are expected to fail. `input` is its standard input.
    public func run(_ arguments: [String], in directory: String? = nil, input: String? = nil) throws -> GitRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory ?? path)
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") }
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["HOME"] = root + "/home"
        environment["XDG_CONFIG_HOME"] = root + "/home/.config"
        environment["LC_ALL"] = "C"
        process.environment = environment
        // Files, not pipes: a full pipe would block git while we wait for it to exit.
        let outputURL = URL(fileURLWithPath: root + "/.git-out-\(UUID().uuidString)")
        let errorURL = URL(fileURLWithPath: root + "/.git-err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outputURL)
            try? FileManager.default.removeItem(at: errorURL)
        }
        let output = try FileHandle(forWritingTo: outputURL), error = try FileHandle(forWritingTo: errorURL)
        process.standardOutput = output
        process.standardError = error
        let inputURL = URL(fileURLWithPath: root + "/.git-in-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: inputURL) }
        if let input {
            try Data(input.utf8).write(to: inputURL)
            process.standardInput = try FileHandle(forReadingFrom: inputURL)
        }
        try process.run()
        process.waitUntilExit()
        try output.close()
        try error.close()
        return GitRun(status: process.terminationStatus,
                      output: try String(contentsOf: outputURL, encoding: .utf8),
                      error: try String(contentsOf: errorURL, encoding: .utf8))
    }
}

public struct GitRun: Sendable {
    public let status: Int32
    public let output: String
    public let error: String
}

public struct GitCommandFailed: Error, CustomStringConvertible {
    public let arguments: [String]
    public let status: Int32
    public let error: String
    public var description: String { "git \(arguments.joined(separator: " ")) exited \(status): \(error)" }

    public init(arguments: [String], status: Int32, error: String) {
        self.arguments = arguments
        self.status = status
        self.error = error
    }
}

/// Gives each test (of a suite, when put on the suite) its own `ScratchRepository.current`.
public struct ScratchRepositoryTrait: TestTrait, SuiteTrait, TestScoping {
    public var isRecursive: Bool { true }

    public func provideScope(for test: Test, testCase: Test.Case?,
                      performing function: @Sendable () async throws -> Void) async throws {
        guard testCase != nil else { return try await function() }
        let scratch = try ScratchRepository()
        defer { scratch.remove() }
        try await ScratchRepository.$provided.withValue(scratch) { try await function() }
    }
}

extension Trait where Self == ScratchRepositoryTrait {
    public static var scratchRepository: Self { Self() }
}
