// A merge left open in a worktree for a person, as `git merge --no-commit` leaves it: the index's conflict
// stages, the files with git's conflict markers, MERGE_HEAD and MERGE_MSG — so `git status`, `git mergetool`
// and `git add` work there. Used on a worktree's own handle.
import Clibgit2
import Foundation

/// An annotated commit (what `git_merge` takes), freed with its owner.
private final class AnnotatedCommit {
    let pointer: OpaquePointer

    init(branch: String, in repository: Repository) throws {
        var reference: OpaquePointer?
        try check(git_reference_lookup(&reference, repository.pointer, branch), "git_reference_lookup")
        defer { git_reference_free(reference) }
        var annotated: OpaquePointer?
        try check(git_annotated_commit_from_ref(&annotated, repository.pointer, reference), "git_annotated_commit_from_ref")
        pointer = annotated!
    }

    deinit { git_annotated_commit_free(pointer) }

    var id: OID { OID(git_annotated_commit_id(pointer)) }
}

/// A worktree's index as the index file now holds it, freed with its owner.
private final class WorktreeIndex {
    let pointer: OpaquePointer

    init(_ repository: Repository) throws {
        var index: OpaquePointer?
        try check(git_repository_index(&index, repository.pointer), "git_repository_index")
        pointer = index!
        // The handle caches the index: `git add` run since then must be seen.
        try check(git_index_read(pointer, 0), "git_index_read")
    }

    deinit { git_index_free(pointer) }
}

extension Repository {
    /// Merges `branch` (a full `refs/heads/…` name) into HEAD in this worktree without committing, as
    /// `git merge --no-ff --no-commit` does: conflicts are written with markers (`merge.conflictStyle`
    /// honoured) and left in the index, and MERGE_HEAD and MERGE_MSG say what is being merged. The files of
    /// the worktree must be clean. Returns the commit merged (the branch's tip at that moment).
    @discardableResult
    public func mergeIntoWorktree(branch: String) throws -> OID {
        let theirs = try AnnotatedCommit(branch: branch, in: self)
        var mergeOptions = git_merge_options()
        try check(git_merge_options_init(&mergeOptions, UInt32(GIT_MERGE_OPTIONS_VERSION)), "git_merge_options_init")
        var checkoutOptions = git_checkout_options()
        try check(git_checkout_options_init(&checkoutOptions, UInt32(GIT_CHECKOUT_OPTIONS_VERSION)), "git_checkout_options_init")
        // Safe: a file the person changed is never overwritten; conflicts are written out with markers.
        checkoutOptions.checkout_strategy = GIT_CHECKOUT_SAFE.rawValue | GIT_CHECKOUT_ALLOW_CONFLICTS.rawValue
        var heads: [OpaquePointer?] = [theirs.pointer]
        try withExtendedLifetime(theirs) {
            try heads.withUnsafeMutableBufferPointer { buffer in
                try check(git_merge(pointer, buffer.baseAddress, 1, &mergeOptions, &checkoutOptions), "git_merge")
            }
        }
        return theirs.id
    }

    /// The commit a merge in progress in this worktree merges (MERGE_HEAD), nil when none is in progress.
    public func mergeHead() throws -> OID? { try mergeHeads().first }

    /// Every commit a merge in progress merges (MERGE_HEAD: several for an octopus); empty when none is in progress.
    public func mergeHeads() throws -> [OID] {
        final class Found { var ids: [OID] = [] }
        let found = Found()
        let rc = withExtendedLifetime(found) {
            git_repository_mergehead_foreach(pointer, { id, payload in
                guard let id, let payload else { return 0 }
                Unmanaged<Found>.fromOpaque(payload).takeUnretainedValue().ids.append(OID(id))
                return 0
            }, Unmanaged.passUnretained(found).toOpaque())
        }
        if rc == GIT_ENOTFOUND.rawValue { return [] }
        try check(rc, "git_repository_mergehead_foreach")
        return found.ids
    }

    /// What the last fetch marked for merging (FETCH_HEAD lines without `not-for-merge`): the ref fetched and its
    /// commit, as `git pull` merges them; empty when there is no FETCH_HEAD.
    public func fetchHeadsForMerge() throws -> [(ref: String, id: OID)] {
        final class Found { var heads: [(ref: String, id: OID)] = [] }
        let found = Found()
        let rc = withExtendedLifetime(found) {
            git_repository_fetchhead_foreach(pointer, { ref, _, id, isMerge, payload in
                guard isMerge != 0, let id, let payload else { return 0 }
                Unmanaged<Found>.fromOpaque(payload).takeUnretainedValue().heads.append((ref.map { String(cString: $0) } ?? "", OID(id)))
                return 0
            }, Unmanaged.passUnretained(found).toOpaque())
        }
        if rc == GIT_ENOTFOUND.rawValue { return [] }
        try check(rc, "git_repository_fetchhead_foreach")
        return found.heads
    }

    /// The prepared commit message of a merge in progress (MERGE_MSG) without git's `#` comment lines; nil
    /// when there is none.
    public func preparedMessage() throws -> String? {
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        let rc = git_repository_message(&buffer, pointer)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try check(rc, "git_repository_message")
        let text = String(cString: buffer.ptr)
        let kept = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("#") }
        return kept.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Paths that still have conflict stages in this worktree's index (what `git diff --diff-filter=U` lists).
    public func unmergedPaths() throws -> [String] {
        let index = try WorktreeIndex(self)
        guard git_index_has_conflicts(index.pointer) == 1 else { return [] }
        var iterator: OpaquePointer?
        try check(git_index_conflict_iterator_new(&iterator, index.pointer), "git_index_conflict_iterator_new")
        defer { git_index_conflict_iterator_free(iterator) }
        var paths = Set<String>()
        var ancestor: UnsafePointer<git_index_entry>?, ours: UnsafePointer<git_index_entry>?
        var theirs: UnsafePointer<git_index_entry>?
        while git_index_conflict_next(&ancestor, &ours, &theirs, iterator) == 0 {
            for entry in [ancestor, ours, theirs] { if let entry { paths.insert(String(cString: entry.pointee.path)) } }
        }
        return paths.sorted()
    }
}
