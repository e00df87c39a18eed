// When an agent ends: commit what it left, copy its log into the record, note its head, release dependants.
import Foundation
import GitKit

struct AgentFinisher {
    let workspace: Workspace
    let sessionID: String

    static let notesRef = "refs/notes/agents"

    /// Records the end of run `run` of `name` (nil: whichever run is going on). Nothing the agent wrote is
    /// lost: leftovers become a commit on its branch. Each step that can fail on a damaged worktree only adds
    /// to the reason: the end is always recorded. A run that has already ended, or a newer run, is left alone.
    func finish(_ name: String, run: Int?, exitCode: Int32?, outcome: AgentOutcome) throws {
        let store = SessionStore(repository: workspace.repository)
        let runtime = RuntimeFolder(workspace, session: sessionID)
        guard let agent = try store.load(sessionID).agent(name), Self.isThisRun(agent, run) else { return }
        let salvage = WorkSalvage.salvage(agent, session: sessionID, in: workspace.repository)
        let head = salvage.head
        // Agents that had started from this one's earlier work (it was sent back, or restarted) move onto the new,
        // before this run is recorded as ended: the session does not end while they are being moved.
        if outcome == .done { Restack(workspace: workspace, sessionID: sessionID).dependants(of: name, newHead: head) }
        let stat = try? workspace.repository.diffStat(from: agent.base, to: head)
        // This run's live log is parked under the run's name first, so a restart that follows gets a fresh
        // one. The parked log is removed only once the record holds it: if recording fails, whoever finishes
        // this run later (the supervisor, finding the runner gone) records it then.
        let parked = runtime.parkedLog(agent: name, run: agent.run)
        Self.park(runtime.liveLog(agent: name), into: parked)
        try? FileManager.default.removeItem(atPath: runtime.stopMarker(agent: name))
        let ended = Date()
        let limit = (try? ArtifactName.limit(workspace)) ?? ArtifactName.defaultLimit
        let (artifacts, refused) = ArtifactShelf.collect(from: runtime.artifacts(agent: name), limit: limit)
        let log = (FileManager.default.contents(atPath: parked) ?? Data())
            + Data(refused.map { LogLine.stored("git-agents: " + $0, at: ended) }.joined().utf8)
        let snapshot = try store.update(sessionID) { document in
            guard let current = document.agents[name], Self.isThisRun(current, run),
                  document.transition(name, {
                      try $0.ended(run: current.run, outcome: outcome, exitCode: exitCode, at: ended, notes: salvage.notes)
                  }),
                  var record = document.agents[name] else { return nil }
            record.head = head
            if let stat { record.stats = DiffStats(files: stat.files, added: stat.insertions, deleted: stat.deletions) }
            document.agents[name] = record
            // Artifacts go in as `artifact put` puts them; one that cannot is said so in the log.
            var notKept = ""
            for (path, content) in artifacts.sorted(by: { $0.key < $1.key }) {
                // A name another agent of the role holds goes under this agent's name rather than be lost.
                if let problem = try Artifacts.place(content, name: path, by: record, at: ended, in: &document),
                   let again = try Artifacts.place(content, name: name + "/" + path, by: record, at: ended, in: &document) {
                    notKept += LogLine.stored("git-agents: artifact not kept: \(problem); \(again)", at: ended)
                }
            }
            let earlier = try document.tree.data(at: "logs/\(name).log") ?? Data()
            document.tree.set(earlier + log + Data(notKept.utf8), at: "logs/\(name).log")
            // The branch holds the head; what it does not hold, only the record does.
            for commit in salvage.keep { document.tree.keepReachable(commit) }
            return Self.activity(record, outcome: outcome, leftover: salvage.leftover != nil)
                + salvage.notes.map { "; " + $0 }.joined()
        }
        try? FileManager.default.removeItem(atPath: parked)
        // The runner's files go once the record says the run ended, and only if they are this run's.
        if ProcessIdentity.read(runtime.runnerPidFile(agent: name)).map({ $0.pid == getpid() || !$0.isAlive }) ?? false {
            try? FileManager.default.removeItem(atPath: runtime.runnerPidFile(agent: name))
        }
        if ProcessIdentity.read(runtime.agentPidFile(agent: name)).map({ !$0.isAlive }) ?? false {
            try? FileManager.default.removeItem(atPath: runtime.agentPidFile(agent: name))
        }
        // An agent that committed nothing has its note on the commit it started from: status and exit
        // code say what happened, and other agents' lines on that commit stay beside it.
        if let record = snapshot.agent(name) { try? writeNote(record, session: snapshot.session) }

    }

    /// Only a running agent is ended, and only the run asked for (when one is named).
    static func isThisRun(_ agent: AgentRecord, _ run: Int?) -> Bool {
        agent.status == .running && (run == nil || agent.run == run)
    }

    /// Moves the live log to `parked`, appending when an earlier try to finish this run left one there.
    static func park(_ live: String, into parked: String) {
        guard let data = FileManager.default.contents(atPath: live) else { return }
        if let existing = FileManager.default.contents(atPath: parked) {
            if (try? RuntimeFile.write(existing + data, to: parked)) != nil {
                try? FileManager.default.removeItem(atPath: live)
            }
        } else {
            try? FileManager.default.moveItem(atPath: live, toPath: parked)
        }
    }

    /// One line of an error, for an activity line.
    static func brief(_ error: Error) -> String {
        let text = (error as? AgentsError)?.message ?? (error as? GitError)?.message ?? FileProblem.describe(error) ?? "\(error)"
        return text.split(whereSeparator: \.isNewline).first.map(String.init) ?? text
    }

    static func activity(_ record: AgentRecord, outcome: AgentOutcome, leftover: Bool) -> String {
        let took = record.startedAt.map { " in " + Units.elapsed(record.endedAt?.timeIntervalSince($0) ?? 0) } ?? ""
        let stats = "\(Units.count(record.stats.files, "file")), +\(record.stats.added) -\(record.stats.deleted)"
        let kept = leftover ? "; its uncommitted work was committed" : ""
        switch outcome {
        case .done: return "\(record.name): done\(took) (\(stats)\(kept))"
        case .failed(let reason):
            let firstLine = reason.split(whereSeparator: \.isNewline).first.map(String.init) ?? reason
            return "\(record.name): failed: \(firstLine)\(kept)"
        case .stopped: return "\(record.name): stopped\(took) (\(stats)\(kept))"
        case .timedOut(let limit): return "\(record.name): timed out after \(Units.elapsed(limit))\(kept)"
        }
    }

    /// Provenance on the agent's head commit: one JSON object per line, so several agents (or runs) that
    /// end on the same commit each keep their line.
    private func writeNote(_ record: AgentRecord, session: SessionInfo) throws {
        let line = String(decoding: try JSONEncoder.compact.encode(ProvenanceNote(record, session: session)), as: UTF8.self)
        try workspace.repository.updateNote(on: record.head, notesRef: Self.notesRef) { existing in
            let lines = (existing ?? "").split(separator: "\n").map(String.init)
            return (lines.contains(line) ? lines : lines + [line]).joined(separator: "\n") + "\n"
        }
    }
}

/// The note format (version 1): see docs/data-model.md.
struct ProvenanceNote: Encodable {
    let version = 1
    let session: String
    let agent: String
    let role: String
    let task: String
    let command: [String]
    let model: String?
    let startedAt: Date?
    let endedAt: Date?
    let exitCode: Int32?
    let status: String
    let run: Int
    let reason: String?

    init(_ record: AgentRecord, session: SessionInfo) {
        self.session = session.id
        agent = record.name
        role = record.role
        task = record.task
        command = record.command
        model = record.model
        startedAt = record.startedAt
        endedAt = record.endedAt
        exitCode = record.exitCode
        status = record.status.rawValue
        run = record.run
        reason = record.reason
    }
}

extension JSONEncoder {
    /// One-line JSON with sorted keys and ISO-8601 times (notes are line-oriented).
    static var compact: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = RecordTime.encodingStrategy
        return encoder
    }
}
