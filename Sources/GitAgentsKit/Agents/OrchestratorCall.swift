// One call of the orchestrator command, whatever it is asked (a plan, a review, a resolution, an answer to a
// message): argv from its template, the request as JSON on stdin, the answer from stdout, within
// agents.orchestratorTimeout.
import Foundation

enum OrchestratorCall {
    /// Long enough for a model to think; a hung orchestrator must not hold a session or a command forever.
    /// The built-in agents.orchestratorTimeout (ConfigurationLoader.defaults) says the same.
    static let defaultTimeout: TimeInterval = 10 * 60

    /// How long one orchestrator call may take (`agents.orchestratorTimeout`).
    static func timeout(in configuration: Configuration) throws -> TimeInterval {
        try configuration.duration("agents.orchestratorTimeout") ?? defaultTimeout
    }

    /// Runs `command` (argv, never a shell) in `directory` with `prompt` as its `{prompt}` and `request` on stdin;
    /// its stdout. A failure or a timeout is an error naming the command.
    static func ask(_ command: String, prompt: String, request: Data, configuration: Configuration,
                    in directory: String, task: String) throws -> Data {
        let argv = try AgentCommand.parse(command).argv(
            prompt: prompt, model: configuration.string("agents.orchestratorModel"),
            temperature: configuration.string("agents.orchestratorTemperature"), maxTokens: nil,
            role: "orchestrator", worktree: directory, mcpConfigPath: nil)
        guard AgentCLIs.locate(argv[0]) != nil else {
            throw AgentsError.usage("the orchestrator command \(argv[0]) is not on PATH", hint: "fix agents.orchestrator")
        }
        // GIT_DIR and the like were meant for git-agents: a relative one would point elsewhere from there.
        var environment = AgentEnvironment.scrubbed()
        environment["GIT_AGENTS_TASK"] = task
        environment["GIT_AGENTS_ROLE"] = "orchestrator"
        let timeout = try timeout(in: configuration)
        let (output, status) = try run(argv, input: request, in: directory, environment: environment, timeout: timeout)
        guard let status else {
            throw AgentsError.failed("the orchestrator (\(argv[0])) did not answer within \(Units.elapsed(timeout)) and was stopped",
                                     hint: "raise agents.orchestratorTimeout, or check the orchestrator command")
        }
        guard status == 0 else {
            throw AgentsError.failed("the orchestrator (\(argv[0])) exited with status \(status)",
                                     hint: "see its messages above; nothing was changed")
        }
        return output
    }

    /// The first `{` to the last `}` of an answer: models like to wrap their JSON in prose or code fences.
    static func jsonObject(in output: Data) -> Data? {
        guard let start = output.firstIndex(of: UInt8(ascii: "{")), let end = output.lastIndex(of: UInt8(ascii: "}")),
              start < end else { return nil }
        return Data(output[start...end])
    }

    /// Runs `argv` in a process group of its own, feeding `input` while reading stdout (a large request cannot
    /// deadlock on full pipes); stderr goes where ours goes. Past `timeout` the whole group is killed and the
    /// status is nil.
    static func run(_ argv: [String], input: Data, in directory: String, environment: [String: String],
                    timeout: TimeInterval) throws -> (output: Data, status: Int32?) {
        var toChild: [Int32] = [-1, -1], fromChild: [Int32] = [-1, -1]
        guard pipe(&toChild) == 0 else { throw AgentsError.failed("cannot run the orchestrator: no pipe (\(String(cString: strerror(errno))))") }
        guard pipe(&fromChild) == 0 else {
            toChild.forEach { close($0) }
            throw AgentsError.failed("cannot run the orchestrator: no pipe (\(String(cString: strerror(errno))))")
        }
        let pid: pid_t
        do {
            pid = try Spawn.start(argv, directory: directory, environment: environment, stdin: toChild[0],
                                  stdout: fromChild[1], stderr: STDERR_FILENO, grouping: .newProcessGroup)
        } catch {
            (toChild + fromChild).forEach { close($0) }
            throw error
        }
        close(toChild[0])
        close(fromChild[1])
        let writer = toChild[1]
        DispatchQueue.global().async {
            input.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = write(writer, bytes.baseAddress! + offset, bytes.count - offset)
                    if written < 0 && errno == EINTR { continue }
                    // The orchestrator stopped reading (it answered, or ended): the rest is not needed.
                    guard written > 0 else { break }
                    offset += written
                }
            }
            close(writer)
        }
        let deadline = Date().addingTimeInterval(timeout)
        let output = read(fromChild[0], until: deadline)
        close(fromChild[0])
        while Date() < deadline {
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { return (output ?? Data(), (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)) }
            if reaped < 0 && errno != EINTR { return (output ?? Data(), -1) }
            usleep(20_000)
        }
        Spawn.signalGroup(pid, SIGKILL)
        _ = Spawn.wait(pid)
        return (output ?? Data(), nil)
    }

    /// Everything `descriptor` gives until end of file; nil when the deadline came first.
    private static func read(_ descriptor: Int32, until deadline: Date) -> Data? {
        var output = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { return nil }
            var watched = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&watched, 1, Int32(min(remaining, 1) * 1000) + 1)
            if ready < 0 && errno != EINTR { return output }
            guard ready > 0 else { continue }
            let count = Foundation.read(descriptor, &buffer, buffer.count)
            if count > 0 {
                output.append(buffer, count: count)
            } else if count == 0 || errno != EINTR {
                return output
            }
        }
    }
}
