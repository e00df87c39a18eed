// Commands git-agents runs itself (hidden from help): the supervisor, an agent's runner, the limits wrapper,
// and the demo's scripted agent.
import ArgumentParser
import Foundation
import GitAgentsKit

extension GitAgents {
    struct Supervise: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "supervise",
            abstract: "Supervise a session's agents (started by git agents start).", shouldDisplay: false)

        @Option var session: String

        func run() throws {
            try Supervisor(workspace: try CommandContext().workspace, sessionID: session).run()
        }
    }

    struct RunAgent: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run-agent", abstract: "Run one agent of a session (started by the supervisor).", shouldDisplay: false)

        @Option var session: String
        @Option var agent: String
        @Option(name: .customLong("run")) var runNumber: Int?

        func run() throws {
            try AgentRunner(workspace: try CommandContext().workspace, sessionID: session, agent: agent, run: runNumber).run()
        }
    }

    struct ExecAgent: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "exec-agent", abstract: "Apply an agent's limits, then become the agent.", shouldDisplay: false)

        @Option var memory: UInt64?
        @Option var cpus: Int?
        @Option var slot: Int = 0
        @Option var cgroup: String = "agent"
        @Argument(parsing: .postTerminator) var command: [String]

        func run() throws {
            let applied = AgentLimits(memoryBytes: memory, cpus: cpus).applyToSelf(cgroupName: cgroup, slot: slot)
            for line in applied { print("git-agents: limit \(line)") }
            fflush(nil)
            Spawn.exec(command, environment: ProcessInfo.processInfo.environment)
        }
    }

    struct DemoAgentCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "demo-agent", abstract: "The scripted agent of git agents demo.", shouldDisplay: false)

        @Argument var prompt: [String] = []

        func run() throws {
            try DemoAgent.run(in: try CommandContext().workspace)
        }
    }
}
