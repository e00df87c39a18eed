// File-system failures in plain words: "cannot create /x/agents/20261130-001: permission denied", never a
// Foundation error dump, so a person sees which path is wrong and why.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

public enum FileProblem {
    /// The error for `errno` (as left by a failed POSIX call) while doing `action` ("create", "write") to `path`.
    static func error(_ action: String, _ path: String, errno code: Int32 = errno) -> AgentsError {
        .failed("cannot \(action) \(path): \(cause(code, path: path))", hint: hint(code))
    }

    /// The same for an error Foundation (or anything else) threw; an AgentsError is kept as it is.
    static func error(_ action: String, _ path: String, from error: Error) -> AgentsError {
        if let error = error as? AgentsError { return error }
        guard let code = posixCode(of: error) else {
            return .failed("cannot \(action) \(path): \(error.localizedDescription)")
        }
        return self.error(action, path, errno: code)
    }

    /// "<path>: <cause>" for a Foundation file error that names its file, for one-line reports.
    public static func describe(_ error: Error) -> String? {
        let info = (error as NSError).userInfo
        guard let path = info[NSFilePathErrorKey] as? String ?? (info[NSURLErrorKey] as? URL)?.path,
              let code = posixCode(of: error) else { return nil }
        return "\(path): \(cause(code, path: path))"
    }

    /// Runs `body`, turning whatever it throws into a plain message about `path`.
    static func guarding<T>(_ action: String, _ path: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw self.error(action, path, from: error) }
    }

    /// The POSIX error beneath a Foundation error, when there is one.
    static func posixCode(of error: Error) -> Int32? {
        let nsError = error as NSError
        if nsError.domain == NSPOSIXErrorDomain { return Int32(nsError.code) }
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return Int32(underlying.code)
        }
        switch CocoaError.Code(rawValue: nsError.code) {
        case .fileNoSuchFile, .fileReadNoSuchFile: return ENOENT
        case .fileWriteNoPermission, .fileReadNoPermission: return EACCES
        case .fileWriteFileExists: return EEXIST
        case .fileWriteOutOfSpace: return ENOSPC
        case .fileWriteVolumeReadOnly: return EROFS
        default: return nil
        }
    }

    static func cause(_ code: Int32, path: String) -> String {
        switch code {
        case EACCES, EPERM: return "permission denied"
        case ENOTDIR: return "\(blocker(of: path) ?? "a part of it") is a file, not a folder"
        case EEXIST: return isFolder(path) ? "it exists already" : "it is a file, not a folder"
        case ENOENT: return "no such file or folder"
        case ENOSPC: return "no space left on the device"
        case EROFS: return "the file system is read-only"
        case ELOOP: return "too many symbolic links"
        default: return String(cString: strerror(code)).lowercased()
        }
    }

    private static func hint(_ code: Int32) -> String? {
        switch code {
        case EACCES, EPERM: "check the folder's owner and permissions"
        case ENOTDIR, EEXIST: "move that file away, or choose another place"
        default: nil
        }
    }

    /// The first existing ancestor of `path` that is not a folder (what makes ENOTDIR).
    private static func blocker(of path: String) -> String? {
        var prefix = ""
        for component in path.split(separator: "/") {
            prefix += "/" + component
            var info = stat()
            guard stat(prefix, &info) == 0 else { return nil }
            if info.st_mode & S_IFMT != S_IFDIR { return prefix }
        }
        return nil
    }

    private static func isFolder(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }
}
