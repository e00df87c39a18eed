// Discovery where GIT_DIR, GIT_WORK_TREE and GIT_CEILING_DIRECTORIES say (git(1), ENVIRONMENT), with `git` as witness.
import Foundation
import GitKit
import Testing
import TestSupport

@Suite(.scratchRepository)
struct DiscoveryEnvironmentTests {
    let scratch = ScratchRepository.current

    func folder(_ name: String) throws -> String {
        let path = scratch.root + "/" + name
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func gitDirOpensThatRepositoryFromAnywhereWithTheCurrentFolderAsWorkTree() throws {
        let outside = try folder("outside")
        let repository = try Repository.discover(from: outside, environment: DiscoveryEnvironment(gitDir: scratch.gitDir))
        #expect(repository.commonDir == scratch.gitDir)
        // As `git --git-dir=… rev-parse --show-toplevel` run from there says.
        let witness = try scratch.run(["--git-dir=\(scratch.gitDir)", "rev-parse", "--show-toplevel"], in: outside)
        #expect(repository.workdir == witness.output.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(repository.workdir == outside)
    }

    @Test func relativeGitDirAndWorkTreeAreTakenFromTheStartingFolder() throws {
        let sub = try folder("repo/sub")
        let repository = try Repository.discover(from: sub, environment: DiscoveryEnvironment(gitDir: "../.git", workTree: ".."))
        #expect(repository.commonDir == scratch.gitDir)
        #expect(repository.workdir == scratch.path)
    }

    @Test func gitDirIsNotSearchedUpwardsNorCompletedWithDotGit() throws {
        let sub = try folder("repo/sub")
        for gitDir in [sub, scratch.path] {
            let error = try #require(throws: GitError.self) {
                try Repository.discover(from: sub, environment: DiscoveryEnvironment(gitDir: gitDir))
            }
            #expect(error.code == .notFound, "\(gitDir): \(error)")
        }
    }

    @Test func coreWorktreeWinsOverTheCurrentFolder() throws {
        let tree = try folder("tree")
        try scratch.git("config", "core.worktree", tree)
        let repository = try Repository.discover(from: try folder("outside"), environment: DiscoveryEnvironment(gitDir: scratch.gitDir))
        #expect(repository.workdir == tree)
    }

    @Test func workTreeAloneKeepsTheSearchAndReplacesTheWorkTree() throws {
        let tree = try folder("tree")
        let repository = try Repository.discover(from: try folder("repo/deep/er"), environment: DiscoveryEnvironment(workTree: tree))
        #expect(repository.commonDir == scratch.gitDir)
        #expect(repository.workdir == tree)
        #expect(!repository.isBare)
    }

    @Test func ceilingDirectoriesStopTheSearch() throws {
        let deep = try folder("repo/deep/er")
        let environment = DiscoveryEnvironment(["GIT_CEILING_DIRECTORIES": scratch.path + "/deep"])
        let error = try #require(throws: GitError.self) { try Repository.discover(from: deep, environment: environment) }
        #expect(error.code == .notFound)
        #expect(try Repository.discover(from: deep).commonDir == scratch.gitDir)
    }

    @Test func emptyVariablesCountAsUnset() {
        #expect(DiscoveryEnvironment(["GIT_DIR": "", "GIT_WORK_TREE": "", "PATH": "/bin"]) == DiscoveryEnvironment())
    }
}
