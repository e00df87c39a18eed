// Which paths changed between two commits, and which files of a worktree have uncommitted changes.
import Clibgit2

extension Repository {
    /// The paths a diff from `old` to `new` touches (both sides of a rename), sorted (`git diff --name-only`).
    public func changedPaths(from old: OID, to new: OID) throws -> [String] {
        try diff(from: old, to: new).paths
    }

    /// Tracked files of this worktree with changes not committed (staged or not), sorted; untracked files
    /// are not counted (a checkout refuses by itself to overwrite one).
    public func uncommittedTrackedPaths() throws -> [String] {
        var options = git_status_options()
        try check(git_status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION)), "git_status_options_init")
        options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR
        options.flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES.rawValue
        var list: OpaquePointer?
        try check(git_status_list_new(&list, pointer, &options), "git_status_list_new")
        defer { git_status_list_free(list) }
        var paths = Set<String>()
        for index in 0..<git_status_list_entrycount(list) {
            guard let entry = git_status_byindex(list, index) else { continue }
            for delta in [entry.pointee.head_to_index, entry.pointee.index_to_workdir] {
                if let path = delta?.pointee.new_file.path ?? delta?.pointee.old_file.path { paths.insert(String(cString: path)) }
            }
        }
        return paths.sorted()
    }
}
