// One checkout of a new worktree spread over several threads (issue #11). libgit2's checkout writes one file
// after another on one core; `git worktree add` does the same in C with less bookkeeping per file, so a single
// agent's worktree took 1.7× as long as git's. Split by path, the files are written by several checkouts at
// once, each into an index of its own kept in memory; their entries, stat data included, then make the
// worktree's index, as one checkout would have written it.
import Clibgit2
import Foundation

extension Repository {
    /// Below this many files per thread a split checkout costs more (a tree walk, handles) than it saves.
    static let minimumFilesPerCheckoutThread = 500

    /// Writes the files of the new worktree at `path` — made by `git_worktree_add` without a checkout: HEAD names
    /// the branch, no file and no index exist yet — and its index, as `git_worktree_add` would have (libgit2's
    /// default options; filters off where `filtersMayApply`, computed for `tree`, is false). On up to `threads`
    /// threads only when no filter can apply: a checkout that converts files reads `.gitattributes` from the
    /// files and the index it writes, which another thread may not have written yet. Returns how many threads
    /// wrote the files.
    func checkOutNewWorktree(at path: String, tree: OID, filtersMayApply: Bool, threads: Int) throws -> Int {
        let worktree = try Repository.open(at: path)
        // The tree HEAD names now: the branch may have moved since `tree` was read (then filters are decided anew).
        let headTree = try worktree.commit(try worktree.resolveCommit("HEAD")).tree
        let filtersApply = headTree == tree ? filtersMayApply : try checkoutFiltersMayApply(tree: headTree)
        guard threads > 1, !filtersApply else {
            return try worktree.checkOutHead(filters: filtersApply)
        }
        let files = try FileList(of: headTree, in: self)
        var parts = min(threads, files.count / Self.minimumFilesPerCheckoutThread)
        // Where a split could come out differently from one checkout, there is one checkout:
        // - libgit2 starts each part's scan at the common prefix of its paths with backslashes taken as escapes
        //   (git_pathspec_prefix): a path holding one would leave its folder out;
        // - a submodule's path goes through pathspec parsing even with DISABLE_PATHSPEC_MATCH (`#`, `!`,
        //   trailing spaces change it) and its checkout reads `.gitmodules`, which another part may be writing;
        // - with core.ignorecase a part could take another part's file for an untracked one in its way.
        let ignoresCase = try worktree.config().string("core.ignorecase").map { !Self.isFalse($0) } ?? false
        if files.hasBackslash || files.hasSubmodule || ignoresCase { parts = 1 }
        guard parts > 1 else { return try worktree.checkOutHead(filters: false) }
        let checkouts = try files.split(into: parts).map { try PartialCheckout(worktree: path, files: $0) }
        DispatchQueue.concurrentPerform(iterations: checkouts.count) { checkouts[$0].run(tree: headTree) }
        for checkout in checkouts { try checkout.result.get() }
        // Every path written and indexed, or none of this worktree is kept (the caller removes it): a file missing
        // here would read as deleted in the agent's first commit.
        for checkout in checkouts where git_index_entrycount(checkout.index) != checkout.fileCount {
            throw GitError(code: .other(-1), message: "split checkout of \(path) wrote \(git_index_entrycount(checkout.index)) "
                           + "of \(checkout.fileCount) files", function: "checkOutNewWorktree")
        }
        var index: OpaquePointer?
        try check(git_repository_index(&index, worktree.pointer), "git_repository_index")
        defer { git_index_free(index) }
        // In path order, part after part: each entry is appended, as the single checkout appends it.
        for checkout in checkouts {
            for position in 0..<git_index_entrycount(checkout.index) {
                try check(git_index_add(index, git_index_get_byindex(checkout.index, position)), "git_index_add")
            }
        }
        try check(git_index_write(index), "git_index_write")
        return parts
    }

    /// One checkout of HEAD on this thread, as git_worktree_add does it; `filters` false when none can apply.
    private func checkOutHead(filters: Bool) throws -> Int {
        var options = try Self.newWorktreeCheckoutOptions(filters: filters)
        try check(git_checkout_head(pointer, &options), "git_checkout_head")
        return 1
    }

    /// libgit2's defaults for a new worktree's checkout (safe: a file in the way is an error, never overwritten);
    /// `filters` false skips their per-file attribute lookups (`checkoutFiltersMayApply` says when it may).
    static func newWorktreeCheckoutOptions(filters: Bool) throws -> git_checkout_options {
        var options = git_checkout_options()
        try check(git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION)), "git_checkout_options_init")
        options.disable_filters = filters ? 0 : 1
        return options
    }
}

/// The paths of every file, link and submodule of a tree, in the index's order, as the C strings libgit2 takes
/// (a name that is not UTF-8 stays byte for byte what it is): read into an index in memory, as `treeFiles`
/// reads a tree, which owns the strings for as long as this list lives.
private final class FileList {
    private let index: OpaquePointer
    let paths: [UnsafeMutablePointer<CChar>?]
    let hasBackslash: Bool
    let hasSubmodule: Bool

    init(of tree: OID, in repository: Repository) throws {
        var treePointer: OpaquePointer?
        var raw = tree.raw
        try check(git_tree_lookup(&treePointer, repository.pointer, &raw), "git_tree_lookup")
        defer { git_tree_free(treePointer) }
        var index: OpaquePointer?
        try check(git_index_new(&index), "git_index_new")
        self.index = index!
        try check(git_index_read_tree(index, treePointer), "git_index_read_tree")
        let entries = (0..<git_index_entrycount(index)).compactMap { git_index_get_byindex(index, $0)?.pointee }
        paths = entries.map { UnsafeMutablePointer(mutating: $0.path) }
        hasBackslash = entries.contains { strchr($0.path, Int32(UInt8(ascii: "\\"))) != nil }
        hasSubmodule = entries.contains { $0.mode == GIT_FILEMODE_COMMIT.rawValue }
    }

    deinit { git_index_free(index) }

    var count: Int { paths.count }

    /// `parts` runs of consecutive paths, as even as the count allows; each keeps this list alive.
    func split(into parts: Int) -> [FileRun] {
        (0..<parts).map { part in
            FileRun(list: self, range: (part * count / parts)..<((part + 1) * count / parts))
        }
    }
}

private struct FileRun {
    let list: FileList
    let range: Range<Int>
}

/// One thread's share of a split checkout: its own handle on the worktree, an index in memory, its files.
private final class PartialCheckout: @unchecked Sendable {
    private let repository: Repository
    private let files: FileRun
    let index: OpaquePointer
    private(set) var result: Result<Void, Error> = .success(())
    var fileCount: Int { files.range.count }

    init(worktree path: String, files: FileRun) throws {
        repository = try Repository.open(at: path)
        self.files = files
        var index: OpaquePointer?
        try check(git_index_new(&index), "git_index_new")
        self.index = index!
        // The handle takes its own reference; ours is freed with this object.
        try check(git_repository_set_index(repository.pointer, index), "git_repository_set_index")
    }

    deinit { git_index_free(index) }

    /// Runs on its own thread; touches nothing another part touches (the folders two parts share are made by
    /// whichever comes first: libgit2's mkdir takes an existing folder as made).
    func run(tree: OID) {
        result = Result {
            var commitTree: OpaquePointer?
            var raw = tree.raw
            try check(git_object_lookup(&commitTree, repository.pointer, &raw, GIT_OBJECT_TREE), "git_object_lookup")
            defer { git_object_free(commitTree) }
            var options = try Repository.newWorktreeCheckoutOptions(filters: false)
            // NO_REFRESH: an index in memory has no file to read again; DONT_WRITE_INDEX: nor one to write to.
            options.checkout_strategy |= GIT_CHECKOUT_NO_REFRESH.rawValue | GIT_CHECKOUT_DONT_WRITE_INDEX.rawValue
                | GIT_CHECKOUT_DISABLE_PATHSPEC_MATCH.rawValue
            try files.list.paths[files.range].withUnsafeBufferPointer { paths in
                options.paths = git_strarray(strings: UnsafeMutablePointer(mutating: paths.baseAddress), count: paths.count)
                try check(git_checkout_tree(repository.pointer, commitTree, &options), "git_checkout_tree")
            }
        }
    }
}
