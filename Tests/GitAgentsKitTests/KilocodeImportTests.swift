// The seed article's `.kilocode/*.json` files, imported as written: every field mapped to a key or reported, none dropped.
import Foundation
import Testing
import TestSupport
@testable import GitAgentsKit

/// The article's examples, verbatim.
enum SeedKilocode {
    static let agentManager = """
        {
        "enabled": true,
        "maxParallelAgents": 4,
        "worktreeBasePath": "../my-app-worktrees",
        "orchestrator": {
        "model": "qwen-coder-plus",
        "temperature": 0.3
        },
        "agents": {
        "default": {
        "model": "qwen-coder-32b",
        "temperature": 0.5,
        "maxTokens": 8192
        },
        "database": {
        "model": "qwen-coder-plus",
        "temperature": 0.2,
        "skills": ["database-expert", "sql-optimizer"]
        },
        "api": {
        "model": "qwen-coder-32b",
        "temperature": 0.4,
        "skills": ["api-design", "rest-best-practices"]
        },
        "frontend": {
        "model": "qwen-coder-32b",
        "temperature": 0.6,
        "skills": ["react-expert", "typescript-pro"]
        },
        "testing": {
        "model": "qwen-coder-32b",
        "temperature": 0.3,
        "skills": ["testing-expert", "jest-master"]
        }
        },
        "merge": {
        "strategy": "orchestrator-review",
        "autoCommit": false,
        "createPullRequest": true
        }
        }
        """

    static let agentsConfig = """
        {
        "roles": {
        "database": {
        "description": "Database schema and migrations",
        "worktreePrefix": "feature-db",
        "branches": {
        "prefix": "feature/db"
        },
        "skills": ["database-expert", "postgres-pro"],
        "mcpServers": ["postgres"]
        },
        "api": {
        "description": "API endpoints and business logic",
        "worktreePrefix": "feature-api",
        "branches": {
        "prefix": "feature/api"
        },
        "skills": ["api-design", "express-expert"],
        "mcpServers": []
        },
        "frontend": {
        "description": "UI components and styling",
        "worktreePrefix": "feature-ui",
        "branches": {
        "prefix": "feature/ui"
        },
        "skills": ["react-expert", "tailwind-master"],
        "mcpServers": []
        },
        "testing": {
        "description": "Unit and integration tests",
        "worktreePrefix": "feature-tests",
        "branches": {
        "prefix": "feature/tests"
        },
        "skills": ["testing-expert", "jest-master"],
        "mcpServers": []
        }
        }
        }
        """

    /// The article's "Dependency Management", "Resource Allocation" and "Caching" snippets.
    static let dependencies = """
        {
        "dependencies": {
        "api": ["database"],
        "frontend": ["api"],
        "testing": ["database", "api", "frontend"]
        }
        }
        """

    static let resources = """
        {
        "resources": {
        "maxCpuPerAgent": 2,
        "maxMemoryPerAgent": "4GB",
        "maxConcurrentAgents": 4,
        "priorityMode": "balanced"
        }
        }
        """

    static let caching = """
        {
        "caching": {
        "enabled": true,
        "sharedModelCache": true,
        "embeddingCache": true,
        "cacheLocation": "~/.cache/kilo-agents"
        }
        }
        """

    /// The JSON paths of every leaf (a value that is not a non-empty object), as the import names fields.
    static func leaves(of text: String) throws -> [String] {
        func walk(_ value: Any, _ path: String) -> [String] {
            guard let object = value as? [String: Any], !object.isEmpty else { return [path] }
            return object.flatMap { walk($0.value, path.isEmpty ? $0.key : "\(path).\($0.key)") }
        }
        return walk(try JSONSerialization.jsonObject(with: Data(text.utf8)), "")
    }

    static func merged(_ texts: String...) throws -> String {
        var all: [String: Any] = [:]
        for text in texts {
            let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
            all.merge(object) { _, new in new }
        }
        return String(decoding: try JSONSerialization.data(withJSONObject: all, options: [.prettyPrinted]), as: UTF8.self)
    }
}

@Suite("Importing .kilocode/*.json")
struct KilocodeImportTests {
    private func read(_ text: String, file: String = ConfigFiles.kilocodeManager) throws -> KilocodeImport {
        try KilocodeImport.read(Data(text.utf8), file: file)
    }

    private func values(_ imported: KilocodeImport, _ key: String) -> [[String]] {
        imported.settings.filter { $0.key == key }.map(\.values)
    }

    @Test(arguments: [SeedKilocode.agentManager, SeedKilocode.agentsConfig, SeedKilocode.dependencies,
                      SeedKilocode.resources, SeedKilocode.caching])
    func everyLeafFieldIsMappedOrReported(text: String) throws {
        let imported = try read(text)
        let leaves = try SeedKilocode.leaves(of: text)
        #expect(leaves.count == imported.settings.count + imported.unsupported.count,
                "\(leaves.count) fields, \(imported.settings.count) mapped, \(imported.unsupported.count) unsupported")
        // Every reported field is a real field of the file, reported once.
        let reported = imported.unsupported.map(\.field)
        #expect(Set(reported).isSubset(of: Set(leaves)), "\(Set(reported).subtracting(leaves))")
        #expect(Set(reported).count == reported.count)
        #expect(imported.unsupported.allSatisfy { $0.file == ConfigFiles.kilocodeManager && !$0.reason.isEmpty })
    }

    @Test func theSeedAgentManagerMapsToAgentsKeys() throws {
        let imported = try read(SeedKilocode.agentManager)
        #expect(values(imported, "agents.enabled") == [["true"]])
        #expect(values(imported, "agents.maxParallel") == [["4"]])
        #expect(values(imported, "agents.worktreeBase") == [["../my-app-worktrees"]])
        #expect(values(imported, "agents.orchestratorModel") == [["qwen-coder-plus"]])
        #expect(values(imported, "agents.orchestratorTemperature") == [["0.3"]])
        #expect(values(imported, "agents.model") == [["qwen-coder-32b"]])
        #expect(values(imported, "agents.temperature") == [["0.5"]])
        #expect(values(imported, "agents.maxTokens") == [["8192"]])
        #expect(values(imported, "role.database.model") == [["qwen-coder-plus"]])
        #expect(values(imported, "role.database.temperature") == [["0.2"]])
        #expect(values(imported, "role.database.skills") == [["database-expert", "sql-optimizer"]])
        #expect(values(imported, "role.testing.skills") == [["testing-expert", "jest-master"]])
        #expect(values(imported, "agents.mergeStrategy") == [["orchestrator-review"]])
        #expect(values(imported, "agents.createPullRequest") == [["true"]])
        #expect(imported.unsupported.map(\.field) == ["merge.autoCommit"])
        #expect(imported.settings.allSatisfy { ConfigKeys.kind(of: $0.key) != nil }, "only keys git-agents knows")
    }

    @Test func theSeedAgentsConfigMapsToRoleKeys() throws {
        let imported = try read(SeedKilocode.agentsConfig, file: ConfigFiles.kilocodeAgents)
        #expect(imported.unsupported.isEmpty, "\(imported.unsupported)")
        #expect(values(imported, "role.database.branchPrefix") == [["feature/db"]])
        #expect(values(imported, "role.testing.branchPrefix") == [["feature/tests"]])
        #expect(values(imported, "role.database.worktreePrefix") == [["feature-db"]])
        #expect(values(imported, "role.database.description") == [["Database schema and migrations"]])
        #expect(values(imported, "role.database.skills") == [["database-expert", "postgres-pro"]])
        #expect(values(imported, "role.database.mcpServers") == [["postgres"]])
        #expect(values(imported, "role.api.mcpServers") == [[]])
        #expect(imported.settings.allSatisfy { ConfigKeys.kind(of: $0.key) != nil })
    }

    @Test func theSeedsOtherSnippetsMapOrAreReportedFieldByField() throws {
        let dependencies = try read(SeedKilocode.dependencies)
        #expect(values(dependencies, "role.testing.dependsOn") == [["database", "api", "frontend"]])
        #expect(values(dependencies, "role.api.dependsOn") == [["database"]])

        let resources = try read(SeedKilocode.resources)
        #expect(values(resources, "agents.maxCpuPerAgent") == [["2"]])
        #expect(values(resources, "agents.maxMemoryPerAgent") == [["4GB"]])
        #expect(values(resources, "agents.maxParallel") == [["4"]])
        #expect(resources.unsupported.map(\.field) == ["resources.priorityMode"])

        let caching = try read(SeedKilocode.caching)
        #expect(caching.settings.isEmpty)
        #expect(caching.unsupported.map(\.field).sorted()
            == ["caching.cacheLocation", "caching.embeddingCache", "caching.enabled", "caching.sharedModelCache"])
    }

    @Test func fieldsOfTheWrongShapeOrUnknownAreReportedNotDropped() throws {
        let text = #"""
            {"agents": "everyone", "roles": {"api": {"branches": {"prefix": "f/api", "protect": true}, "colour": "red"}},
             "merge": {"strategy": {"name": "auto"}}, "maxParallelAgents": [1, {"two": 2}], "telemetry": {}}
            """#
        let imported = try read(text)
        let reported = Set(imported.unsupported.map(\.field))
        #expect(reported == ["agents", "roles.api.branches.protect", "roles.api.colour", "merge.strategy.name",
                             "maxParallelAgents", "telemetry"])
        #expect(values(imported, "role.api.branchPrefix") == [["f/api"]])
        #expect(try SeedKilocode.leaves(of: text).count == imported.settings.count + imported.unsupported.count)
    }

    // MARK: Malformed files

    static let malformed: [(text: String, line: Int)] = [
        ("{\n  \"enabled\": true,\n  \"maxParallelAgents\": 4,\n  \"merge\": {\n    \"strategy\": \"auto\",,\n  }\n}\n", 5),
        ("{\n  \"enabled\": true\n  \"maxParallelAgents\": 4\n}\n", 3),
        ("{\n  \"enabled\": tru,\n  \"x\": 4\n}\n", 2),
        ("{\n  \"enabled\": true,\n  \"orchestrator\": {\n    \"model\": \"qwen\"\n", 4),
        ("{\n  \"worktreeBasePath\": \"../é-trees\",\n  \"x\": [1 2]\n}\n", 3),
        ("", 1),
    ]

    @Test(arguments: malformed)
    func malformedJSONIsAConfigurationErrorNamingFileAndLine(text: String, line: Int) throws {
        let error = try #require(throws: AgentsError.self) { try read(text, file: ConfigFiles.kilocodeAgents) }
        #expect(error.exitCode == 2)
        #expect(error.message.hasPrefix("\(ConfigFiles.kilocodeAgents):\(line): "), "\(error.message)")
    }

    @Test func aTopLevelThatIsNotAnObjectIsRefused() throws {
        let error = try #require(throws: AgentsError.self) { try read(#"["database", "api"]"#) }
        #expect(error.exitCode == 2)
        #expect(error.message.hasPrefix("\(ConfigFiles.kilocodeManager):1: "))
    }
}

@Suite("The seed's .kilocode files in a repository", .scratchRepository)
struct KilocodeLayerTests {
    var scratch: ScratchRepository { .current }

    @Test func bothSeedFilesResolveWithTheirOrigins() throws {
        try scratch.writeConfigFile(SeedKilocode.agentManager, to: ".kilocode/agent-manager.json")
        try scratch.writeConfigFile(SeedKilocode.agentsConfig, to: ".kilocode/agents-config.json")
        let configuration = try scratch.loadConfiguration()
        let manager = ConfigOrigin(layer: .kilocode, file: ".kilocode/agent-manager.json")
        let agents = ConfigOrigin(layer: .kilocode, file: ".kilocode/agents-config.json")

        #expect(configuration["agents.maxParallel"]?.values == ["4"])
        #expect(configuration["agents.maxParallel"]?.origin == manager)
        #expect(try configuration.integer("agents.maxParallel") == 4)
        #expect(configuration.string("agents.model") == "qwen-coder-32b")
        #expect(configuration.string("agents.orchestratorModel") == "qwen-coder-plus")
        #expect(configuration["agents.mergeStrategy"]?.origin == manager)
        #expect(try configuration.bool("agents.createPullRequest") == true)
        #expect(configuration["role.database.branchPrefix"]?.value == "feature/db")
        #expect(configuration["role.database.branchPrefix"]?.origin == agents)
        // Both files name the database role's skills; agents-config.json is read second.
        #expect(configuration.list("role.database.skills") == ["database-expert", "postgres-pro"])
        #expect(configuration["role.database.skills"]?.origin == agents)
        #expect(configuration.list("role.database.mcpServers") == ["postgres"])
        #expect(configuration.list("role.api.mcpServers").isEmpty)

        #expect(configuration.roles.map(\.name) == ["api", "database", "frontend", "testing"])
        let database = configuration.role(named: "database")
        #expect(database.model == "qwen-coder-plus")
        #expect(database.temperature == "0.2")
        #expect(database.maxTokens == "8192", "a role without its own maxTokens takes agents.default's")
        #expect(database.worktreePrefix == "feature-db")
        #expect(configuration.role(named: "api").model == "qwen-coder-32b")

        #expect(configuration.unsupported.map(\.field) == ["merge.autoCommit"])
        #expect(configuration.unknownKeys.isEmpty)
        #expect(configuration.validate().isEmpty, "\(configuration.validate().map(\.message))")
    }

    @Test func gitagentsOverridesTheKilocodeFiles() throws {
        try scratch.writeConfigFile(SeedKilocode.agentsConfig, to: ".kilocode/agents-config.json")
        try scratch.writeConfigFile("[role \"database\"]\n\tbranchPrefix = db\n", to: ".gitagents")
        let configuration = try scratch.loadConfiguration()
        #expect(configuration["role.database.branchPrefix"]?.value == "db")
        #expect(configuration["role.database.branchPrefix"]?.origin.layer == .gitagents)
        #expect(configuration["role.api.branchPrefix"]?.origin.layer == .kilocode)
    }

    @Test func theResourceSnippetGivesTypedLimits() throws {
        try scratch.writeConfigFile(SeedKilocode.merged(SeedKilocode.resources, SeedKilocode.caching),
                                    to: ".kilocode/agent-manager.json")
        let configuration = try scratch.loadConfiguration()
        #expect(try configuration.memory("agents.maxMemoryPerAgent") == 4 << 30)
        #expect(try configuration.integer("agents.maxCpuPerAgent") == 2)
        #expect(try configuration.integer("agents.maxParallel") == 4)
        #expect(Set(configuration.unsupported.map(\.field))
            == ["resources.priorityMode", "caching.enabled", "caching.sharedModelCache", "caching.embeddingCache",
                "caching.cacheLocation"])
    }

    @Test func aMalformedKilocodeFileStopsLoadingWithItsNameAndLine() throws {
        try scratch.writeConfigFile(SeedKilocode.agentManager, to: ".kilocode/agent-manager.json")
        let broken = SeedKilocode.agentsConfig.replacingOccurrences(of: "\"mcpServers\": [\"postgres\"]",
                                                                    with: "\"mcpServers\": [\"postgres\"")
        try scratch.writeConfigFile(broken, to: ".kilocode/agents-config.json")
        let line = 1 + broken.prefix(upTo: broken.range(of: "[\"postgres\"")!.lowerBound).filter { $0 == "\n" }.count
        let error = try #require(throws: AgentsError.self) { try scratch.loadConfiguration() }
        #expect(error.exitCode == 2)
        // Foundation notices the missing bracket at the start of the next line.
        #expect(error.message.hasPrefix(".kilocode/agents-config.json:\(line + 1): "), "\(error.message)")
    }
}
