// The folders a `start` may create on its way (worktree base, `.git/worktrees`, loose-ref folders, the
// runtime folder): those missing before are removed again when `start` is refused or rolled back, so the
// repository and the folder around it are left exactly as they were.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

struct CreatedFolders {
    /// Innermost first, so a folder is emptied of its children before its own turn.
    private let missing: [String]

    /// Remembers which of `folders` (and of their missing ancestors) do not exist yet.
    init(_ folders: [String]) {
        var missing: [String] = []
        for folder in folders {
            var current = (folder as NSString).standardizingPath
            while !current.isEmpty, current != "/", !FileManager.default.fileExists(atPath: current) {
                if !missing.contains(current) { missing.append(current) }
                current = (current as NSString).deletingLastPathComponent
            }
        }
        self.missing = missing.sorted { $0.count > $1.count }
    }

    /// Removes the remembered folders that exist now and are empty; rmdir leaves anything with content alone.
    func removeEmpty() {
        for folder in missing { rmdir(folder) }
    }
}
