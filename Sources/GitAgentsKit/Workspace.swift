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

    /// Finds the repository from `directory`, or — without one — as git does from the current folder, where
    /// GIT_DIR and GIT_WORK_TREE win; exit 4 outside a repository or in a bare one.
    public static func discover(from directory: String? = nil) throws -> Workspace {
        let here = directory ?? FileManager.default.currentDirectoryPath
        let environment = directory == nil ? DiscoveryEnvironment(ProcessInfo.processInfo.environment) : DiscoveryEnvironment()
        let repository: Repository
        do {
            repository = try Repository.discover(from: here, environment: environment)
        } catch let error as GitError where error.code == .notFound {
            if error.function == "git_repository_set_workdir" {
                throw AgentsError.repository(error.message, hint: "point GIT_WORK_TREE (or git --work-tree) at a folder, or unset it")
            }
            if let gitDir = environment.gitDir {
                throw AgentsError.repository("not a git repository: GIT_DIR=\(gitDir)",
                                             hint: "point GIT_DIR (or git --git-dir) at a repository's .git folder, or unset it")
            }
            throw AgentsError.repository("not a git repository (or any parent up to /): \(here)",
                                         hint: "run git agents inside a repository's working tree, or create one with: git init")
        } catch let error as GitError {
            throw AgentsError.repository("cannot open the repository at \(here): \(error.message)")
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
