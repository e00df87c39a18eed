// The one owner of runtime files' permissions: everything under `$GIT_COMMON_DIR/agents/` is the user's
// alone (folders 0700, files 0600) — live logs and MCP configurations hold secrets (API keys, output).
import Foundation
#if canImport(Glibc)
import Glibc
#endif

enum RuntimeFile {
    static let folderMode: mode_t = 0o700
    static let fileMode: mode_t = 0o600

    /// Makes `path` and the folders between `top` (which must exist) and it, owner-only; folders that
    /// exist already with a looser mode (made by an older version) are tightened.
    static func makeFolder(_ path: String, below top: String) throws {
        let inside = path.hasPrefix(top + "/") ? String(path.dropFirst(top.count + 1)) : nil
        var current = inside == nil ? (path as NSString).deletingLastPathComponent : top
        for component in (inside ?? (path as NSString).lastPathComponent).split(separator: "/") {
            current += "/" + component
            if mkdir(current, folderMode) != 0 && errno != EEXIST { throw FileProblem.error("create", current) }
            var info = stat()
            guard lstat(current, &info) == 0 else { throw FileProblem.error("create", current) }
            guard info.st_mode & S_IFMT == S_IFDIR else { throw FileProblem.error("create", current, errno: EEXIST) }
            if info.st_mode & 0o077 != 0, chmod(current, folderMode) != 0 { throw FileProblem.error("protect", current) }
        }
    }

    /// Opens (creating, owner-only) a file for appending; tightens an existing file's mode.
    static func openForAppend(_ path: String) throws -> Int32 {
        try open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC)
    }

    /// Opens `path` with `flags` (which include O_CREAT); an existing file's mode is tightened. A failure
    /// names `shown` (the file a temporary one stands for).
    static func open(_ path: String, _ flags: Int32, shownAs shown: (action: String, path: String)? = nil) throws -> Int32 {
        // O_NOFOLLOW: a symlink planted in the runtime folder must not redirect our writes elsewhere.
        let descriptor = Glibc.open(path, flags | O_NOFOLLOW, fileMode)
        guard descriptor >= 0 else { throw FileProblem.error(shown?.action ?? "create", shown?.path ?? path) }
        var info = stat()
        if fstat(descriptor, &info) == 0, info.st_mode & 0o077 != 0 { fchmod(descriptor, fileMode) }
        return descriptor
    }

    /// Replaces `path` with `data` at once (readers see the old or the new content, never half), owner-only.
    static func write(_ data: Data, to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = try open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, shownAs: ("write", path))
        let written = data.withUnsafeBytes { bytes in
            bytes.isEmpty ? 0 : Glibc.write(descriptor, bytes.baseAddress, bytes.count)
        }
        let failure = written == data.count ? 0 : (written < 0 ? errno : ENOSPC)
        close(descriptor)
        guard failure == 0, rename(temporary, path) == 0 else {
            let code = failure != 0 ? failure : errno
            unlink(temporary)
            throw FileProblem.error("write", path, errno: code)
        }
    }

    static func write(_ text: String, to path: String) throws { try write(Data(text.utf8), to: path) }

    /// Creates an empty owner-only file (a marker) unless it exists.
    static func touch(_ path: String) throws {
        close(try open(path, O_WRONLY | O_CREAT | O_CLOEXEC))
    }
}
