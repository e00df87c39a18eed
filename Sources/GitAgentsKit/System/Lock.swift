// An exclusive lock on a file, held by the live supervisor and released by the kernel when it dies.
// Open-file-description locks (F_OFD_*) can be tested without taking them, so `status` asking
// "is a supervisor alive?" never holds the lock for a moment and turns a starting supervisor away.
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
        var request = Self.wholeFile(F_WRLCK)
        guard fcntl(fd, wait ? F_OFD_SETLKW : F_OFD_SETLK, &request) == 0 else {
            close(fd)
            return nil
        }
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// True when some process holds the lock at `path` right now (tested, not taken).
    public static func isHeld(path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var probe = wholeFile(F_WRLCK)
        guard fcntl(fd, F_OFD_GETLK, &probe) == 0 else { return false }
        return probe.l_type != Int16(F_UNLCK)
    }

    private static func wholeFile(_ type: Int32) -> flock {
        var lock = flock()
        lock.l_type = Int16(type)
        lock.l_whence = Int16(SEEK_SET)
        lock.l_start = 0
        lock.l_len = 0
        return lock
    }
}
