// What an artifact may be called and how a file becomes one: names that are safe as paths in the record and
// in any checkout of it, files read without ever following a symbolic link, and the size limit.
import Foundation
import GitKit
#if canImport(Glibc)
import Glibc
#endif

/// One artifact's content as it goes into the record: a file's bytes, or a symbolic link's target text.
struct ArtifactContent {
    let data: Data
    let mode: TreeFile.Mode
}

enum ArtifactName {
    /// `agents.maxArtifactSize` when it is not set.
    static let defaultLimit: UInt64 = 10 << 20

    /// Refuses (exit 2) a name that is not a plain relative path: empty, absolute, with an empty, `.`, `..` or
    /// `.git` component, or with a control character (NUL included). The name is shown escaped.
    static func check(_ name: String) throws {
        func refuse(_ why: String) -> AgentsError {
            .usage("the artifact name \(name.debugDescription) \(why)",
                   hint: "name an artifact with a relative path of plain names, such as schema.sql or docs/api.md")
        }
        guard !name.isEmpty else { throw refuse("is empty") }
        guard !name.hasPrefix("/") else { throw refuse("is an absolute path") }
        if let control = name.unicodeScalars.first(where: { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) }) {
            throw refuse("holds the control character U+\(String(format: "%04X", control.value))")
        }
        for component in name.split(separator: "/", omittingEmptySubsequences: false) {
            switch component {
            case "": throw refuse("has an empty folder name (a doubled or trailing /)")
            case ".", "..": throw refuse("has a '\(component)' component")
            case _ where gitReads(component) == ".git": throw refuse("has a .git component, which git cannot hold")
            case _ where gitReads(component) == ".gitmodules":
                throw refuse("has a .gitmodules component, which git checks as submodule settings (a push would be refused)")
            case _ where component.utf8.count > 255: throw refuse("has a component longer than 255 bytes")
            default: continue
            }
        }
    }

    /// `.git` or `.gitmodules` when a path component is one of them as git reads it (nil otherwise): in any
    /// case, with trailing dots or spaces or an NTFS stream (`.git. `, `.git::$DATA`), as an NTFS short name
    /// (`git~1`, `gitmod~1`), or with characters HFS+ ignores (`.g\u{200C}it`). libgit2 refuses to write some of
    /// them into a tree (one left in an agent's artifact folder failed the record commit ending its run), and
    /// `git fsck` on a receiving server refuses the others (the record could never be pushed).
    static func gitReads(_ component: Substring) -> String? {
        let ignoredByHFS: Set<UInt32> = [0x200C, 0x200D, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
                                         0x206A, 0x206B, 0x206C, 0x206D, 0x206E, 0x206F, 0xFEFF]
        let lower = String(String.UnicodeScalarView(component.unicodeScalars.filter { !ignoredByHFS.contains($0.value) }))
            .lowercased()
        if lower == "git~1" { return ".git" }
        if lower.hasPrefix("gitmod~"), lower.count == 8, lower.last?.isNumber == true { return ".gitmodules" }
        var name = lower.prefix { $0 != ":" }
        while name.last == "." || name.last == " " { name.removeLast() }
        return name == ".git" || name == ".gitmodules" ? String(name) : nil
    }

    /// Reads `path` as an artifact: a regular file's bytes or a link's target text (the link is never followed).
    /// A folder, a device or a FIFO is refused, and so is anything over `limit` bytes (exit 2).
    static func read(_ path: String, limit: UInt64) throws -> ArtifactContent {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            throw AgentsError.usage("cannot read \(path): \(String(cString: strerror(errno)))", hint: "name a file that exists")
        }
        let type = info.st_mode & S_IFMT
        if type == S_IFLNK {
            let target = try FileManager.default.destinationOfSymbolicLink(atPath: path)
            return ArtifactContent(data: Data(target.utf8), mode: .link)
        }
        guard type == S_IFREG else {
            throw AgentsError.usage("\(path) is not a regular file", hint: "an artifact is one file (or a symbolic link)")
        }
        guard UInt64(info.st_size) <= limit else { throw tooLarge(path, size: UInt64(info.st_size), limit: limit) }
        // O_NOFOLLOW: a file swapped for a link since lstat is refused, not followed.
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw AgentsError.usage("cannot read \(path): \(String(cString: strerror(errno)))", hint: "name a file you can read")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        // One byte past the limit tells a file that grew since lstat from one that did not.
        let data = try handle.read(upToCount: Int(limit) + 1) ?? Data()
        guard UInt64(data.count) <= limit else { throw tooLarge(path, size: UInt64(data.count), limit: limit) }
        return ArtifactContent(data: data, mode: .file)
    }

    static func tooLarge(_ path: String, size: UInt64, limit: UInt64) -> AgentsError {
        .usage("\(path) is \(size) bytes, over agents.maxArtifactSize (\(limit) bytes)",
               hint: "share a smaller file, or raise the limit: git config agents.maxArtifactSize 50M")
    }

    /// The configured limit (`agents.maxArtifactSize`); a bad value is an error (exit 2).
    static func limit(_ workspace: Workspace) throws -> UInt64 {
        try Configuration.load(workspace).memory("agents.maxArtifactSize") ?? defaultLimit
    }
}
