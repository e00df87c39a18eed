// Finds the built git-agents executable (or the real git) and runs it as a child process.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An executable the end-to-end tests run: `try Binary.gitAgents.run(["status"], in: repo)`.
struct Binary: Sendable {
    let url: URL

    /// The `git-agents` built next to the test bundle (`.build/<configuration>/`), or the one
    /// named by `GIT_AGENTS_BINARY` (to test an installed binary).
    static var gitAgents: Binary {
        get throws { try builtGitAgents.get() }
    }

    /// The `git` on PATH, to check what git-agents wrote with git's own eyes.
    static var git: Binary {
        get throws { try gitOnPath.get() }
    }

    /// The first executable called `name` on PATH.
    static func onPath(_ name: String) throws -> Binary {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if isExecutableFile(candidate) { return Binary(url: candidate) }
        }
        throw BinaryNotFound(name: name, detail: "not on PATH (\(path))")
    }

    private static let builtGitAgents = Result { try Binary(url: locateGitAgents()) }
    private static let gitOnPath = Result { try onPath("git") }

    /// Runs the executable with an argv array (no shell) and waits for it to exit.
    ///
    /// - Parameters:
    ///   - directory: the working directory; the test process's own when nil.
    ///   - environment: the whole environment of the child; `Binary.environment()` when nil.
    ///   - input: bytes for standard input; standard input is empty when nil.
    ///   - timeout: the child is terminated, and `ProcessTimedOut` thrown, after this long.
    @discardableResult
    func run(
        _ arguments: [String],
        in directory: URL? = nil,
        environment: [String: String]? = nil,
        input: String? = nil,
        timeout: Duration = .seconds(120)
    ) throws -> ProcessOutput {
        // Files rather than pipes: a child that fills one pipe while we drain the other
        // cannot deadlock us, and input of any size needs no writer thread.
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("git-agents-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let stdinURL = scratch.appendingPathComponent("stdin")
        let stdoutURL = scratch.appendingPathComponent("stdout")
        let stderrURL = scratch.appendingPathComponent("stderr")
        try Data((input ?? "").utf8).write(to: stdinURL)
        try Data().write(to: stdoutURL)
        try Data().write(to: stderrURL)
        let stdin = try FileHandle(forReadingFrom: stdinURL)
        let stdout = try FileHandle(forWritingTo: stdoutURL)
        let stderr = try FileHandle(forWritingTo: stderrURL)
        defer {
            try? stdin.close()
            try? stdout.close()
            try? stderr.close()
        }

        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.environment = environment ?? Binary.environment()
        if let directory { process.currentDirectoryURL = directory }
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr

        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try Binary.spawn(process)
        let seconds = Double(timeout.components.seconds)
            + Double(timeout.components.attoseconds) / 1e18
        if exited.wait(timeout: .now() + seconds) == .timedOut {
            process.terminate()
            exited.wait()
            throw ProcessTimedOut(command: [url.path] + arguments, timeout: timeout)
        }

        return ProcessOutput(
            command: [url.path] + arguments,
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: stdoutURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: stderrURL), as: UTF8.self)
        )
    }

    /// Starts a process with no signals blocked. Foundation on Linux hands the calling thread's
    /// signal mask to the child, and Swift's worker threads block SIGTERM and SIGINT
    /// (swift-corelibs-foundation#4772): a child would then ignore `terminate()`.
    static func spawn(_ process: Process) throws {
        #if os(Linux)
        var unblocked = sigset_t()
        var saved = sigset_t()
        sigemptyset(&unblocked)
        pthread_sigmask(SIG_SETMASK, &unblocked, &saved)
        defer { pthread_sigmask(SIG_SETMASK, &saved, nil) }
        #endif
        try process.run()
    }

    /// The test process's environment without what would point git at another repository,
    /// with a fixed identity for commits, and then `overrides` on top.
    static func environment(_ overrides: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        // Set when the tests run from a git hook; they would redirect every repository we make.
        for name in [
            "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR",
            "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE",
            "GIT_CEILING_DIRECTORIES", "GIT_PREFIX",
        ] {
            environment[name] = nil
        }
        environment["GIT_AUTHOR_NAME"] = "Test Author"
        environment["GIT_AUTHOR_EMAIL"] = "author@example.com"
        environment["GIT_COMMITTER_NAME"] = "Test Committer"
        environment["GIT_COMMITTER_EMAIL"] = "committer@example.com"
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment.merge(overrides) { _, override in override }
        return environment
    }

    private static func locateGitAgents() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["GIT_AGENTS_BINARY"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        // macOS loads the .xctest bundle into Xcode's xctest tool, so look among the loaded
        // bundles first; Linux runs the test bundle itself as an executable (argv[0]).
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        var starts = Bundle.allBundles.map(\.bundleURL).filter { $0.pathExtension == "xctest" }
        starts.append(URL(fileURLWithPath: CommandLine.arguments[0], relativeTo: cwd))
        if let executable = Bundle.main.executableURL { starts.append(executable) }
        starts.append(Bundle.main.bundleURL)

        var searched: [String] = []
        for start in starts {
            let directory = buildDirectory(containing: start.standardizedFileURL)
            let candidate = directory.appendingPathComponent("git-agents")
            if isExecutableFile(candidate) { return candidate }
            searched.append(candidate.path)
        }
        throw BinaryNotFound(
            name: "git-agents",
            detail: "looked at \(searched.joined(separator: ", ")); run `swift build` first")
    }

    /// The folder SwiftPM builds products into, given a path inside or beside the test bundle.
    private static func buildDirectory(containing url: URL) -> URL {
        var directory = url
        while directory.pathComponents.count > 1 {
            if directory.pathExtension == "xctest" { return directory.deletingLastPathComponent() }
            directory.deleteLastPathComponent()
        }
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
        return isDirectory.boolValue ? url : url.deletingLastPathComponent()
    }

    private static func isExecutableFile(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
            && !isDirectory.boolValue
            && FileManager.default.isExecutableFile(atPath: url.path)
    }
}

/// What a finished child process left behind.
struct ProcessOutput: Sendable, CustomStringConvertible {
    let command: [String]
    let status: Int32
    let stdout: String
    let stderr: String

    var succeeded: Bool { status == 0 }

    /// This output, or an error carrying it when the command failed.
    @discardableResult
    func requireSuccess() throws -> ProcessOutput {
        guard succeeded else { throw ProcessFailed(output: self) }
        return self
    }

    var description: String {
        """
        $ \(command.joined(separator: " "))
        exit status \(status)
        --- stdout
        \(stdout)
        --- stderr
        \(stderr)
        """
    }
}

struct ProcessFailed: Error, CustomStringConvertible {
    let output: ProcessOutput
    var description: String { "command failed:\n\(output)" }
}

struct ProcessTimedOut: Error, CustomStringConvertible {
    let command: [String]
    let timeout: Duration
    var description: String { "\(command.joined(separator: " ")) did not exit within \(timeout)" }
}

struct BinaryNotFound: Error, CustomStringConvertible {
    let name: String
    let detail: String
    var description: String { "\(name) not found: \(detail)" }
}
