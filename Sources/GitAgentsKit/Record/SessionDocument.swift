// A session's documents (`session.json`, `agents/<agent>.json`) while a change is applied to them: read
// leniently from a record tree, changed through the lifecycle's transitions, written back keeping what a newer
// version wrote.
import Foundation
import GitKit

/// A session's documents while a change is applied to them.
public struct SessionDocument {
    public var session: SessionInfo
    public var agents: [String: AgentRecord]
    /// Logs, artifacts and anything else the record holds besides the JSON documents.
    public var tree: RecordTree

    /// Applies one lifecycle transition to agent `name`; false (and nothing changed) when there is no such
    /// agent or the transition does not start from its status.
    @discardableResult
    public mutating func transition(_ name: String, _ change: (inout AgentLifecycle) throws -> Void) -> Bool {
        guard var agent = agents[name] else { return false }
        do {
            try change(&agent.lifecycle)
        } catch {
            return false
        }
        agents[name] = agent
        return true
    }

    /// Applies one transition to the session's state; false (and nothing changed) when it is refused.
    @discardableResult
    public mutating func transitionSession(_ change: (inout SessionLifecycle) throws -> Void) -> Bool {
        var lifecycle = session.lifecycle
        do {
            try change(&lifecycle)
        } catch {
            return false
        }
        session.lifecycle = lifecycle
        return true
    }

    /// Ends a running session whose agents have all ended (SessionLifecycle.end); false otherwise.
    public mutating func endSessionIfOver() -> Bool {
        let statuses = agents.mapValues(\.status)
        return transitionSession { try $0.end(agents: statuses) }
    }
}

extension SessionStore {
    /// Reads the documents leniently (RecordFormat): unknown fields and values are accepted. A record that
    /// still cannot be read (no `session.json`, not JSON, a required field missing) is an error naming it.
    static func document(from tree: RecordTree, ref: String) throws -> SessionDocument {
        let decoder = RecordJSON.decoder()
        func unreadable(_ path: String, _ why: String) -> AgentsError {
            .repository("the session record \(ref) cannot be read: \(path) \(why)",
                        hint: "run git agents doctor (it lists unreadable records)")
        }
        guard let sessionData = try tree.data(at: "session.json") else { throw unreadable("session.json", "is missing") }
        let session: SessionInfo
        do {
            session = try decoder.decode(SessionInfo.self, from: sessionData)
        } catch {
            throw unreadable("session.json", RecordJSON.describe(error))
        }
        var agents: [String: AgentRecord] = [:]
        for path in tree.paths where path.hasPrefix("agents/") && path.hasSuffix(".json") {
            guard let data = try tree.data(at: path) else { continue }
            do {
                let agent = try decoder.decode(AgentRecord.self, from: data)
                agents[agent.name] = agent
            } catch {
                throw unreadable(path, RecordJSON.describe(error))
            }
        }
        return SessionDocument(session: session, agents: agents, tree: tree)
    }

    static func write(_ session: SessionInfo, agents: [AgentRecord], into tree: inout RecordTree) throws {
        tree.set(try RecordJSON.encode(session), at: "session.json")
        for agent in agents { tree.set(try RecordJSON.encode(agent), at: "agents/\(agent.name).json") }
    }

    /// Writes the documents that changed since `before`; fields this version does not know (written by a
    /// newer one) are kept as they were. Agents that left the document lose their file.
    static func write(_ document: SessionDocument, over before: SessionDocument, into tree: inout RecordTree) throws {
        if document.session != before.session {
            let path = "session.json"
            tree.set(RecordJSON.keepingUnknownFields(try RecordJSON.encode(document.session), from: try before.tree.data(at: path)),
                     at: path)
        }
        for (name, agent) in document.agents where before.agents[name] != agent {
            let path = "agents/\(name).json"
            tree.set(RecordJSON.keepingUnknownFields(try RecordJSON.encode(agent), from: try before.tree.data(at: path)), at: path)
        }
        for name in before.agents.keys where document.agents[name] == nil { tree.remove("agents/\(name).json") }
    }
}
