// The command line as a whole: shared output options on every command, unknown commands, plurals in what
// people read, one warning per unusable setting, and Ctrl-C on `start --wait`.
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Command line", .timeLimit(.minutes(10)))
struct CommandLineTests {

    /// Every command's arguments, from ArgumentParser's own description of the command tree.
    static func argumentNames() throws -> [String: [String]] {
        let dump = try Binary.gitAgents.run(["--experimental-dump-help"], environment: Binary.environment()).requireSuccess()
        let tool = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        let root = try #require(tool["command"] as? [String: Any])
        var names: [String: [String]] = [:]
        for command in root["subcommands"] as? [[String: Any]] ?? [] {
            let arguments = command["arguments"] as? [[String: Any]] ?? []
            names[command["commandName"] as? String ?? "?"] = arguments.compactMap { ($0["names"] as? [[String: Any]])?.first?["name"] as? String }
        }
        return names
    }

    @Test func everyCommandTakesNoColor() throws {
        let names = try Self.argumentNames()
        #expect(names.count >= 13, "\(names.keys.sorted())")
        for (command, arguments) in names
            where !["help", "exec-agent", "demo-agent", "supervise", "run-agent", "man-sections", "relay-messages", "hook"].contains(command) {
            #expect(arguments.contains("no-color"), "\(command) does not take --no-color: \(arguments)")
        }
        // And each of the five that refused it accepts it where it runs.
        let fixture = try SessionFixture()
        try fixture.defaultCommand(try fixture.succeedingAgent(sleep: 0) + " {prompt}")
        try fixture.role("api")
        try fixture.agents("start", "Task", "--wait").requireSuccess()
        for arguments in [["logs"], ["stop"], ["recreate", "--agent", "api"], ["restart", "--agent", "api"]] {
            let output = try fixture.agents(arguments + ["--no-color"])
            #expect(output.status == 0, "\(output)")
        }
        try fixture.waitForEnd()
        let progress = try fixture.agents(["progress", "10", "--no-color"])
        #expect(!progress.stderr.contains("--no-color"), "\(progress)")
        // Taken, and then refused for what it is: progress run outside any agent's worktree.
        #expect(progress.status == 2 && progress.stderr.contains("belongs to no agent"), "\(progress)")
    }

    @Test("an unknown command exits 2 with one line", arguments: [["nosuch"], ["help", "nosuch"], ["nosuch", "--json"]])
    func unknownCommand(_ arguments: [String]) throws {
        let output = try Binary.gitAgents.run(arguments, in: FileManager.default.temporaryDirectory,
                                              environment: Binary.environment(["NO_COLOR": "1"]))
        #expect(output.status == 2, "\(output)")
        #expect(output.stdout.isEmpty, "\(output)")
        #expect(output.stderr == "error: 'nosuch' is not a git agents command; see: git agents --help\n", "\(output)")
        // Real commands are still reached through help.
        let help = try Binary.gitAgents.run(["help", "logs"], environment: Binary.environment())
        #expect(help.status == 0 && help.stdout.contains("USAGE: git-agents logs"), "\(help)")
    }

    /// `status`, `progress` and `hook` are parsed as roots of their own (GitAgentsCLI/HotCommands.swift): help,
    /// completion scripts and usage errors must read exactly as when the whole tree parses them.
    @Test func theDirectlyParsedCommandsReadAsFromTheRoot() throws {
        let environment = Binary.environment(["NO_COLOR": "1"])
        let folder = FileManager.default.temporaryDirectory
        func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
            let output = try Binary.gitAgents.run(arguments, in: folder, environment: environment)
            return (output.status, output.stdout, output.stderr)
        }
        for command in ["status", "progress", "hook"] {
            let help = try run(["help", command])
            #expect(help.status == 0 && help.stdout.contains("USAGE: git-agents \(command)"), "\(help)")
            for asking in [["-h"], ["--help"]] {
                let output = try run([command] + asking)
                #expect(output.status == 0 && output.stdout == help.stdout, "\(command) \(asking): \(output)")
            }
            let completion = try run([command, "--generate-completion-script", "bash"])
            let fromTheRoot = try run(["--generate-completion-script", "bash"])
            #expect(completion.status == 0 && completion.stdout == fromTheRoot.stdout)
        }
        let cases: [([String], String)] = [
            (["status", "--nope"], "error: Unknown option '--nope'\nhint: see: git agents help status\n"),
            (["status", "--session"], "error: Missing value for '--session <session>'\nhint: see: git agents help status\n"),
            (["progress"], "error: Missing expected argument '<percent>'\nhint: see: git agents help progress\n"),
            (["progress", "5", "a", "b"], "error: Unexpected argument 'b'\nhint: see: git agents help progress\n"),
            (["hook"], "error: Missing expected argument '<name>'\nhint: see: git agents help hook\n"),
        ]
        for (arguments, stderr) in cases {
            let output = try run(arguments)
            #expect(output.status == 2 && output.stdout.isEmpty && output.stderr == stderr, "\(arguments): \(output)")
        }
    }

    @Test func countsOfOneAreSingular() throws {
        let fixture = try SessionFixture()
        try fixture.defaultCommand(try fixture.succeedingAgent(sleep: 0) + " {prompt}")
        try fixture.role("api")
        let start = try fixture.agents("start", "Task", "--wait")
        #expect(start.status == 0, "\(start)")
        let id = try fixture.newestSession()
        let history = try fixture.history(id).joined(separator: "\n")
        for wanted in ["creating 1 worktree", "ready: 1 agent", "(1 file, +1 -0)", "done: its agent finished"] {
            #expect(history.contains(wanted), "no \"\(wanted)\" in:\n\(history)")
        }
        let plural = try #require(try Regex(#"\b1 (files|agents|worktrees)\b"#))
        #expect(history.firstMatch(of: plural) == nil, "\(history)")
        #expect(start.stdout.firstMatch(of: plural) == nil, "\(start)")
    }

    @Test func aSettingNoCommandTakesIsWarnedAboutOnce() throws {
        let fixture = try SessionFixture()
        let agent = try fixture.succeedingAgent(sleep: 0) + " {prompt}"
        for name in ["database", "api", "frontend"] {
            try fixture.role(name, command: agent)
            try fixture.git(["config", "role.\(name).temperature", "0.2"])
            try fixture.git(["config", "role.\(name).maxTokens", name == "api" ? "8000" : "4000"])
        }
        let output = try fixture.agents(["start", "Task", "--dry-run"])
        #expect(output.status == 0, "\(output)")
        let warnings = output.stderr.split(separator: "\n").filter { $0.hasPrefix("warning:") }
        #expect(warnings == [
            "warning: temperature 0.2 for roles api, database, frontend: the command template has no {temperature}; "
                + "it reaches the agent only as GIT_AGENTS_TEMPERATURE",
            "warning: maxTokens for roles api (8000), database (4000), frontend (4000): the command template has no "
                + "{maxTokens}; it reaches the agent only as GIT_AGENTS_MAX_TOKENS",
        ], "\(output)")
    }

    @Test func ctrlCOnStartWaitSaysTheAgentsGoOn() throws {
        let fixture = try SessionFixture()
        try fixture.defaultCommand(try fixture.waitingAgent() + " {prompt}")
        try fixture.role("api")
        let stdout = fixture.root.appendingPathComponent("start.out"), stderr = fixture.root.appendingPathComponent("start.err")
        FileManager.default.createFile(atPath: stdout.path, contents: nil)
        FileManager.default.createFile(atPath: stderr.path, contents: nil)
        let process = Process()
        process.executableURL = try Binary.gitAgents.url
        process.arguments = ["start", "Task", "--wait"]
        process.currentDirectoryURL = fixture.repo
        process.environment = fixture.environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        try Binary.spawn(process)
        defer { if process.isRunning { process.terminate() } }
        _ = try fixture.waitForWorking("api")

        process.interrupt()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        try #require(!process.isRunning, "start --wait did not exit on SIGINT")
        let said = String(decoding: try Data(contentsOf: stderr), as: UTF8.self)
        #expect(process.terminationStatus == 130, "stderr: \(said)")
        #expect(process.terminationReason == .exit, "killed by the signal instead of saying anything")
        let lines = said.split(separator: "\n")
        #expect(lines.count == 1, "\(said)")
        #expect(said.contains("keep running") && said.contains("git agents status --watch") && said.contains("git agents stop"),
                "\(said)")
        // The agent really goes on, and ends well.
        #expect(SessionFixture.agent("api", in: try fixture.status())?["status"] as? String == "running")
        try fixture.release("api")
        let ended = try fixture.waitForEnd()
        #expect(SessionFixture.agent("api", in: ended)?["status"] as? String == "done", "\(ended)")
    }
}
