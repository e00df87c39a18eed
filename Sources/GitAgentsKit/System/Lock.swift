// An exclusive lock on a file, held by the live supervisor and released by the kernel when it dies.
// Open-file-description locks (F_OFD_*) can be tested without taking them, so `status` asking
// "is a supervisor alive?" never holds the lock for a moment and turns a starting supervisor away.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

public final class FileLock {
    private let descriptor: Int32
    private let path: String

    /// Takes the lock; without `wait`, nil when another process holds it.
    public init?(path: String, wait: Bool = false) {
        self.path = path
        while true {
            guard let fd = try? RuntimeFile.open(path, O_RDWR | O_CREAT | O_CLOEXEC) else { return nil }
            var request = Self.wholeFile(F_WRLCK)
            guard fcntl(fd, wait ? F_OFD_SETLKW : F_OFD_SETLK, &request) == 0 else {
                close(fd)
                return nil
            }
            // The holder before us may have removed the file (`removeFile`): a lock on a file no longer at
            // `path` locks nothing anyone else sees, so take the one that is there now.
            if Self.isSameFile(fd, path) {
                descriptor = fd
                return
            }
            close(fd)
        }
    }

    deinit { close(descriptor) }

    /// Removes the lock file while still holding it, leaving nothing behind; whoever waited for it tries again.
    public func removeFile() {
        if Self.isSameFile(descriptor, path) { unlink(path) }
    }

    private static func isSameFile(_ fd: Int32, _ path: String) -> Bool {
        var open = stat(), named = stat()
        return fstat(fd, &open) == 0 && stat(path, &named) == 0 && open.st_dev == named.st_dev && open.st_ino == named.st_ino
    }

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
