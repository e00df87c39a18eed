// The supervisor's side of the message relay: while messages wait for the orchestrator and one is configured,
// a `git-agents relay-messages` process answers them, so that a slow orchestrator never holds up the agents.
import Foundation

struct RelayLauncher {
    /// How long the supervisor leaves the configuration alone after it named no usable orchestrator (the
    /// messages then wait for a person).
    static let pause: TimeInterval = 2

    private var relay: pid_t?
    private var noOrchestratorSince: Date?

    /// Starts a relay when a message may be taken and none runs; the relay's output goes to the supervisor's log.
    mutating func startIfNeeded(_ snapshot: SessionSnapshot, workspace: Workspace, runtime: RuntimeFolder) {
        if let relay, ProcessLiveness.isAlive(relay) { return }
        relay = nil
        guard let messages = try? MessageFiles.read(snapshot.tree), messages.contains(where: \.awaitsOrchestrator) else { return }
        if let since = noOrchestratorSince, Date().timeIntervalSince(since) < Self.pause { return }
        // An orchestrator that cannot run (untrusted, badly written) leaves the messages to a person; `doctor` says why.
        guard let configuration = try? Configuration.load(workspace),
              (try? configuration.command("agents.orchestrator")) ?? nil != nil else {
            noOrchestratorSince = Date()
            return
        }
        noOrchestratorSince = nil
        let timeout = (try? OrchestratorCall.timeout(in: configuration)) ?? OrchestratorCall.defaultTimeout
        guard !MessageRelay.claimable(messages, now: Date(), timeout: timeout).isEmpty else { return }
        let log = (try? RuntimeFile.openForAppend(runtime.supervisorLog)) ?? -1
        defer { if log >= 0 { close(log) } }
        relay = try? Spawn.start([SelfExecutable.path, "relay-messages", "--session", snapshot.session.id],
                                 directory: workspace.worktreeRoot, environment: AgentEnvironment.scrubbed(),
                                 stdout: log >= 0 ? log : nil, stderr: log >= 0 ? log : nil, grouping: .newProcessGroup)
    }
}
