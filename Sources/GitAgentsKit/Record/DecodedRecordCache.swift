// The documents of the record commit decoded last in this process: one `status` reads its session up to four
// times (choosing it, recovering an interrupted start, checking its supervisor, showing it), and what a commit
// holds never changes, so a commit id is a safe key.
import GitKit
import Synchronization

enum DecodedRecordCache {
    private struct Entry: Sendable {
        let commit: OID
        let session: SessionInfo
        let agents: [String: AgentRecord]
    }

    private static let last = Mutex<Entry?>(nil)

    /// The documents of `commit`, decoded by `decode` unless they were the last ones decoded.
    static func documents(at commit: OID, decode: () throws -> (session: SessionInfo, agents: [String: AgentRecord]))
        throws -> (session: SessionInfo, agents: [String: AgentRecord]) {
        if let entry = last.withLock({ $0 }), entry.commit == commit { return (entry.session, entry.agents) }
        let decoded = try decode()
        last.withLock { $0 = Entry(commit: commit, session: decoded.session, agents: decoded.agents) }
        return decoded
    }
}
