// `artifact get -o FILE`: an artifact written out as a new file (or link), never over something that exists.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

public enum ArtifactCopy {
    /// Writes `content` to `path` as a new file, or as a new symbolic link with `content` as its target when the
    /// artifact is a link (it is not followed: what it points at is neither read nor written). An existing file,
    /// folder or link at `path` is never replaced (exit 2). Inside the worktree the command runs in, a folder on
    /// the way that is a link leading out of it is refused; the file is made with O_NOFOLLOW | O_EXCL.
    public static func save(_ content: Data, isLink: Bool, to path: String, from directory: String,
                            worktreeRoot: String) throws {
        let standard = lexical(path.hasPrefix("/") ? path : directory + "/" + path)
        let root = lexical(worktreeRoot)
        if ContainedPath.isInside(standard, root), standard != root {
            try ContainedPath.check(String(standard.dropFirst(root.count + 1)), in: root, for: "artifact get -o")
        }
        func refuse(_ error: Int32) -> AgentsError {
            error == EEXIST
                ? .usage("\(path) exists already: artifact get -o never replaces a file",
                         hint: "remove it first, or name a new file")
                : .usage("cannot write \(path): \(String(cString: strerror(error)))", hint: "name a file in a folder you can write to")
        }
        if isLink {
            guard symlink(String(decoding: content, as: UTF8.self), standard) == 0 else { throw refuse(errno) }
            return
        }
        let descriptor = open(standard, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw refuse(errno) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: content)
        } catch {
            // Half a file is worse than none.
            unlink(standard)
            throw AgentsError.failed("cannot write \(path): \(FileProblem.describe(error) ?? "\(error)")",
                                     hint: "check the free space and try again")
        }
    }

    /// `path` with `.`, `..` and doubled slashes folded, links left as they are (they are what gets checked).
    static func lexical(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." {
            if part == ".." { _ = parts.popLast() } else { parts.append(part) }
        }
        return "/" + parts.joined(separator: "/")
    }
}
