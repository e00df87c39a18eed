// git-config files through GitConfig: parse errors name the file and line; entries, add and remove agree with `git config`.
import Foundation
import GitKit
import Testing
import TestSupport

@Suite(.scratchRepository)
struct ConfigTests {
    let scratch = ScratchRepository.current
    var file: String { scratch.path + "/.gitagents" }

    func write(_ text: String) throws { try text.write(toFile: file, atomically: true, encoding: .utf8) }

    @Test func malformedFileThrowsWithFileAndLine() throws {
        try write("[agents]\n\tmaxParallel = 3\n[role \"api\"\n\tdependsOn = db\n")

        let error = try #require(throws: GitError.self) { try GitConfig.open(file: file) }

        #expect(error.message.contains(file))
        #expect(error.message.contains("\(file):3"))
        #expect(error.function == "git_config_open_ondisk")
    }

    @Test func entriesInFileOrderWithLowerCasedNames() throws {
        try write("""
            [agents]
            \tmaxParallel = 3
            [role "API"]
            \tdependsOn = db
            \tdependsOn = auth
            \tcommand = claude -p

            """)

        let entries = try GitConfig.open(file: file).entries()

        #expect(entries.map { "\($0.name)=\($0.value)" } == [
            "agents.maxparallel=3", "role.API.dependson=db", "role.API.dependson=auth", "role.API.command=claude -p",
        ])
        #expect(entries.allSatisfy { $0.level == .local })
    }

    @Test func readsSingleAndMultiValuedKeys() throws {
        try write("[agents]\n\tmaxParallel = 3\n[role \"api\"]\n\tdependsOn = db\n\tdependsOn = auth\n")
        let config = try GitConfig.open(file: file)

        #expect(try config.string("agents.maxParallel") == "3")
        #expect(try config.string("agents.missing") == nil)
        #expect(try config.multivar("role.api.dependsOn") == ["db", "auth"])
        #expect(try config.multivar("ROLE.api.DEPENDSON") == ["db", "auth"])
        #expect(try config.multivar("role.API.dependsOn").isEmpty)
    }

    @Test func addAndRemoveAreWhatGitConfigReads() throws {
        try write("[role \"api\"]\n\tdependsOn = db\n\tdependsOn = auth\n")
        let config = try GitConfig.open(file: file)

        try config.add("role.api.dependsOn", value: "cache")
        #expect(try scratch.git("config", "-f", file, "--get-all", "role.api.dependsOn") == "db\nauth\ncache")

        try config.remove("role.api.dependsOn", matching: "^auth$")
        #expect(try scratch.git("config", "-f", file, "--get-all", "role.api.dependsOn") == "db\ncache")

        try config.remove("role.api.dependsOn", matching: "^nothing-matches$")
        try config.remove("role.api.missing", matching: ".*")
        #expect(try GitConfig.open(file: file).multivar("role.api.dependsOn") == ["db", "cache"])
    }

    @Test func setReplacesAValue() throws {
        try write("[agents]\n\tmaxParallel = 3\n")
        let config = try GitConfig.open(file: file)

        try config.set("agents.maxParallel", to: "5")
        try config.set("agents.strategy", to: "sequential")

        #expect(try scratch.git("config", "-f", file, "agents.maxParallel") == "5")
        #expect(try scratch.git("config", "-f", file, "agents.strategy") == "sequential")
    }

    @Test func localConfigIsTheRepositorysConfigFile() throws {
        let repository = try Repository.open(at: scratch.path)

        try repository.localConfig().set("agents.maxParallel", to: "4")

        #expect(try scratch.git("config", "--local", "agents.maxParallel") == "4")
        #expect(try repository.config().string("user.name") == "Scratch Tester")
    }
}
