// A repository handle whose new objects stay in memory: merges computed only to be looked at (review,
// conflicts) write their trees and commits there, not into `.git/objects`, and cost no file per object.
import Clibgit2

extension Repository {
    /// Opens another handle on the repository at `path` that keeps the objects it writes in memory; they are
    /// gone when the handle is. Reads see the repository's objects as usual.
    public static func openWithObjectsInMemory(at path: String) throws -> Repository {
        let repository = try open(at: path)
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, repository.pointer), "git_repository_odb")
        defer { git_odb_free(odb) }
        var backend: OpaquePointer?
        try check(git_mempack_new(&backend), "git_mempack_new")
        // The highest priority: writes go to the first backend that can write. The odb owns the backend now.
        try check(git_odb_add_backend(odb, backend, 999), "git_odb_add_backend")
        repository.keepsNewObjectsInMemory = true
        return repository
    }
}
