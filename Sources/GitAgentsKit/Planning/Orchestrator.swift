// The orchestrator command: given the task, the roles and the file list, it prints a JSON plan.
import Foundation
import GitKit

struct Orchestrator {
    let workspace: Workspace
    let configuration: Configuration
    let base: OID

    /// The request on stdin, for scripted orchestrators; LLM CLIs get the same as their prompt.
    struct Request: Encodable {
        struct RoleInfo: Encodable {
            let name: String
            let description: String?
            let dependsOn: [String]
            let paths: [String]
        }

        let task: String
        let roles: [RoleInfo]
        let files: [String]
        let planFormat: String
    }

    static let planFormat = #"{"agents": [{"name": "db", "role": "database", "title": "Schema design", "task": "…", "dependsOn": []}]}"#
    /// Enough of the file list to plan from without flooding a model's context.
    static let maxFiles = 2000

    func plan(task: String, command: String, roles: [Role]) throws -> [PlanEntry] {
        let files = try workspace.repository.treeFiles(try workspace.repository.commit(base).tree).keys.sorted()
        let request = Request(
            task: task,
            roles: roles.sorted { $0.name < $1.name }.map {
                Request.RoleInfo(name: $0.name, description: $0.description, dependsOn: $0.dependsOn, paths: $0.paths)
            },
            files: Array(files.prefix(Self.maxFiles)),
            planFormat: Self.planFormat)
        let input = try RecordJSON.encode(request)
        let prompt = """
        You are the orchestrator of several coding agents working in parallel, each on its own git branch.
        Split the task below between the roles listed, giving each agent a short, concrete task.
        Answer with JSON only, in this shape: \(Self.planFormat)
        "role" must be one of the roles listed; "title" is the assignment in two or three words; "dependsOn" names agents that must finish first.

        \(String(decoding: input, as: UTF8.self))
        """
        let argv = try AgentCommand.parse(command).argv(
            prompt: prompt, model: configuration.string("agents.orchestratorModel"),
            temperature: configuration.string("agents.orchestratorTemperature"), maxTokens: nil,
            role: "orchestrator", worktree: workspace.worktreeRoot, mcpConfigPath: nil)
        let output = try run(argv, input: input, task: task)
        guard let start = output.firstIndex(of: UInt8(ascii: "{")), let end = output.lastIndex(of: UInt8(ascii: "}")),
              start < end else {
            throw AgentsError.usage("the orchestrator (\(command)) printed no JSON plan",
                                    hint: "it must print \(Self.planFormat)")
        }
        return try PlanDocument.parse(Data(output[start...end]), source: "the orchestrator's plan").entries
    }

    /// Runs the orchestrator command (argv, never a shell) with `input` on stdin; its stdout.
    func run(_ argv: [String], input: Data, task: String) throws -> Data {
        let process = Process()
        guard let executable = AgentCLIs.locate(argv[0]) else {
            throw AgentsError.usage("the orchestrator command \(argv[0]) is not on PATH", hint: "fix agents.orchestrator")
        }
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(argv.dropFirst())
        process.currentDirectoryURL = URL(fileURLWithPath: workspace.worktreeRoot)
        // GIT_DIR and the like were meant for this command: a relative one would point elsewhere from there.
        var environment = AgentEnvironment.scrubbed()
        environment["GIT_AGENTS_TASK"] = task
        environment["GIT_AGENTS_ROLE"] = "orchestrator"
        process.environment = environment
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        // Feed the request while reading the answer, so a large request cannot deadlock on full pipes.
        DispatchQueue.global().async {
            stdin.fileHandleForWriting.write(input)
            try? stdin.fileHandleForWriting.close()
        }
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw AgentsError.failed("the orchestrator (\(argv[0])) exited with status \(process.terminationStatus)",
                                     hint: "see its messages above; nothing was changed")
        }
        return output
    }
}
