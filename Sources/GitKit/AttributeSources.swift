// Where libgit2 looks for attributes during a diff or a merge, and what can be skipped when provably empty
// (issue #11): libgit2 1.5 reads the whole index for the first attribute it looks up (7 ms for 20,000 files)
// and looks up every file's `diff` attribute (a `realpath` of its folder, ~7 `readlink`s, each time).
import Clibgit2
import Foundation

extension Repository {
    /// In this handle, replaces an index that holds no `.gitattributes` by an empty one kept in memory. libgit2's
    /// attribute lookups read the index only for the `.gitattributes` it holds, so they give the same answers
    /// without reading a large index. Only for handles that otherwise never use the index: review's merges
    /// and diffs. Does nothing when the index may hold one.
    public func replaceIndexWhenItHoldsNoAttributes() throws {
        guard !indexFileMayHoldAttributes() else { return }
        var index: OpaquePointer?
        try check(git_index_new(&index), "git_index_new")
        defer { git_index_free(index) }
        // The repository takes its own reference.
        try check(git_repository_set_index(pointer, index), "git_repository_set_index")
    }

    /// False only when `$GIT_DIR/index` provably names no `.gitattributes`: a version 2 or 3 index (paths
    /// written out whole, not prefix-compressed as in version 4), not split (no `sharedindex.*` beside it),
    /// whose bytes do not contain `.gitattributes` at all. A missing index holds nothing.
    func indexFileMayHoldAttributes() -> Bool {
        let path = gitDir + "/index"
        guard FileManager.default.fileExists(atPath: path) else { return false }
        let neighbours = (try? FileManager.default.contentsOfDirectory(atPath: gitDir)) ?? []
        guard !neighbours.contains(where: { $0.hasPrefix("sharedindex.") }),
              let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped),
              data.count >= 12, data.starts(with: Data("DIRC".utf8)),
              [2, 3].contains(data[data.startIndex + 7]), data[(data.startIndex + 4)..<(data.startIndex + 7)].allSatisfy({ $0 == 0 })
        else { return true }
        return Self.contains(data, Array(".gitattributes".utf8))
    }

    /// Whether `needle` (starting with a byte that is rare in `data`) occurs in `data`.
    private static func contains(_ data: Data, _ needle: [UInt8]) -> Bool {
        data.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else { return false }
            var offset = 0
            while offset + needle.count <= bytes.count,
                  let found = memchr(base + offset, Int32(needle[0]), bytes.count - offset - needle.count + 1) {
                offset = base.distance(to: UnsafeRawPointer(found))
                if memcmp(base + offset, needle, needle.count) == 0 { return true }
                offset += 1
            }
            return false
        }
    }

    /// True when every file of `paths` has git's default diff driver, because no attributes file libgit2 would
    /// read for them exists: none outside the tree, no `.gitattributes` in the working tree's folders that hold
    /// them (or above), none in this handle's index there. Then libgit2's per-file lookups can be skipped.
    func diffDriversAreDefault(for paths: [String]) throws -> Bool {
        guard let root = workdir, try !attributesFilesOutsideTheTreeMayExist() else { return false }
        // Every folder that holds one of the paths, at any depth, and the root.
        var folders: Set<String> = [""]
        for path in paths {
            for slash in path.indices where path[slash] == "/" { folders.insert(String(path[..<slash])) }
        }
        var index: OpaquePointer?
        try check(git_repository_index(&index, pointer), "git_repository_index")
        defer { git_index_free(index) }
        for folder in folders {
            let file = folder.isEmpty ? ".gitattributes" : folder + "/.gitattributes"
            if (try? FileManager.default.attributesOfItem(atPath: root + "/" + file)) != nil { return false }
            if (0...3).contains(where: { git_index_get_bypath(index, file, $0) != nil }) { return false }
        }
        return true
    }
}
