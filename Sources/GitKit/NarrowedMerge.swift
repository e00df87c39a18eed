// A merge computed on the paths either side changed, not on the whole tree (issue #11). libgit2's
// `git_merge_trees` puts every path of the repository in an index and writes every folder again, where only
// the changed paths matter: a path that base, ours and theirs hold alike comes out as ours holds it.
import Clibgit2
import Foundation

extension Repository {
    /// What `git_merge_commits` gives for `ours` and `theirs`, computed from the changed paths only; nil when it
    /// cannot be narrowed (no single merge base, a name that is not UTF-8), and the full merge must run.
    ///
    /// Why it is the same merge: libgit2 (merge.c, `queue_difference`) takes every path at which the three
    /// entries are not all equal as a "conflict" to resolve, and stages every other path with the base's entry
    /// untouched. The changed paths base→ours and base→theirs are exactly those conflicts, in the same order,
    /// with the same entries. Rename detection pairs deleted and added entries among them (and its limit counts
    /// them); directory/file detection compares neighbouring conflicts; content merges read the same blobs and
    /// the same attributes. So three trees holding only those paths give the same conflicts, and a clean result
    /// differs from ours only at those paths.
    func narrowedMerge(ours: OID, theirs: OID) throws -> MergeOutcome? {
        guard let base = try soleMergeBase(ours, theirs) else { return nil }
        let trees = try [base, ours, theirs].map { try TreeObject(owning: lookupTree(ofCommit: $0)) }
        let changes: (ours: [String: PathChange], theirs: [String: PathChange])
        do {
            // In a chain of merges (review's), ours is the tree the previous merge grafted: its changes are known.
            let known = lastGraft.flatMap { $0.changes(from: trees[0].id, to: trees[1].id) }
            changes = (try known ?? changedFiles(from: trees[0], to: trees[1]), try changedFiles(from: trees[0], to: trees[2]))
        } catch is UndecodablePath {
            return nil
        }
        let sides = MergeSides(ours: changes.ours, theirs: changes.theirs)
        let small = try [sides.base, sides.ours, sides.theirs].map { try TreeObject(writeTree(of: $0), in: self) }
        var options = git_merge_options()
        try check(git_merge_options_init(&options, UInt32(GIT_MERGE_OPTIONS_VERSION)), "git_merge_options_init")
        var index: OpaquePointer?
        try check(git_merge_trees(&index, pointer, small[0].pointer, small[1].pointer, small[2].pointer, &options),
                  "git_merge_trees")
        let merged = MergeIndex(index!)
        if merged.hasConflicts { return try merged.outcome(tree: nil) }
        guard let (tree, result) = try graft(merged, onto: trees[1], changed: sides) else { return nil }
        lastGraft = GraftedChanges(base: trees[0].id, tree: tree, changes: sides.changes(toward: result))
        return try merged.outcome(tree: tree)
    }

    /// The one merge base, or nil when there are none or several (libgit2 then merges a virtual base).
    private func soleMergeBase(_ one: OID, _ two: OID) throws -> OID? {
        var bases = git_oidarray()
        var rawOne = one.raw, rawTwo = two.raw
        let rc = git_merge_bases(&bases, pointer, &rawOne, &rawTwo)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try check(rc, "git_merge_bases")
        defer { git_oidarray_free(&bases) }
        return bases.count == 1 ? OID(bases.ids[0]) : nil
    }

    /// A tree holding exactly `files` (nil entries left out).
    private func writeTree(of files: [String: PathEntry]) throws -> git_oid {
        try withTreeUpdates(files.map { ($0.key, $0.value) }) { updates in
            var tree = git_oid()
            try check(git_tree_create_updated(&tree, pointer, nil, updates.count, updates.baseAddress), "git_tree_create_updated")
            return tree
        }
    }

    /// Ours' tree with the merged entries of the changed paths in place of its own; nil when the merge holds
    /// a path that was not changed (it never does; then the full merge decides).
    private func graft(_ merged: MergeIndex, onto ours: TreeObject,
                       changed sides: MergeSides) throws -> (git_oid, [String: PathEntry])? {
        var result: [String: PathEntry] = [:]
        for entry in merged.entries {
            guard let path = String(validatingCString: entry.pointee.path), sides.paths.contains(path) else { return nil }
            result[path] = PathEntry(entry)
        }
        var removals: [String] = [], upserts: [(String, PathEntry)] = []
        for path in sides.paths {
            let mine = sides.ours[path], theirs = result[path]
            if let theirs, mine.map({ !$0.isSame(as: theirs) }) ?? true { upserts.append((path, theirs)) }
            if theirs == nil, mine != nil { removals.append(path) }
        }
        // Removals first, in a tree of their own: git_tree_create_updated cannot turn a file into a folder (or
        // back) in one call, and a folder left empty disappears.
        var tree = ours.id
        if !removals.isEmpty {
            let trimmed = try TreeObject(tree, in: self)
            tree = try withTreeUpdates(removals.map { ($0, nil) }) { updates in
                var out = git_oid()
                try check(git_tree_create_updated(&out, pointer, trimmed.pointer, updates.count, updates.baseAddress),
                          "git_tree_create_updated")
                return out
            }
        }
        if !upserts.isEmpty {
            let trimmed = try TreeObject(tree, in: self)
            tree = try withTreeUpdates(upserts.map { ($0.0, $0.1) }) { updates in
                var out = git_oid()
                try check(git_tree_create_updated(&out, pointer, trimmed.pointer, updates.count, updates.baseAddress),
                          "git_tree_create_updated")
                return out
            }
        }
        return (tree, result)
    }

    /// Runs `body` with libgit2 tree updates: an upsert for each path with an entry, a removal for each without.
    private func withTreeUpdates<T>(_ changes: [(String, PathEntry?)],
                                    _ body: (UnsafeBufferPointer<git_tree_update>) throws -> T) throws -> T {
        let paths = changes.map { strdup($0.0)! }
        defer { paths.forEach { free($0) } }
        let updates = zip(changes, paths).map { change, path in
            var update = git_tree_update()
            update.path = UnsafePointer(path)
            if let entry = change.1 {
                update.action = GIT_TREE_UPDATE_UPSERT
                update.id = entry.id
                update.filemode = git_filemode_t(rawValue: entry.mode)
            } else {
                update.action = GIT_TREE_UPDATE_REMOVE
            }
            return update
        }
        return try updates.withUnsafeBufferPointer(body)
    }
}

/// What a grafted tree changed from the merge's base: the paths where the merged entry differs from the base's.
/// Outside the merge's changed paths the grafted tree holds ours' entries, which were the base's there.
struct GraftedChanges {
    let base: git_oid
    let tree: git_oid
    let changes: [String: PathChange]

    /// The changes from `base` to `tree` when they are the trees this graft knows, else nil.
    func changes(from base: git_oid, to tree: git_oid) -> [String: PathChange]? {
        var mine = (self.base, self.tree), asked = (base, tree)
        return git_oid_equal(&mine.0, &asked.0) == 1 && git_oid_equal(&mine.1, &asked.1) == 1 ? changes : nil
    }
}

/// The entries of base, ours and theirs at every path either side changed (a path a side did not change holds
/// the base's entry there).
struct MergeSides {
    let paths: Set<String>
    let base: [String: PathEntry]
    let ours: [String: PathEntry]
    let theirs: [String: PathEntry]

    init(ours oursChanges: [String: PathChange], theirs theirsChanges: [String: PathChange]) {
        paths = Set(oursChanges.keys).union(theirsChanges.keys)
        var base: [String: PathEntry] = [:], ours: [String: PathEntry] = [:], theirs: [String: PathEntry] = [:]
        for path in paths {
            let original = (oursChanges[path] ?? theirsChanges[path])?.old
            base[path] = original
            ours[path] = oursChanges[path].map(\.new) ?? original
            theirs[path] = theirsChanges[path].map(\.new) ?? original
        }
        self.base = base
        self.ours = ours
        self.theirs = theirs
    }

    /// From the base to `result` (the merged entries of these paths): the paths where they differ.
    func changes(toward result: [String: PathEntry]) -> [String: PathChange] {
        var changes: [String: PathChange] = [:]
        for path in paths {
            let old = base[path], new = result[path]
            if let old, let new, old.isSame(as: new) { continue }
            if old != nil || new != nil { changes[path] = PathChange(old: old, new: new) }
        }
        return changes
    }
}
