// The layers of SPEC §4 in one process: which value wins, where it came from, list keys, and bad files.
// The ~/.gitconfig layer is tested end to end (libgit2 reads HOME once per process, when it starts).
import Foundation
import GitKit
import Testing
import TestSupport
@testable import GitAgentsKit

/// Helpers for the configuration suites (named so they cannot clash with other suites' helpers).
extension ScratchRepository {
    func writeConfigFile(_ text: String, to relative: String) throws {
        let url = URL(fileURLWithPath: path).appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func configWorkspace() throws -> Workspace { try Workspace.discover(from: path) }

    func loadConfiguration(flags: [String: [String]] = [:]) throws -> Configuration {
        try Configuration.load(try configWorkspace(), flags: flags)
    }

    /// The repository's own config file, as the configuration names it.
    var localConfigPath: String { gitDir + "/config" }
}

@Suite("Configuration layers", .scratchRepository)
struct ConfigurationTests {
    var scratch: ScratchRepository { .current }

    @Test func aReplacedValueIsKeptAsOverriddenWithItsOrigin() throws {
        try scratch.writeConfigFile(#"{"agents": {"api": {"skills": ["a", "b"]}}}"#, to: ".kilocode/agent-manager.json")
        try scratch.writeConfigFile(#"{"roles": {"api": {"skills": ["c"]}}}"#, to: ".kilocode/agents-config.json")
        try scratch.writeConfigFile("[agents]\n\tmaxParallel = 2\n", to: ".gitagents")
        let configuration = try scratch.loadConfiguration(flags: ["agents.maxParallel": ["3"]])
        #expect(configuration.list("role.api.skills") == ["c"])
        let skills = try #require(configuration.overridden["role.api.skills"])
        #expect(skills.map(\.values) == [["a", "b"]])
        #expect(skills.first?.origin == ConfigOrigin(layer: .kilocode, file: ".kilocode/agent-manager.json"))
        // The built-in default is no override worth showing; the file's value is.
        #expect(configuration.overridden["agents.maxParallel"]?.map(\.origin.layer) == [.gitagents])
        #expect(configuration.overridden["agents.timeout"] == nil)
    }

    @Test func builtInDefaultsWhenNothingIsConfigured() throws {
        let configuration = try scratch.loadConfiguration()
        let defaults = ConfigOrigin(layer: .defaults, file: nil)
        #expect(configuration["agents.maxParallel"]?.values == ["4"])
        #expect(configuration["agents.maxParallel"]?.origin == defaults)
        #expect(configuration["agents.worktreeBase"]?.value == "../repo-worktrees")
        #expect(configuration["agents.mergeStrategy"]?.value == "orchestrator-review")
        #expect(try configuration.duration("agents.timeout") == 3600)
        #expect(try configuration.bool("agents.requireTests") == false)
        #expect(configuration["agents.command"] == nil)
        #expect(configuration.roles.isEmpty)
        #expect(configuration.validate().isEmpty)
    }

    /// Each layer in turn sets agents.maxParallel; each time the new, higher layer wins and names its file.
    @Test func eachLayerReplacesTheOneBelowAndNamesItsOrigin() throws {
        let workspace = try scratch.configWorkspace()
        func resolved(flags: [String: [String]] = [:]) throws -> ConfigValue? {
            try Configuration.load(workspace, flags: flags)["agents.maxParallel"]
        }

        try scratch.writeConfigFile(#"{"maxParallelAgents": 5, "worktreeBasePath": "../kilo-trees"}"#,
                          to: ".kilocode/agent-manager.json")
        #expect(try resolved()?.values == ["5"])
        #expect(try resolved()?.origin == ConfigOrigin(layer: .kilocode, file: ".kilocode/agent-manager.json"))

        try scratch.writeConfigFile("[agents]\n\tmaxParallel = 6\n\ttimeout = 20m\n", to: ".gitagents")
        #expect(try resolved()?.values == ["6"])
        #expect(try resolved()?.origin == ConfigOrigin(layer: .gitagents, file: ".gitagents"))

        try scratch.git("config", "agents.maxParallel", "7")
        #expect(try resolved()?.values == ["7"])
        #expect(try resolved()?.origin == ConfigOrigin(layer: .local, file: scratch.localConfigPath))

        #expect(try resolved(flags: ["agents.maxParallel": ["8"]])?.values == ["8"])
        #expect(try resolved(flags: ["agents.maxParallel": ["8"]])?.origin == ConfigOrigin(layer: .flags, file: nil))

        // Keys a higher layer leaves alone keep their lower origin.
        let configuration = try Configuration.load(workspace, flags: ["agents.maxParallel": ["8"]])
        #expect(configuration["agents.worktreeBase"]?.value == "../kilo-trees")
        #expect(configuration["agents.worktreeBase"]?.origin.layer == .kilocode)
        #expect(configuration["agents.timeout"]?.value == "20m")
        #expect(configuration["agents.timeout"]?.origin.layer == .gitagents)
        #expect(configuration["agents.stallTimeout"]?.origin.layer == .defaults)
    }

    @Test func layersAreOrderedAsTheSpecificationSays() {
        let order: [ConfigLayer] = [.defaults, .kilocode, .gitagents, .system, .xdg, .global, .local, .flags]
        #expect(order.sorted() == order)
        #expect(ConfigLayer.gitagents < ConfigLayer.global && ConfigLayer.global < ConfigLayer.local)
        #expect(ConfigLayer.allCases.filter(\.isCommitted) == [.kilocode, .gitagents])
    }

    @Test func listKeysMayBeRepeatedOrCommaSeparated() throws {
        try scratch.writeConfigFile("""
            [agents]
            \tcopy = .env, .env.local
            \tcopy = config/secrets.json
            [role "testing"]
            \tdependsOn = database
            \tdependsOn = api
            \tdependsOn = frontend
            \tskills = testing-expert,jest-master , playwright
            \tmcpServers = postgres
            \tpaths = tests/, e2e/
            \tdescription = Unit, integration and end-to-end tests

            """, to: ".gitagents")
        let configuration = try scratch.loadConfiguration()
        #expect(configuration.list("agents.copy") == [".env", ".env.local", "config/secrets.json"])
        #expect(configuration.list("role.testing.dependsOn") == ["database", "api", "frontend"])
        #expect(configuration.list("role.testing.skills") == ["testing-expert", "jest-master", "playwright"])
        #expect(configuration.list("role.testing.mcpServers") == ["postgres"])
        // A comma in a plain string key is just a comma.
        #expect(configuration.string("role.testing.description") == "Unit, integration and end-to-end tests")

        let role = configuration.role(named: "testing")
        #expect(role.dependsOn == ["database", "api", "frontend"])
        #expect(role.paths == ["tests/", "e2e/"])
        #expect(role.skills == ["testing-expert", "jest-master", "playwright"])
    }

    @Test func aHigherLayerReplacesAWholeListInsteadOfAddingToIt() throws {
        try scratch.writeConfigFile(#"{"dependencies": {"api": ["database", "auth"]}}"#, to: ".kilocode/agent-manager.json")
        #expect(try scratch.loadConfiguration().list("role.api.dependsOn") == ["database", "auth"])

        try scratch.writeConfigFile("[role \"api\"]\n\tdependsOn = database\n\tdependsOn = cache\n", to: ".gitagents")
        let fromGitagents = try scratch.loadConfiguration()
        #expect(fromGitagents.list("role.api.dependsOn") == ["database", "cache"])
        #expect(fromGitagents["role.api.dependsOn"]?.origin.layer == .gitagents)

        try scratch.git("config", "--add", "role.api.dependsOn", "schema")
        let fromLocal = try scratch.loadConfiguration()
        #expect(fromLocal.list("role.api.dependsOn") == ["schema"])
        #expect(fromLocal["role.api.dependsOn"]?.origin == ConfigOrigin(layer: .local, file: scratch.localConfigPath))

        let fromFlags = try scratch.loadConfiguration(flags: ["role.api.dependsOn": ["a,b"]])
        #expect(fromFlags.list("role.api.dependsOn") == ["a", "b"])
    }

    @Test func keysAreMatchedAsGitMatchesThem() throws {
        // git lower-cases section and variable names but keeps the subsection as written.
        try scratch.writeConfigFile("[AGENTS]\n\tMAXPARALLEL = 2\n[role \"Api\"]\n\tbranchprefix = feature/api\n", to: ".gitagents")
        let configuration = try scratch.loadConfiguration()
        #expect(configuration["agents.maxParallel"]?.value == "2")
        #expect(configuration["role.Api.branchPrefix"]?.value == "feature/api")
        #expect(configuration["role.api.branchPrefix"] == nil)
        #expect(ConfigKeys.canonical("agents.maxparallel") == "agents.maxParallel")
        #expect(ConfigKeys.canonical("role.db.v2.dependson") == "role.db.v2.dependsOn")
        #expect(ConfigKeys.canonical("core.editor") == nil)
        #expect(ConfigKeys.canonical("agents") == nil)
    }

    @Test func keysOtherLayersDoNotKnowAreReportedNotApplied() throws {
        try scratch.writeConfigFile("[agents]\n\tmaxParalel = 9\n[core]\n\teditor = vi\n", to: ".gitagents")
        let configuration = try scratch.loadConfiguration()
        #expect(configuration["agents.maxParallel"]?.value == "4")
        #expect(configuration.unknownKeys.map(\.key) == ["agents.maxparalel"])
        #expect(configuration.unknownKeys.first?.origin == ConfigOrigin(layer: .gitagents, file: ".gitagents"))
        // core.* is git's own, not a typo of ours.
        #expect(!configuration.unknownKeys.contains { $0.key.hasPrefix("core.") })
    }

    @Test func aMalformedGitagentsIsAConfigurationErrorNamingFileAndLine() throws {
        try scratch.writeConfigFile("[agents]\n\tmaxParallel = 3\n\n[role \"api\"\n\tdescription = API\n", to: ".gitagents")
        let error = try #require(throws: AgentsError.self) { try scratch.loadConfiguration() }
        #expect(error.exitCode == 2)
        #expect(error.message.hasPrefix(".gitagents: "), "\(error.message)")
        #expect(error.message.contains(".gitagents:4"), "the unclosed section header is on line 4: \(error.message)")
        #expect(error.hint?.contains("git agents doctor") == true)
    }

    /// git itself refuses such a repository ("fatal: bad config line"), so this is exit 4, not 2.
    @Test func aMalformedLocalConfigMakesTheRepositoryUnusable() throws {
        try scratch.git("config", "agents.maxParallel", "3")
        let text = try String(contentsOfFile: scratch.localConfigPath, encoding: .utf8)
        try (text + "[broken\n").write(toFile: scratch.localConfigPath, atomically: true, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
        let error = try #require(throws: AgentsError.self) { try scratch.loadConfiguration() }
        #expect(error.exitCode == 4)
        #expect(error.message.contains(scratch.localConfigPath + ":\(lines)"), "line \(lines) is the broken one: \(error.message)")
    }

    @Test func valuesOfTheWrongKindAreNamedWithTheirOrigin() throws {
        try scratch.writeConfigFile("[agents]\n\tmaxParallel = lots\n\ttimeout = soon\n\tmergeStrategy = yolo\n\trequireTests = maybe\n",
                          to: ".gitagents")
        let configuration = try scratch.loadConfiguration()
        let error = try #require(throws: AgentsError.self) { try configuration.integer("agents.maxParallel") }
        #expect(error.exitCode == 2)
        #expect(error.message.contains("agents.maxParallel = lots") && error.message.contains(".gitagents"))
        #expect(throws: AgentsError.self) { try configuration.duration("agents.timeout") }
        #expect(throws: AgentsError.self) { try configuration.bool("agents.requireTests") }
        let problems = configuration.validate().map(\.message)
        #expect(problems.count == 4, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("agents.mergeStrategy = yolo") && $0.contains("orchestrator-review") })
    }

    @Test func rolesTakeTheDefaultModelUnlessTheyNameTheirOwn() throws {
        try scratch.writeConfigFile("""
            [agents]
            \tmodel = qwen-coder-32b
            \ttemperature = 0.5
            [role "database"]
            \tmodel = qwen-coder-plus
            [role "api"]
            \tdescription = API endpoints

            """, to: ".gitagents")
        let configuration = try scratch.loadConfiguration()
        #expect(configuration.roles.map(\.name) == ["api", "database"])
        #expect(configuration.role(named: "database").model == "qwen-coder-plus")
        #expect(configuration.role(named: "api").model == "qwen-coder-32b")
        #expect(configuration.role(named: "api").temperature == "0.5")
    }

    @Test func aLinkedWorktreeReadsItsOwnGitagentsAndTheSharedGitConfig() throws {
        try scratch.writeConfigFile("[role \"api\"]\n\tdescription = from main\n", to: ".gitagents")
        try scratch.git("add", ".gitagents")
        try scratch.git("commit", "--quiet", "-m", "configure agents")
        try scratch.git("config", "agents.maxParallel", "7")
        let linked = scratch.root + "/linked"
        try scratch.git("worktree", "add", "--quiet", "-b", "feature", linked)
        try "[role \"api\"]\n\tdescription = from linked\n".write(toFile: linked + "/.gitagents", atomically: true,
                                                                  encoding: .utf8)
        try FileManager.default.createDirectory(atPath: linked + "/sub/dir", withIntermediateDirectories: true)

        let workspace = try Workspace.discover(from: linked + "/sub/dir")
        #expect(workspace.worktreeRoot == linked)
        #expect(workspace.repositoryName == "repo")
        let configuration = try Configuration.load(workspace)
        #expect(configuration.string("role.api.description") == "from linked")
        #expect(configuration["agents.maxParallel"]?.origin == ConfigOrigin(layer: .local, file: scratch.localConfigPath))
        #expect(configuration.string("agents.worktreeBase") == "../repo-worktrees")
    }

    @Test func anOriginDescribesItselfForPeople() {
        #expect(ConfigOrigin(layer: .defaults, file: nil).describe == "default")
        #expect(ConfigOrigin(layer: .gitagents, file: ".gitagents").describe == "file:.gitagents (gitagents)")
        #expect(ConfigOrigin(layer: .flags, file: nil).describe == "flags")
    }
}
