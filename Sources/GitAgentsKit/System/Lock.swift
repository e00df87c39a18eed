// An exclusive lock on a file (flock): held by a live supervisor, released by the kernel when it dies.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

public final class FileLock {
    private let descriptor: Int32

    /// Takes the lock; without `wait`, nil when another process holds it.
    public init?(path: String, wait: Bool = false) {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return nil }
        guard flock(fd, wait ? LOCK_EX : LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            return nil
        }
        descriptor = fd
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// True when some process holds the lock at `path` right now.
    public static func isHeld(path: String) -> Bool {
        guard FileManager.default.fileExists(atPath: path) else { return false }
        return FileLock(path: path) == nil
    }
}
