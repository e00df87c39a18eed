// A record kept as a chain of commits under one ref, appended with compare-and-swap and retry.
import Foundation
import GitKit

/// The files of one state of a record. Unchanged files keep their blob ids: nothing is re-read or re-written.
public struct RecordTree {
    public private(set) var files: [String: TreeFile]
    private var pending: [String: (data: Data, mode: TreeFile.Mode)] = [:]
    private(set) var extraParents: [OID] = []
    private let repository: Repository

    init(files: [String: TreeFile] = [:], repository: Repository) {
        self.files = files
        self.repository = repository
    }

    public func data(at path: String) throws -> Data? {
        if let data = pending[path]?.data { return data }
        guard let file = files[path] else { return nil }
        return try repository.readBlob(file.blob)
    }

    /// The kind of entry at `path` (a symbolic link's blob is its target text); nil when there is none.
    public func mode(at path: String) -> TreeFile.Mode? { pending[path]?.mode ?? files[path]?.mode }

    public mutating func set(_ data: Data, at path: String, mode: TreeFile.Mode = .file) { pending[path] = (data, mode) }

    /// Makes `commit` a further parent of the next record commit, so it stays reachable (and safe from
    /// `git gc`) through the session's history after its branch is reset (SPEC §1, `restart --fresh`).
    /// Used sparingly: `git log` of the record then shows that commit's history too (`--first-parent` does not).
    public mutating func keepReachable(_ commit: OID) {
        if !extraParents.contains(commit) { extraParents.append(commit) }
    }

    public mutating func remove(_ path: String) {
        pending[path] = nil
        files[path] = nil
    }

    public var paths: [String] { Array(Set(files.keys).union(pending.keys)).sorted() }

    fileprivate func written() throws -> [String: TreeFile] {
        var result = files
        for (path, entry) in pending { result[path] = TreeFile(blob: try repository.writeBlob(entry.data), mode: entry.mode) }
        return result
    }
}

struct SessionLog {
    let repository: Repository
    let ref: String

    /// How often a writer that keeps losing the race tries again before giving up.
    static let maxAttempts = 400

    /// The record's current tip and files, or nil when the ref does not exist.
    func current() throws -> (tip: OID, tree: RecordTree)? {
        guard let tip = try repository.referenceTarget(ref) else { return nil }
        return (tip, try tree(at: tip))
    }

    func tree(at commit: OID) throws -> RecordTree {
        let files = try repository.treeFiles(try repository.commit(commit).tree)
        return RecordTree(files: files, repository: repository)
    }

    /// Creates the ref with its first commit; throws `.exists` when someone else has it already.
    func create(message: String, files: RecordTree) throws -> OID {
        let commit = try repository.createCommit(tree: try repository.writeTree(try files.written()),
                                                  parents: [], message: message)
        try repository.updateReference(ref, to: commit, expected: nil, message: "git-agents: \(message)")
        return commit
    }

    /// Applies `change` to the newest state and publishes it as one commit whose message is the activity line.
    /// On a lost race the change is re-applied to the newer state: concurrent writers never lose an update.
    /// `change` returns the activity line, or nil to write nothing.
    @discardableResult
    func append(_ change: (inout RecordTree) throws -> String?) throws -> OID? {
        for attempt in 0..<Self.maxAttempts {
            guard let (tip, before) = try current() else {
                throw GitError(code: .notFound, message: "\(ref) does not exist", function: "SessionLog.append")
            }
            var after = before
            guard let message = try change(&after) else { return nil }
            let tree = try repository.writeTree(try after.written())
            let parents = [tip] + after.extraParents.filter { $0 != tip }
            let commit = try repository.createCommit(tree: tree, parents: parents, message: message)
            do {
                try repository.updateReference(ref, to: commit, expected: tip, message: "git-agents: \(message)")
                return commit
            } catch let error as GitError where error.code == .modified || error.code == .locked || error.code == .exists {
                // Someone else appended first: back off a little (growing, jittered) and re-apply on their state.
                usleep(UInt32.random(in: 200...(1_000 + 200 * UInt32(min(attempt, 50)))))
            }
        }
        throw AgentsError.failed("could not update \(ref): too many concurrent writers",
                                 hint: "try the command again")
    }
}
