// References: reading, compare-and-swap updates, deletion and listing.
import Clibgit2
import Foundation

public struct ReferenceInfo: Sendable, Equatable {
    public let name: String
    public let target: OID
}

extension Repository {
    /// The object a reference (symbolic ones followed) points to, or nil when it does not exist.
    public func referenceTarget(_ name: String) throws -> OID? {
        var oid = git_oid()
        let rc = git_reference_name_to_id(&oid, pointer, name)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try check(rc, "git_reference_name_to_id")
        return OID(oid)
    }

    /// Points `name` at `target` only if it still points at `expected` (nil: only if it does not exist yet).
    /// Losing the race throws `.modified` (or `.exists`); a held lock throws `.locked`.
    public func updateReference(_ name: String, to target: OID, expected: OID?, message: String) throws {
        var ref: OpaquePointer?
        var id = target.raw
        // "Must not exist yet" is a zero expected id: libgit2 checks it under the ref's lock. (Non-forced
        // git_reference_create checks before taking the lock, so two racing creators could both win.)
        var old = expected?.raw ?? git_oid()
        do {
            try check(git_reference_create_matching(&ref, pointer, name, &id, 1, &old, message),
                      "git_reference_create_matching")
        } catch let error as GitError where expected == nil && error.code == .modified {
            throw GitError(code: .exists, errorClass: error.errorClass, message: "reference '\(name)' already exists",
                           function: error.function)
        }
        git_reference_free(ref)
    }

    /// Deletes `name` if it still points at `expected`.
    public func deleteReference(_ name: String, expected: OID) throws {
        var ref: OpaquePointer?
        try check(git_reference_lookup(&ref, pointer, name), "git_reference_lookup")
        defer { git_reference_free(ref) }
        guard let current = git_reference_target(ref), OID(current) == expected else {
            throw GitError(code: .modified, message: "reference '\(name)' changed while deleting it",
                           function: "git_reference_delete")
        }
        try check(git_reference_delete(ref), "git_reference_delete")
    }

    /// The folders that hold `name`'s loose file and its reflog (`refs/agents/sessions`, `refs/agents`,
    /// `logs/refs/agents/…`), innermost first. Deleting a reference leaves them behind, empty; whoever
    /// made them can remove them again.
    public func referenceFolders(of name: String) -> [String] {
        var folders: [String] = []
        var parts = name.split(separator: "/").dropLast()
        while parts.count > 1 {
            let relative = parts.joined(separator: "/")
            folders += [commonDir + "/" + relative, commonDir + "/logs/" + relative]
            parts = parts.dropLast()
        }
        return folders
    }

    /// Every direct reference whose name matches the glob (e.g. `refs/agents/sessions/*`).
    public func references(matching glob: String) throws -> [ReferenceInfo] {
        var iterator: OpaquePointer?
        try check(git_reference_iterator_glob_new(&iterator, pointer, glob), "git_reference_iterator_glob_new")
        defer { git_reference_iterator_free(iterator) }
        var result: [ReferenceInfo] = []
        var ref: OpaquePointer?
        while true {
            let rc = git_reference_next(&ref, iterator)
            if rc == GIT_ITEROVER.rawValue { break }
            try check(rc, "git_reference_next")
            defer { git_reference_free(ref) }
            guard let target = git_reference_target(ref) else { continue }
            result.append(ReferenceInfo(name: String(cString: git_reference_name(ref)), target: OID(target)))
        }
        return result
    }

    /// The full name of the branch HEAD points to (`refs/heads/main`), or nil when HEAD is detached.
    public func headBranch() throws -> String? {
        var ref: OpaquePointer?
        let rc = git_reference_lookup(&ref, pointer, "HEAD")
        try check(rc, "git_reference_lookup")
        defer { git_reference_free(ref) }
        guard git_reference_type(ref) == GIT_REFERENCE_SYMBOLIC else { return nil }
        return String(cString: git_reference_symbolic_target(ref))
    }

    /// The commit HEAD points to, or nil on an unborn branch.
    public func headCommit() throws -> OID? {
        var oid = git_oid()
        let rc = git_reference_name_to_id(&oid, pointer, "HEAD")
        if rc == GIT_ENOTFOUND.rawValue || rc == GIT_EUNBORNBRANCH.rawValue { return nil }
        try check(rc, "git_reference_name_to_id")
        return OID(oid)
    }

    /// The newest value `name`'s reflog recorded (for `HEAD`, this worktree's own reflog), or nil when it
    /// has none. It still knows where a branch was after someone deleted the branch (and its own reflog).
    public func reflogTip(_ name: String) throws -> OID? {
        try reflogCommits(name, since: .distantPast).first
    }

    /// The commits `name`'s reflog recorded since `time` (to the second), newest first, without repeats.
    public func reflogCommits(_ name: String, since time: Date) throws -> [OID] {
        var reflog: OpaquePointer?
        try check(git_reflog_read(&reflog, pointer, name), "git_reflog_read")
        defer { git_reflog_free(reflog) }
        var commits: [OID] = []
        for index in 0..<git_reflog_entrycount(reflog) {
            guard let entry = git_reflog_entry_byindex(reflog, index),
                  let who = git_reflog_entry_committer(entry) else { continue }
            if Double(who.pointee.when.time) < time.timeIntervalSince1970.rounded(.down) { break }
            let id = OID(git_reflog_entry_id_new(entry))
            if !id.isZero && !commits.contains(id) { commits.append(id) }
        }
        return commits
    }

    /// Resolves a revision (`HEAD`, `main~2`, an id) to the commit it names.
    public func resolveCommit(_ revision: String) throws -> OID {
        var object: OpaquePointer?
        try check(git_revparse_single(&object, pointer, revision), "git_revparse_single")
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        try check(git_object_peel(&commit, object, GIT_OBJECT_COMMIT), "git_object_peel")
        defer { git_object_free(commit) }
        return OID(git_object_id(commit))
    }
}
