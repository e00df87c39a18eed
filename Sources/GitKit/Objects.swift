// Blobs, trees and commits: what a chain-of-commits record is made of.
import Clibgit2
import Foundation

/// One file of a tree, addressed by its full path inside the tree.
public struct TreeFile: Sendable, Equatable {
    /// The tree entry's mode: a plain file (100644), an executable one (100755), a symbolic link (120000)
    /// whose blob is the link's target text, or a submodule (160000) whose "blob" is the commit it records.
    public enum Mode: Sendable, Equatable {
        case file, executable, link, submodule

        var raw: UInt32 {
            switch self {
            case .file: 0o100644
            case .executable: 0o100755
            case .link: 0o120000
            case .submodule: 0o160000
            }
        }

        /// As git reads modes: the type bits decide, and the owner's executable bit makes an executable file.
        init(raw: UInt32) {
            switch raw & 0o170000 {
            case 0o120000: self = .link
            case 0o160000: self = .submodule
            default: self = raw & 0o100 != 0 ? .executable : .file
            }
        }
    }

    public var blob: OID
    public var mode: Mode

    public var executable: Bool { mode == .executable }

    public init(blob: OID, executable: Bool = false) {
        self.init(blob: blob, mode: executable ? .executable : .file)
    }

    public init(blob: OID, mode: Mode) {
        self.blob = blob
        self.mode = mode
    }
}

public struct CommitInfo: Sendable, Equatable {
    public let id: OID
    public let tree: OID
    public let parents: [OID]
    public let message: String
    public let authorName: String
    public let authorEmail: String
    public let time: Date
}

extension Repository {
    public func writeBlob(_ data: Data) throws -> OID {
        var oid = git_oid()
        try data.withUnsafeBytes { bytes in
            try check(git_blob_create_from_buffer(&oid, pointer, bytes.baseAddress, bytes.count),
                      "git_blob_create_from_buffer")
        }
        return OID(oid)
    }

    public func readBlob(_ id: OID) throws -> Data {
        var blob: OpaquePointer?
        var raw = id.raw
        try check(git_blob_lookup(&blob, pointer, &raw), "git_blob_lookup")
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let content = git_blob_rawcontent(blob) else { return Data() }
        return Data(bytes: content, count: size)
    }

    /// Writes a (nested) tree from full paths, through an in-memory index so folders come for free.
    public func writeTree(_ files: [String: TreeFile]) throws -> OID {
        var index: OpaquePointer?
        try check(git_index_new(&index), "git_index_new")
        defer { git_index_free(index) }
        for (path, file) in files {
            var entry = git_index_entry()
            entry.mode = file.mode.raw
            entry.id = file.blob.raw
            try path.withCString { cPath in
                entry.path = cPath
                try check(git_index_add(index, &entry), "git_index_add")
            }
        }
        var oid = git_oid()
        try check(git_index_write_tree_to(&oid, index, pointer), "git_index_write_tree_to")
        return OID(oid)
    }

    /// Every file of a tree by full path (folders flattened).
    public func treeFiles(_ tree: OID) throws -> [String: TreeFile] {
        var treePointer: OpaquePointer?
        var raw = tree.raw
        try check(git_tree_lookup(&treePointer, pointer, &raw), "git_tree_lookup")
        defer { git_tree_free(treePointer) }
        var index: OpaquePointer?
        try check(git_index_new(&index), "git_index_new")
        defer { git_index_free(index) }
        try check(git_index_read_tree(index, treePointer), "git_index_read_tree")
        var files: [String: TreeFile] = [:]
        for position in 0..<git_index_entrycount(index) {
            guard let entry = git_index_get_byindex(index, position) else { continue }
            files[String(cString: entry.pointee.path)] =
                TreeFile(blob: OID(entry.pointee.id), mode: TreeFile.Mode(raw: entry.pointee.mode))
        }
        return files
    }

    /// What `treeFiles(tree)[path]` gives — the file, link or submodule at `path`, nil for a folder or nothing —
    /// reading only the folders on the way to it (a start asks about a few paths of trees of 20,000 files).
    public func treeFile(at path: String, in tree: OID) throws -> TreeFile? {
        // Shapes no index path has (libgit2 would refuse some of them as invalid rather than not found).
        guard !path.isEmpty, !path.hasPrefix("/"), !path.hasSuffix("/"), !path.contains("//") else { return nil }
        var treePointer: OpaquePointer?
        var raw = tree.raw
        try check(git_tree_lookup(&treePointer, pointer, &raw), "git_tree_lookup")
        defer { git_tree_free(treePointer) }
        var entry: OpaquePointer?
        let rc = git_tree_entry_bypath(&entry, treePointer, path)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try check(rc, "git_tree_entry_bypath")
        defer { git_tree_entry_free(entry) }
        guard git_tree_entry_type(entry) != GIT_OBJECT_TREE else { return nil }
        return TreeFile(blob: OID(git_tree_entry_id(entry).pointee),
                        mode: TreeFile.Mode(raw: git_tree_entry_filemode(entry).rawValue))
    }

    /// Creates a commit object without moving any reference; the caller publishes it (with CAS).
    public func createCommit(tree: OID, parents: [OID], message: String) throws -> OID {
        var treePointer: OpaquePointer?
        var rawTree = tree.raw
        try check(git_tree_lookup(&treePointer, pointer, &rawTree), "git_tree_lookup")
        defer { git_tree_free(treePointer) }
        var parentPointers: [OpaquePointer?] = []
        defer { parentPointers.forEach { git_commit_free($0) } }
        for parent in parents {
            var commit: OpaquePointer?
            var raw = parent.raw
            try check(git_commit_lookup(&commit, pointer, &raw), "git_commit_lookup")
            parentPointers.append(commit)
        }
        let author = try signature()
        defer { git_signature_free(author) }
        var oid = git_oid()
        try parentPointers.withUnsafeMutableBufferPointer { buffer in
            try check(git_commit_create(&oid, pointer, nil, author, author, nil, message,
                                        treePointer, parents.count, buffer.baseAddress),
                      "git_commit_create")
        }
        return OID(oid)
    }

    public func commit(_ id: OID) throws -> CommitInfo {
        var commit: OpaquePointer?
        var raw = id.raw
        try check(git_commit_lookup(&commit, pointer, &raw), "git_commit_lookup")
        defer { git_commit_free(commit) }
        let parents = (0..<git_commit_parentcount(commit)).map { OID(git_commit_parent_id(commit, $0)) }
        let author = git_commit_author(commit)!.pointee
        return CommitInfo(
            id: id,
            tree: OID(git_commit_tree_id(commit)),
            parents: parents,
            message: String(cString: git_commit_message(commit)),
            authorName: String(cString: author.name),
            authorEmail: String(cString: author.email),
            time: Date(timeIntervalSince1970: TimeInterval(git_commit_time(commit)))
        )
    }

    /// Commits reachable from `head`, newest first (`git log` order); only first parents when asked
    /// (`git log --first-parent`).
    public func history(from head: OID, limit: Int = .max, firstParentOnly: Bool = false) throws -> [CommitInfo] {
        // A first-parent chain is already in `git log` order: following it reads `limit` commits, where a
        // sorted revwalk reads the whole history before it yields the first one.
        if firstParentOnly {
            var result: [CommitInfo] = []
            var next: OID? = head
            while result.count < limit, let id = next {
                let commit = try commit(id)
                result.append(commit)
                next = commit.parents.first
            }
            return result
        }
        var walk: OpaquePointer?
        try check(git_revwalk_new(&walk, pointer), "git_revwalk_new")
        defer { git_revwalk_free(walk) }
        try check(git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue),
                  "git_revwalk_sorting")
        var raw = head.raw
        try check(git_revwalk_push(walk, &raw), "git_revwalk_push")
        var result: [CommitInfo] = []
        var oid = git_oid()
        while result.count < limit {
            let rc = git_revwalk_next(&oid, walk)
            if rc == GIT_ITEROVER.rawValue { break }
            try check(rc, "git_revwalk_next")
            result.append(try commit(OID(oid)))
        }
        return result
    }

    /// The git blob id `content` would have, without writing it (used for trust hashes).
    public static func blobID(of content: Data) throws -> OID {
        ensureLibgit2()
        var oid = git_oid()
        try content.withUnsafeBytes { bytes in
            try check(git_odb_hash(&oid, bytes.baseAddress, bytes.count, GIT_OBJECT_BLOB), "git_odb_hash")
        }
        return OID(oid)
    }
}
