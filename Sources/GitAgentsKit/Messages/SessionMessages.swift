// `git agents send` and `inbox`: messages between the agents, the orchestrator and a person, each one commit of
// the session record (SessionStore.update), so that git gives their order and history.
import Foundation

/// Who a command speaks for: an agent (from its worktree or its environment), or a person.
public enum Correspondent: Sendable, Equatable {
    case agent(name: String, role: String)
    case person

    public var name: String {
        switch self {
        case .agent(let name, _): name
        case .person: Message.person
        }
    }

    /// Messages meant for this reader: an agent's own (by name or role); a person reads everything.
    func reads(_ message: Message) -> Bool {
        switch self {
        case .agent(let name, let role): message.to == name || message.to == role
        case .person: true
        }
    }
}

public enum SessionMessages {
    /// Long enough for a schema or a stack trace; a message is not a file (`artifact put` is for those).
    public static let maxTextBytes = 64 * 1024

    /// The agent this command runs for when it belongs to `session`, else a person.
    public static func correspondent(_ workspace: Workspace, session: String,
                                     environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Correspondent {
        guard let here = try ProgressReport.agentHere(workspace, environment: environment), here.session == session,
              let agent = try SessionStore(repository: workspace.repository).load(session).agent(here.agent) else {
            return .person
        }
        return .agent(name: agent.name, role: agent.role)
    }

    /// Records one message from `sender` to `recipient` (a role, an agent or `orchestrator`). A person's message
    /// to an agent or role answers what waits for the orchestrator (`answeredByPerson`): the person played
    /// the orchestrator. Returns the message as recorded.
    @discardableResult
    public static func send(_ workspace: Workspace, session: String, from sender: Correspondent, to recipient: String,
                            text: String, replyTo: Int? = nil, now: Date = Date()) throws -> Message {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw AgentsError.usage("the message is empty", hint: "give its text: git agents send --to ROLE \"MSG\"")
        }
        guard text.utf8.count <= maxTextBytes else {
            throw AgentsError.usage("the message is \(text.utf8.count) bytes, more than \(maxTextBytes)",
                                    hint: "share a file instead: git agents artifact put FILE")
        }
        let store = SessionStore(repository: workspace.repository)
        try checkRecipient(recipient, in: try store.load(session))
        var sent: Message?
        try store.update(session) { document in
            let existing = try MessageFiles.read(document.tree)
            if let replyTo, !existing.contains(where: { $0.seq == replyTo }) {
                throw AgentsError.usage("session \(session) has no message #\(replyTo) to reply to",
                                        hint: "see the messages with: git agents inbox --all")
            }
            let seq = MessageFiles.nextSeq(document.tree)
            var message = Message(seq: seq, from: sender.name, to: recipient, text: text, time: now, inReplyTo: replyTo)
            if sender == .person && recipient != Message.orchestrator && recipient != Message.person {
                let answered = answeredByPerson(existing, to: recipient, replyTo: replyTo, agents: document.agents)
                if message.inReplyTo == nil, answered.count == 1 { message.inReplyTo = answered[0].seq }
                for var waiting in answered {
                    waiting.handled = .init(by: Message.person, at: now, reply: seq)
                    try MessageFiles.write(waiting, into: &document.tree)
                }
            }
            try MessageFiles.write(message, into: &document.tree)
            sent = message
            return activity(message)
        }
        return sent!
    }

    /// What a person's message to `recipient` answers of what waits for the orchestrator: message `replyTo`;
    /// else what its recipient asked (the person answers it directly); else the oldest question (the person
    /// passed it on). Never every question: one agent's answer must not silence another's question.
    static func answeredByPerson(_ messages: [Message], to recipient: String, replyTo: Int?,
                                 agents: [String: AgentRecord]) -> [Message] {
        let waiting = messages.filter(\.awaitsOrchestrator)
        if let replyTo { return waiting.filter { $0.seq == replyTo } }
        let fromRecipient = waiting.filter { $0.from == recipient || agents[$0.from]?.role == recipient }
        return fromRecipient.isEmpty ? Array(waiting.prefix(1)) : fromRecipient
    }

    /// Why a message to the orchestrator waits for a person instead of being handed to a command; nil when an
    /// orchestrator command can run. A command set in a file not trusted yet is named as such, not as unset.
    public static func whyNoOrchestrator(_ workspace: Workspace) -> String? {
        do {
            return try Configuration.load(workspace).command("agents.orchestrator") == nil
                ? "no orchestrator command is set (agents.orchestrator)" : nil
        } catch let error as AgentsError {
            return error.message + (error.hint.map { " (\($0))" } ?? "")
        } catch {
            return AgentFinisher.brief(error)
        }
    }

    /// The commit message of a message's record commit: `message #N from → to: first line`.
    static func activity(_ message: Message) -> String {
        let line = message.text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let short = line.count > 72 ? String(line.prefix(71)) + "…" : line
        return "message #\(message.seq) \(message.from) → \(message.to): \(short)"
    }

    /// The messages `reader` sees (everything with `all`), oldest first.
    public static func inbox(_ snapshot: SessionSnapshot, for reader: Correspondent, all: Bool = false) throws -> [Message] {
        try MessageFiles.read(snapshot.tree).filter { all || reader.reads($0) }
    }

    /// Messages to the orchestrator that nobody has answered yet.
    public static func waitingForOrchestrator(_ snapshot: SessionSnapshot) throws -> [Message] {
        try MessageFiles.read(snapshot.tree).filter(\.awaitsOrchestrator)
    }

    /// A recipient is `orchestrator`, `person`, or an agent or role of the session; anything else would never be read.
    static func checkRecipient(_ recipient: String, in snapshot: SessionSnapshot) throws {
        let known = [Message.orchestrator, Message.person] + snapshot.agents.map(\.name) + snapshot.agents.map(\.role)
        guard known.contains(recipient) else {
            var seen = Set<String>()
            let choices = known.filter { seen.insert($0).inserted }.joined(separator: ", ")
            throw AgentsError.usage("session \(snapshot.session.id) has no agent or role '\(recipient)'",
                                    hint: "send to one of: \(choices)")
        }
    }
}
