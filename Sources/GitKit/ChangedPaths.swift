// What a worktree holds that its HEAD does not: changed tracked files, repositories inside ignored folders.
import Clibgit2
import Foundation

extension Repository {
    /// Tracked files of this worktree with changes not committed (staged or not), sorted; untracked files
    /// are not counted (a checkout refuses by itself to overwrite one).
    public func uncommittedTrackedPaths() throws -> [String] {
        let list = try statusList(GIT_STATUS_SHOW_INDEX_AND_WORKDIR, flags: GIT_STATUS_OPT_EXCLUDE_SUBMODULES.rawValue)
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

extension Repository {
    /// Git repositories inside folders this worktree ignores (`vendor/lib` in an ignored `vendor/`): deleting the
    /// worktree would delete their history, which git does not hold. At most `budget` files are looked at per
    /// ignored folder; a folder too large to look through (`node_modules`) counts as holding none.
    public func repositoriesInIgnoredFolders(budget: Int = 20_000) throws -> [String] {
        let list = try statusList(GIT_STATUS_SHOW_WORKDIR_ONLY,
                                  flags: GIT_STATUS_OPT_INCLUDE_IGNORED.rawValue | GIT_STATUS_OPT_EXCLUDE_SUBMODULES.rawValue)
        defer { git_status_list_free(list) }
        guard let root = workdir else { return [] }
        var found: [String] = []
        for index in 0..<git_status_list_entrycount(list) {
            guard let entry = git_status_byindex(list, index), entry.pointee.status.rawValue & GIT_STATUS_IGNORED.rawValue != 0,
                  let path = entry.pointee.index_to_workdir?.pointee.new_file.path.map({ String(cString: $0) }),
                  path.hasSuffix("/") else { continue }
            let folder = root + "/" + path
            if FileManager.default.fileExists(atPath: folder + ".git") {
                found.append(String(path.dropLast()))
                continue
            }
            guard let walk = FileManager.default.enumerator(atPath: folder) else { continue }
            var seen = 0
            while let item = walk.nextObject() as? String, seen < budget {
                seen += 1
                if (item as NSString).lastPathComponent == ".git" {
                    found.append(path + (item as NSString).deletingLastPathComponent)
                    walk.skipDescendants()
                }
            }
        }
        return found.sorted()
    }
}

extension Repository {
    /// libgit2's status of this worktree as asked; the caller frees the list.
    func statusList(_ show: git_status_show_t, flags: UInt32) throws -> OpaquePointer {
        var options = git_status_options()
        try check(git_status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION)), "git_status_options_init")
        options.show = show
        options.flags = flags
        var list: OpaquePointer?
        try check(git_status_list_new(&list, pointer, &options), "git_status_list_new")
        return list!
    }
}
