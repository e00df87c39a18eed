// Paths that must stay inside a folder (a worktree, the repository): a committed symlink in one of their
// components could otherwise make git-agents read, write or delete a file anywhere the user can reach.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

enum ContainedPath {
    /// Checks each existing component of `relative` below `root` with lstat; a symbolic link among them must
    /// lead to a place inside `root`. Throws (exit 2) naming the link and where it leads otherwise.
    static func check(_ relative: String, in root: String, for purpose: String) throws {
        guard !relative.hasPrefix("/"), !relative.split(separator: "/").contains("..") else {
            throw AgentsError.usage("\(purpose) names \(relative), which is not inside \(root)",
                                    hint: "list paths relative to the worktree root, like .env")
        }
        let realRoot = resolved(root) ?? root
        var current = root
        for component in relative.split(separator: "/") where component != "." {
            current += "/" + component
            var info = stat()
            // What does not exist yet is made as plain folders and files, never through a link.
            guard lstat(current, &info) == 0 else { return }
            guard info.st_mode & S_IFMT == S_IFLNK else { continue }
            let target = resolved(current)
            guard let target, target == realRoot || target.hasPrefix(realRoot + "/") else {
                let shown = target ?? ((try? FileManager.default.destinationOfSymbolicLink(atPath: current)) ?? "nowhere")
                throw AgentsError.usage("\(purpose): \(current) is a symbolic link to \(shown), outside \(root)",
                                        hint: "git-agents never reads or writes through such links; remove \(relative) from \(purpose)")
            }
        }
    }

    /// `path` with every symbolic link and `..` resolved; nil when it (or a link in it) leads nowhere.
    static func resolved(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    /// `path` resolved as far as it exists, the rest appended as given (for a folder not made yet).
    static func resolvedAsFarAsExists(_ path: String) -> String {
        let standard = (path as NSString).standardizingPath
        if let whole = resolved(standard) { return whole }
        let parent = (standard as NSString).deletingLastPathComponent
        guard parent != standard, !parent.isEmpty else { return standard }
        return (resolvedAsFarAsExists(parent) as NSString).appendingPathComponent((standard as NSString).lastPathComponent)
    }

    /// True when `path` is `folder` or inside it (both already resolved).
    static func isInside(_ path: String, _ folder: String) -> Bool {
        folder == "/" || path == folder || path.hasPrefix(folder + "/")
    }
}
