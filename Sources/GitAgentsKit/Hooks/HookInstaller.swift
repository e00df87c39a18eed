// `git agents hooks install|uninstall|status`: our shims in the hooks folder git uses, a user's own hook kept
// beside ours (renamed, byte for byte and mode for mode) and run first, and put back exactly on uninstall.
import Foundation
import GitKit

/// What is in the hooks folder under one hook's name.
public enum HookState: String, Codable, Sendable {
    /// Our shim, alone.
    case ours
    /// Our shim, with the user's own hook kept beside it and run first.
    case chained
    /// Someone else's hook; `install` would chain it.
    case foreign
    case missing
}

public struct HookStatus: Codable, Sendable, Equatable {
    public let hook: String
    public let state: HookState
    public let path: String
    /// Our shim is there but differs from this version's (install rewrites it).
    public let outdated: Bool
}

public struct HookInstaller {
    /// The folder git runs hooks from: `core.hooksPath` (relative to the worktree's root, as git takes it) when
    /// set, else `$GIT_COMMON_DIR/hooks`, shared by every linked worktree.
    public let folder: String
    /// Whether the user named the folder (core.hooksPath): only then may it be outside the repository.
    let configured: Bool
    let commonDir: String
    let worktreeRoot: String

    public init(_ workspace: Workspace) {
        commonDir = workspace.commonDir
        worktreeRoot = workspace.worktreeRoot
        let value = (try? workspace.repository.config().string("core.hooksPath")) ?? nil
        if let value, !value.isEmpty {
            let expanded = (value as NSString).expandingTildeInPath
            folder = expanded.hasPrefix("/") ? expanded : workspace.worktreeRoot + "/" + expanded
            configured = true
        } else {
            folder = workspace.commonDir + "/hooks"
            configured = false
        }
    }

    func path(_ hook: HookName) -> String { folder + "/" + hook.rawValue }
    func keptPath(_ hook: HookName) -> String { path(hook) + HookScripts.keptSuffix }

    public func status() -> [HookStatus] {
        HookName.allCases.map { hook in
            let path = path(hook)
            guard let kind = Self.kind(path) else {
                return HookStatus(hook: hook.rawValue, state: .missing, path: path, outdated: false)
            }
            guard kind == .ours else { return HookStatus(hook: hook.rawValue, state: .foreign, path: path, outdated: false) }
            let outdated = FileManager.default.contents(atPath: path) != Data(HookScripts.script(hook).utf8)
            let state: HookState = Self.kind(keptPath(hook)) == nil ? .ours : .chained
            return HookStatus(hook: hook.rawValue, state: state, path: path, outdated: outdated)
        }
    }

    /// Writes our shims; a user's hook is first moved to `<name>.before-git-agents`. Everything is checked before
    /// anything is written, so a refusal leaves the folder as it was. Installing twice changes nothing.
    @discardableResult
    public func install() throws -> [HookStatus] {
        try checkFolder()
        try checkOutsideWorkingTree()
        for hook in HookName.allCases where Self.kind(path(hook)) == .foreign && Self.kind(keptPath(hook)) != nil {
            throw AgentsError.failed("\(keptPath(hook)) is in the way: \(path(hook)) is not ours, "
                                     + "and a hook kept by an earlier install is still there",
                                     hint: "move one of them away, then run git agents hooks install again")
        }
        try checkNotEdited(then: "install")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // What this call wrote, so that a failure half-way (disk full, permissions) puts every hook back as it was.
        var written: [(hook: HookName, keptUsers: Bool)] = []
        do {
            for hook in HookName.allCases {
                let path = path(hook), text = Data(HookScripts.script(hook).utf8)
                switch Self.kind(path) {
                case .ours:
                    if FileManager.default.contents(atPath: path) != text { try Self.write(text, to: path, replacing: true) }
                case .foreign:
                    try Self.rename(path, to: keptPath(hook))
                    written.append((hook, true))
                    try Self.write(text, to: path, replacing: false)
                case nil:
                    written.append((hook, false))
                    try Self.write(text, to: path, replacing: false)
                }
            }
        } catch {
            for (hook, keptUsers) in written.reversed() {
                if Self.kind(path(hook)) == .ours { try? FileManager.default.removeItem(atPath: path(hook)) }
                if keptUsers { try? Self.rename(keptPath(hook), to: path(hook)) }
            }
            throw error
        }
        return status()
    }

    /// Removes our shims and puts back each hook kept beside them, as it was. A hook that is not ours stays.
    @discardableResult
    public func uninstall() throws -> [HookStatus] {
        try checkFolder()
        try checkNotEdited(then: "uninstall")
        for hook in HookName.allCases {
            let path = path(hook)
            switch Self.kind(path) {
            case .foreign:
                continue
            case .ours:
                try FileManager.default.removeItem(atPath: path)
            case nil:
                break
            }
            guard Self.kind(keptPath(hook)) != nil else { continue }
            do {
                try Self.rename(keptPath(hook), to: path)
            } catch {
                // The user's hook stays kept; our shim goes back so that it still runs.
                try? Self.write(Data(HookScripts.script(hook).utf8), to: path, replacing: false)
                throw error
            }
        }
        return status()
    }

    enum Kind { case ours, foreign }

    /// Ours when it is a regular file carrying our marker line; a symbolic link is never ours (never followed).
    static func kind(_ path: String) -> Kind? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        guard info.st_mode & S_IFMT == S_IFREG, info.st_size < 64 * 1024,
              let text = FileManager.default.contents(atPath: path).flatMap({ String(data: $0, encoding: .utf8) })
        else { return .foreign }
        return text.split(separator: "\n").contains { $0.hasPrefix(HookScripts.marker) } ? .ours : .foreign
    }

    /// A core.hooksPath inside the working tree (`.githooks`, committed hooks) holds the project's files: our
    /// shims would show up as new files to commit, the project's own hooks as changed, and each linked worktree
    /// has its own copy that would not have them.
    private func checkOutsideWorkingTree() throws {
        let folder = (folder as NSString).standardizingPath, root = (worktreeRoot as NSString).standardizingPath
        let repositoryFolder = (commonDir as NSString).standardizingPath
        guard configured, folder == root || folder.hasPrefix(root + "/"),
              folder != repositoryFolder, !folder.hasPrefix(repositoryFolder + "/") else { return }
        throw AgentsError.usage("core.hooksPath \(folder) is inside the working tree: git-agents does not add to or "
                                + "rename the project's files there (and each linked worktree has its own copy)",
                                hint: "point core.hooksPath at a folder outside the working tree (or unset it), "
                                + "then run git agents hooks install again")
    }

    /// Our shim with lines a person added or changed is not replaced or removed: those changes would be lost.
    private func checkNotEdited(then action: String) throws {
        for hook in HookName.allCases where edited(hook) {
            throw AgentsError.failed("\(path(hook)) is our hook with changes made after it was installed: "
                                     + "git-agents does not overwrite or remove them",
                                     hint: "move it away (to keep the changes) or delete it, then run git agents hooks \(action) again")
        }
    }

    /// Our shim, but neither this version's text nor an earlier version's: a person changed it.
    public func edited(_ hook: HookName) -> Bool {
        guard Self.kind(path(hook)) == .ours else { return false }
        let text = FileManager.default.contents(atPath: path(hook)) ?? Data()
        let id = (try? Repository.blobID(of: text).hex) ?? ""
        return text != Data(HookScripts.script(hook).utf8) && HookScripts.earlier[hook]?.contains(id) != true
    }

    /// `$GIT_COMMON_DIR/hooks` must be a real folder inside the repository: a link leading elsewhere is refused
    /// (set core.hooksPath to name a folder outside on purpose).
    private func checkFolder() throws {
        guard !configured else { return }
        var info = stat()
        if lstat(folder, &info) == 0, info.st_mode & S_IFMT == S_IFLNK {
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: folder)) ?? "elsewhere"
            throw AgentsError.usage("\(folder) is a symbolic link (to \(target)): git-agents does not write through it",
                                    hint: "to share hooks from that folder, name it: git config core.hooksPath \(target)")
        }
    }

    private static func write(_ data: Data, to path: String, replacing: Bool) throws {
        let flags = O_WRONLY | O_CREAT | O_NOFOLLOW | (replacing ? O_TRUNC : O_EXCL)
        let descriptor = open(path, flags, 0o755)
        guard descriptor >= 0 else { throw problem("cannot write \(path)") }
        defer { close(descriptor) }
        let written = data.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        guard written == data.count, fchmod(descriptor, 0o755) == 0 else {
            let failure = problem("cannot write \(path)")
            // A file this call created (O_EXCL) and could not finish is not left behind half-written.
            if !replacing { unlink(path) }
            throw failure
        }
    }

    /// Moves the file itself — its bytes, mode, owner and times; a link stays a link — and never over a file at
    /// `to`: two installs at once must not put one's shim over the hook the other kept. link(2) refuses a name
    /// that exists (and does not follow a link on Linux), then the old name goes; where the file system has no
    /// hard links, rename(2) after a check is the best there is.
    static func rename(_ from: String, to: String) throws {
        if link(from, to) == 0 {
            guard unlink(from) == 0 else { throw problem("cannot remove \(from) after keeping it as \(to)") }
            return
        }
        guard errno != EEXIST, FileManager.default.fileExists(atPath: to) == false,
              (try? FileManager.default.destinationOfSymbolicLink(atPath: to)) == nil,
              Foundation.rename(from, to) == 0 else { throw problem("cannot move \(from) to \(to)") }
    }

    private static func problem(_ what: String) -> AgentsError {
        .failed("\(what): \(String(cString: strerror(errno)))", hint: "check the hooks folder's permissions, then try again")
    }
}
