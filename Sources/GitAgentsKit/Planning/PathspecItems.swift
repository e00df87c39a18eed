// `--over PATHSPEC`: the files and folders of a commit that a glob pattern matches.
import Foundation
import GitKit

enum PathspecItems {
    /// Paths (folders and files) of `commit`'s tree matching `pattern` with `fnmatch` rules (`*` stays in one folder).
    static func matching(_ pattern: String, in repository: Repository, commit: OID) throws -> [String] {
        let files = try repository.treeFiles(try repository.commit(commit).tree).keys
        var candidates = Set<String>()
        for file in files {
            var path = ""
            for component in file.split(separator: "/") {
                path = path.isEmpty ? String(component) : path + "/" + component
                candidates.insert(path)
            }
        }
        let trimmed = pattern.hasSuffix("/") ? String(pattern.dropLast()) : pattern
        return candidates.filter { fnmatch(trimmed, $0, FNM_PATHNAME) == 0 }.sorted()
    }
}
