// The repository a command runs in, found from any folder of any of its worktrees.
import Foundation
import GitKit

public final class Workspace {
    public let repository: Repository
    /// Root of the worktree the command runs in (main or linked).
    public let worktreeRoot: String
    /// The git dir shared by all worktrees.
    public let commonDir: String

    init(repository: Repository, worktreeRoot: String) {
        self.repository = repository
        self.worktreeRoot = worktreeRoot
        self.commonDir = repository.commonDir
    }

    /// Finds the repository from `directory`; exit 4 outside a repository or in a bare one.
    public static func discover(from directory: String = FileManager.default.currentDirectoryPath) throws -> Workspace {
        let repository: Repository
        do {
            repository = try Repository.discover(from: directory)
        } catch let error as GitError where error.code == .notFound {
            throw AgentsError.repository("not a git repository (or any parent up to /): \(directory)",
                                         hint: "run git agents inside a repository's working tree, or create one with: git init")
        } catch let error as GitError {
            throw AgentsError.repository("cannot open the repository at \(directory): \(error.message)")
        }
        guard !repository.isBare, let workdir = repository.workdir else {
            throw AgentsError.repository("\(repository.gitDir) is a bare repository: agents need a working tree",
                                         hint: "run git agents in a clone with a working tree")
        }
        return Workspace(repository: repository, worktreeRoot: workdir)
    }

    /// The main worktree's root: the folder holding the common `.git`. For a bare repository with linked
    /// worktrees (`git clone --bare` + `git worktree add`) it is the bare repository's folder itself, so
    /// relative paths such as `../<name>-worktrees` mean the same from every worktree.
    public var mainWorktreeRoot: String {
        let common = URL(fileURLWithPath: commonDir)
        return common.lastPathComponent == ".git" ? common.deletingLastPathComponent().path : common.path
    }

    /// The repository's name as `worktreeBase` uses it (`../<name>-worktrees`): `repo` for `repo/.git`
    /// and for a bare `repo.git`.
    public var repositoryName: String {
        let name = URL(fileURLWithPath: mainWorktreeRoot).lastPathComponent
        return name.hasSuffix(".git") && name.count > 4 ? String(name.dropLast(4)) : name
    }

    /// `$GIT_COMMON_DIR/agents`: runtime files only (locks, pids, live logs).
    public var runtimeDir: String { commonDir + "/agents" }
}
