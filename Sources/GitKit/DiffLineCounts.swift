// A diff's statistics counted from the blobs, when every file provably has git's default diff driver: the
// same numbers as `git_diff_get_stats`, without its attribute lookup for each side of each file (issue #11).
import Clibgit2

extension TreeDiff {
    /// Files changed, lines added and deleted, as `git_diff_get_stats` counts them; nil when a file may have
    /// another diff driver (an attributes file exists for it: `-diff`, `binary`, a named driver) or is a
    /// submodule or a change of another kind, and libgit2 must count through its drivers.
    ///
    /// With the default driver a file is binary when one side has a NUL byte in its first 8,000 bytes, and
    /// counts nothing then; `git_patch_from_buffers` with no paths and no repository takes the default driver
    /// without looking anything up, and decides the same from the same bytes.
    func statWithDefaultDrivers() throws -> DiffStat? {
        let count = git_diff_num_deltas(pointer)
        // Nothing to count, and nothing to look up (which would read the index).
        if count == 0 { return DiffStat(files: 0, insertions: 0, deletions: 0) }
        for index in 0..<count {
            guard let delta = git_diff_get_delta(pointer, index)?.pointee,
                  [GIT_DELTA_ADDED, GIT_DELTA_DELETED, GIT_DELTA_MODIFIED, GIT_DELTA_RENAMED, GIT_DELTA_COPIED].contains(delta.status),
                  delta.old_file.mode != Self.submodule, delta.new_file.mode != Self.submodule,
                  // A name that is not UTF-8 could not be looked for exactly in its folders.
                  [delta.old_file.path, delta.new_file.path].allSatisfy({ $0.map { String(validatingCString: $0) != nil } ?? true })
            else { return nil }
        }
        guard try repository.diffDriversAreDefault(for: paths) else { return nil }
        var options = git_diff_options()
        try check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)), "git_diff_options_init")
        options.flags = GIT_DIFF_INDENT_HEURISTIC.rawValue
        var insertions = 0, deletions = 0
        for index in 0..<count {
            let delta = git_diff_get_delta(pointer, index)!.pointee
            // An added file has no old side and a deleted one no new side: libgit2 diffs them against nothing.
            let old = delta.status == GIT_DELTA_ADDED ? nil : try BlobContent(delta.old_file.id, in: repository)
            let new = delta.status == GIT_DELTA_DELETED ? nil : try BlobContent(delta.new_file.id, in: repository)
            let (added, deleted) = try withExtendedLifetime((old, new)) {
                try Self.lineCounts(old: old?.bytes, old?.size ?? 0, new: new?.bytes, new?.size ?? 0, options: &options)
            }
            insertions += added
            deletions += deleted
        }
        return DiffStat(files: count, insertions: insertions, deletions: deletions)
    }

    private static let submodule = UInt16(0o160000)

    private static func lineCounts(old: UnsafeRawPointer?, _ oldSize: Int, new: UnsafeRawPointer?, _ newSize: Int,
                                   options: inout git_diff_options) throws -> (Int, Int) {
        var patch: OpaquePointer?
        try check(git_patch_from_buffers(&patch, old, oldSize, nil, new, newSize, nil, &options), "git_patch_from_buffers")
        defer { git_patch_free(patch) }
        var context = 0, added = 0, deleted = 0
        try check(git_patch_line_stats(&context, &added, &deleted, patch), "git_patch_line_stats")
        return (added, deleted)
    }
}

/// A blob's bytes, valid while this lives.
private final class BlobContent {
    private let blob: OpaquePointer
    /// Never nil, even for an empty blob: nil would mean "no file" to libgit2.
    let bytes: UnsafeRawPointer
    let size: Int
    private let placeholder = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)

    init(_ id: git_oid, in repository: Repository) throws {
        var raw = id, found: OpaquePointer?
        try check(git_blob_lookup(&found, repository.pointer, &raw), "git_blob_lookup")
        blob = found!
        size = Int(git_blob_rawsize(blob))
        bytes = git_blob_rawcontent(blob) ?? UnsafeRawPointer(placeholder)
    }
    deinit {
        git_blob_free(blob)
        placeholder.deallocate()
    }
}
