// Messages to the orchestrator, handed to the configured orchestrator command (`git-agents relay-messages`,
// started by the supervisor): each is claimed in the record first (compare-and-swap), so whichever process
// relays, none is answered twice; the answer is relayed as messages in the same commit that marks it handled.
import Foundation

public struct MessageRelay {
    let workspace: Workspace
    let sessionID: String

    public init(workspace: Workspace, sessionID: String) {
        self.workspace = workspace
        self.sessionID = sessionID
    }

    /// Tries per message; after that it waits for a person (`git agents send --to ROLE`).
    static let maxAttempts = 3
    /// A claim older than the orchestrator's timeout and this margin belongs to a relay that died: taken over.
    static let claimMargin: TimeInterval = 60

    /// What the orchestrator gets on stdin (and, framed, as its prompt).
    struct Request: Encodable {
        struct AgentState: Encodable {
            let name: String
            let role: String
            let title: String
            let status: String
            let progress: Int
        }

        struct SessionState: Encodable {
            let id: String
            let task: String
            let state: String
            let agents: [AgentState]
        }

        let message: Message
        /// The sender's state; nil when a person sent it.
        let sender: AgentState?
        let session: SessionState
        /// The messages this one answers, oldest first (the conversation so far).
        let thread: [Message]
        let answerFormat: String
    }

    static let answerFormat = #"{"to": "a role or agent (default: the sender)", "text": "…"}, or {"messages": [{"to": "…", "text": "…"}]}; plain text goes to the sender; no output answers nothing"#

    /// Messages a relay may take now: waiting, not given up on, not held by a relay that is still within its time.
    static func claimable(_ messages: [Message], now: Date, timeout: TimeInterval) -> [Message] {
        messages.filter { message in
            guard message.awaitsOrchestrator, (message.relay?.attempts ?? 0) < maxAttempts else { return false }
            guard let claimed = message.relay?.claimedAt, message.relay?.claimedBy != nil else { return true }
            return now.timeIntervalSince(claimed) > timeout + claimMargin
        }
    }

    /// Answers every message a relay may take, one at a time. Does nothing without an orchestrator command
    /// (the messages wait for a person).
    public func run() throws {
        let configuration = try Configuration.load(workspace)
        guard let command = try configuration.command("agents.orchestrator") else { return }
        let timeout = try OrchestratorCall.timeout(in: configuration)
        while let message = try claimNext(timeout: timeout) {
            do {
                let snapshot = try SessionStore(repository: workspace.repository).load(sessionID)
                let replies = try ask(command, about: message, snapshot: snapshot, configuration: configuration)
                try answer(message, with: replies)
            } catch {
                try release(message, error: AgentFinisher.brief(error))
            }
        }
    }

    private var holder: String { "\(ProcessInfo.processInfo.hostName):\(getpid())" }

    /// Claims the oldest message a relay may take (one attempt more), nil when there is none.
    private func claimNext(timeout: TimeInterval) throws -> Message? {
        var claimed: Message?
        try SessionStore(repository: workspace.repository).update(sessionID) { document in
            claimed = nil
            guard var message = Self.claimable(try MessageFiles.read(document.tree), now: Date(), timeout: timeout).first
            else { return nil }
            message.relay = .init(claimedBy: holder, claimedAt: Date(), attempts: (message.relay?.attempts ?? 0) + 1,
                                  error: message.relay?.error)
            try MessageFiles.write(message, into: &document.tree)
            claimed = message
            return "orchestrator: reading message #\(message.seq) from \(message.from)"
        }
        return claimed
    }

    private func ask(_ command: String, about message: Message, snapshot: SessionSnapshot,
                     configuration: Configuration) throws -> [(to: String, text: String)] {
        let all = try MessageFiles.read(snapshot.tree)
        let state = { (agent: AgentRecord) in
            Request.AgentState(name: agent.name, role: agent.role, title: agent.title, status: agent.status.rawValue,
                               progress: agent.progress)
        }
        let request = Request(
            message: message, sender: snapshot.agent(message.from).map(state),
            session: .init(id: snapshot.session.id, task: snapshot.session.task, state: snapshot.session.state.rawValue,
                           agents: snapshot.agents.map(state)),
            thread: Self.thread(of: message, in: all), answerFormat: Self.answerFormat)
        let input = try RecordJSON.encode(request)
        let prompt = """
        You are the orchestrator of several coding agents working in parallel on one task, each on its own git \
        branch. One of them (or a person) sent you the message below. Answer it, or pass it on to the agent or \
        role that can answer, with a short message. Answer with JSON only, in this shape: \(Self.answerFormat)

        \(String(decoding: input, as: UTF8.self))
        """
        let output = try OrchestratorCall.ask(command, prompt: prompt, request: input, configuration: configuration,
                                              in: workspace.worktreeRoot, task: snapshot.session.task)
        let replies = try OrchestratorAnswer.parse(output, sender: message.from)
        for reply in replies {
            // A message to itself would be handed to it again, and again: a loop of orchestrator calls.
            guard reply.to != Message.orchestrator else {
                throw AgentsError.failed("the orchestrator's answer is addressed to the orchestrator itself",
                                         hint: "it must answer the sender, or pass the message on to a role or agent")
            }
            try SessionMessages.checkRecipient(reply.to, in: snapshot)
            guard reply.text.utf8.count <= SessionMessages.maxTextBytes else {
                throw AgentsError.failed("the orchestrator's answer to \(reply.to) is longer than \(SessionMessages.maxTextBytes) bytes",
                                         hint: "it must answer in a short message")
            }
        }
        return replies
    }

    /// The messages `message` answers, oldest first.
    static func thread(of message: Message, in all: [Message]) -> [Message] {
        let bySeq = Dictionary(all.map { ($0.seq, $0) }, uniquingKeysWith: { first, _ in first })
        var thread: [Message] = [], next = message.inReplyTo
        while let seq = next, let earlier = bySeq[seq], !thread.contains(where: { $0.seq == seq }) {
            thread.insert(earlier, at: 0)
            next = earlier.inReplyTo
        }
        return thread
    }

    /// Writes the replies and marks `message` handled, in one commit; nothing when someone answered it meanwhile.
    private func answer(_ message: Message, with replies: [(to: String, text: String)]) throws {
        try SessionStore(repository: workspace.repository).update(sessionID) { document in
            guard var current = try MessageFiles.read(document.tree).first(where: { $0.seq == message.seq }),
                  current.awaitsOrchestrator, current.relay?.claimedBy == holder else { return nil }
            let first = MessageFiles.nextSeq(document.tree)
            var written: [Message] = []
            for (offset, reply) in replies.enumerated() {
                let relayed = Message(seq: first + offset, from: Message.orchestrator, to: reply.to, text: reply.text,
                                      time: Date(), inReplyTo: message.seq)
                try MessageFiles.write(relayed, into: &document.tree)
                written.append(relayed)
            }
            current.handled = .init(by: Message.orchestrator, at: Date(), reply: written.first?.seq)
            current.relay?.claimedBy = nil
            try MessageFiles.write(current, into: &document.tree)
            switch written.count {
            case 0: return "orchestrator: answered message #\(message.seq) with nothing"
            case 1: return SessionMessages.activity(written[0])
            default: return "orchestrator: answered message #\(message.seq) with messages #\(first)–#\(first + written.count - 1)"
            }
        }
    }

    /// Gives the message back after a failed try; the next try (or a person) answers it.
    private func release(_ message: Message, error: String) throws {
        try SessionStore(repository: workspace.repository).update(sessionID) { document in
            guard var current = try MessageFiles.read(document.tree).first(where: { $0.seq == message.seq }),
                  current.relay?.claimedBy == holder else { return nil }
            current.relay?.claimedBy = nil
            current.relay?.claimedAt = nil
            current.relay?.error = error
            try MessageFiles.write(current, into: &document.tree)
            let left = Self.maxAttempts - (current.relay?.attempts ?? 0)
            let next = current.awaitsOrchestrator && left <= 0 ? "; it waits for a person" : ""
            return "orchestrator could not answer message #\(message.seq): \(error)\(next)"
        }
    }
}
