// Finding the repository a command means, by git's rules: from a folder upwards, or where GIT_DIR and
// GIT_WORK_TREE point (`git --git-dir=X --work-tree=Y agents …` sets them).
import Clibgit2
import Foundation

/// The variables git reads to find a repository (git(1), ENVIRONMENT); empty values count as unset.
public struct DiscoveryEnvironment: Sendable, Equatable {
    public var gitDir: String?
    public var workTree: String?
    /// `:`-separated folders the upward search stops below (GIT_CEILING_DIRECTORIES).
    public var ceilingDirectories: String?

    public init(gitDir: String? = nil, workTree: String? = nil, ceilingDirectories: String? = nil) {
        self.gitDir = gitDir
        self.workTree = workTree
        self.ceilingDirectories = ceilingDirectories
    }

    public init(_ variables: [String: String]) {
        func value(_ name: String) -> String? { variables[name].flatMap { $0.isEmpty ? nil : $0 } }
        self.init(gitDir: value("GIT_DIR"), workTree: value("GIT_WORK_TREE"),
                  ceilingDirectories: value("GIT_CEILING_DIRECTORIES"))
    }
}

extension Repository {
    /// Finds the repository containing `path`, walking up from it as git does (linked worktrees included),
    /// unless `environment` names it. Relative variables are taken from `path`, as git takes them from
    /// the current folder.
    ///
    /// libgit2 reads these variables itself only with GIT_REPOSITORY_OPEN_FROM_ENV, which then ignores GIT_DIR
    /// when a path is given and refuses GIT_WORK_TREE ("unimplemented"): so they are applied here.
    public static func discover(from path: String, environment: DiscoveryEnvironment = DiscoveryEnvironment()) throws -> Repository {
        ensureLibgit2()
        var repo: OpaquePointer?
        if let gitDir = environment.gitDir {
            // GIT_DIR is the git directory itself: no search upwards and no `.git` appended.
            let flags = GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue | GIT_REPOSITORY_OPEN_NO_DOTGIT.rawValue
            try check(git_repository_open_ext(&repo, absolute(gitDir, from: path), UInt32(flags), nil),
                      "git_repository_open_ext")
        } else {
            try check(git_repository_open_ext(&repo, path, 0, environment.ceilingDirectories), "git_repository_open_ext")
        }
        let repository = Repository(repo!)
        if let workTree = try repository.workTree(in: environment, from: path) {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: workTree, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw GitError(code: .notFound, message: "the work tree \(workTree) (GIT_WORK_TREE) is not a folder",
                               function: "git_repository_set_workdir")
            }
            try check(git_repository_set_workdir(repository.pointer, workTree, 0), "git_repository_set_workdir")
        }
        return repository
    }

    /// The work tree git would use instead of libgit2's choice: GIT_WORK_TREE; else, with GIT_DIR and no
    /// `core.worktree`, the current folder (git(1): "the current working directory is regarded as the top
    /// level of your working tree"). Nil keeps libgit2's.
    private func workTree(in environment: DiscoveryEnvironment, from path: String) throws -> String? {
        if let workTree = environment.workTree { return Self.absolute(workTree, from: path) }
        guard environment.gitDir != nil, !isBare, try config().string("core.worktree") == nil else { return nil }
        return path
    }

    private static func absolute(_ path: String, from directory: String) -> String {
        path.hasPrefix("/") ? path : URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: directory, isDirectory: true))
            .standardizedFileURL.path
    }
}
