// Agent command templates, presets, prompt composition and MCP configuration files.
import Foundation
import Testing
@testable import GitAgentsKit

@Suite struct AgentCommandTests {
    static func role(_ name: String = "api", command: String? = nil, model: String? = nil, temperature: String? = nil,
                     maxTokens: String? = nil, mcpServers: [String] = []) -> Role {
        Role(name: name, description: nil, dependsOn: [], command: command, model: model, temperature: temperature,
             maxTokens: maxTokens, skills: [], mcpServers: mcpServers, worktreePrefix: nil, branchPrefix: nil, paths: [])
    }

    static func argv(_ command: AgentCommand, prompt: String = "PROMPT", model: String? = nil, temperature: String? = nil,
                     maxTokens: String? = nil, mcp: String? = nil) -> [String] {
        command.argv(prompt: prompt, model: model, temperature: temperature, maxTokens: maxTokens,
                     role: "api", worktree: "/w/api", mcpConfigPath: mcp)
    }

    // MARK: Parsing

    @Test func aPresetNameIsThePresetsTemplate() throws {
        for name in AgentCLIs.known {
            let command = try AgentCommand.parse("  \(name)\n")
            #expect(command.preset == name)
            #expect(command.template == AgentCommand.presets[name])
        }
    }

    @Test func aPresetNameWithMoreWordsIsCustom() throws {
        let command = try AgentCommand.parse("claude --verbose")
        #expect(command.preset == nil)
        #expect(command.template == ["claude", "--verbose"])
        #expect(Self.argv(command) == ["claude", "--verbose", "PROMPT"])
    }

    @Test(arguments: [
        ("a b \t c\nd", ["a", "b", "c", "d"]),
        ("'a b' \"c d\"", ["a b", "c d"]),
        (#""say \"hi\" \$HOME \\ \x \`""#, [#"say "hi" $HOME \ \x `"#]),
        (#"a\ b c\"d \'"#, ["a b", "c\"d", "'"]),
        ("'' \"\" x", ["", "", "x"]),
        ("a'b'\"c\"d", ["abcd"]),
        (#"'it'\''s'"#, ["it's"]),
        ("'no \\escape \"here\"'", ["no \\escape \"here\""]),
        ("a\\\nb \"c\\\nd\"", ["ab", "cd"]),
        (#"trailing\"#, [#"trailing\"#]),
        ("$HOME *.swift ~ $(rm -rf /) `id` | ; > #x &", ["$HOME", "*.swift", "~", "$(rm", "-rf", "/)", "`id`", "|", ";", ">", "#x", "&"]),
        ("  lead  trail  ", ["lead", "trail"]),
    ])
    func wordSplitting(text: String, words: [String]) throws {
        #expect(try AgentCommand.parse(text).template == words)
    }

    @Test(arguments: ["mycli 'open", "mycli \"open", #"mycli "ends in \""#])
    func anUnterminatedQuoteIsAUsageErrorNamingTheText(text: String) {
        #expect {
            try AgentCommand.parse(text)
        } throws: { error in
            guard let error = error as? AgentsError else { return false }
            return error.exitCode == 2 && error.message.contains(text) && error.message.contains("unterminated")
        }
    }

    @Test func anEmptyCommandIsAUsageError() {
        #expect(throws: AgentsError.self) { try AgentCommand.parse(" \n ") }
    }

    // MARK: Substitution

    @Test func thePromptIsOneArgumentByteForByte() throws {
        let prompt = "Fix \"this\" & that; $(rm -rf ~) `id` 'q' \\n\nline two\t{model} {prompt} * e\u{301} é \r\n"
        let argv = Self.argv(try AgentCommand.parse("mycli --input {prompt} --model {model}"), prompt: prompt, model: "m1")
        #expect(argv.count == 5)
        #expect(Array(argv[2].utf8) == Array(prompt.utf8))
        #expect(argv[4] == "m1")
    }

    @Test func aPlaceholderInsideAWordIsSubstitutedTextuallyOnce() throws {
        let command = try AgentCommand.parse("mycli --model={model} --at={role}@{worktree} --t={temperature}/{maxTokens} {x} { }")
        #expect(Self.argv(command, model: "{role}", temperature: "0.2", maxTokens: "900") ==
                ["mycli", "--model={role}", "--at=api@/w/api", "--t=0.2/900", "{x}", "{", "}", "PROMPT"])
    }

    @Test func anAbsentValueDropsItsWordAndTheFlagCarryingIt() throws {
        let command = try AgentCommand.parse("mycli --model {model} -t {temperature} --max={maxTokens} -- {role} {prompt}")
        #expect(Self.argv(command) == ["mycli", "--", "api", "PROMPT"])
        #expect(Self.argv(command, model: "", temperature: "0.5") == ["mycli", "-t", "0.5", "--", "api", "PROMPT"])
        #expect(Self.argv(command, model: "m", maxTokens: "10") == ["mycli", "--model", "m", "--max=10", "--", "api", "PROMPT"])
    }

    @Test func onlyAFlagRightBeforeTheAbsentValueIsDropped() throws {
        let command = try AgentCommand.parse("mycli --verbose run {model} --mcp-config={mcpConfig} {mcpConfig} {prompt}")
        #expect(Self.argv(command) == ["mycli", "--verbose", "run", "PROMPT"])
    }

    @Test func withoutAPromptPlaceholderThePromptComesLast() throws {
        #expect(Self.argv(try AgentCommand.parse("mycli --model {model}"), model: "m") == ["mycli", "--model", "m", "PROMPT"])
        #expect(Self.argv(try AgentCommand.parse("mycli --message={prompt}")) == ["mycli", "--message=PROMPT"])
    }

    // MARK: Presets

    @Test(arguments: [
        ("claude", ["claude", "-p", "--permission-mode", "acceptEdits", "--model", "sonnet", "--mcp-config=/tmp/mcp.json", "PROMPT"]),
        ("codex", ["codex", "exec", "--sandbox", "workspace-write", "--model", "sonnet", "PROMPT"]),
        ("aider", ["aider", "--yes-always", "--no-check-update", "--no-show-release-notes", "--no-show-model-warnings",
                   "--no-analytics", "--no-detect-urls", "--no-pretty", "--model", "sonnet", "--message", "PROMPT"]),
        ("gemini", ["gemini", "--approval-mode=yolo", "--model", "sonnet", "--prompt", "PROMPT"]),
        ("qwen", ["qwen", "--yolo", "--model", "sonnet", "--prompt", "PROMPT"]),
        ("opencode", ["opencode", "run", "--model", "sonnet", "PROMPT"]),
        ("kilocode", ["kilocode", "run", "--auto", "--model", "sonnet", "PROMPT"]),
    ])
    func presetArgv(name: String, expected: [String]) throws {
        let command = try #require(AgentCommand.preset(named: name))
        #expect(Self.argv(command, model: "sonnet", temperature: "0.2", maxTokens: "4000", mcp: "/tmp/mcp.json") == expected)
        // Without a model (and MCP file) the flags that carried them go, and the prompt stays last.
        let bare = Self.argv(command)
        #expect(bare == expected.filter { $0 != "sonnet" && $0 != "--model" && !$0.hasPrefix("--mcp-config") })
        #expect(bare.last == "PROMPT")
    }

    @Test func everyKnownCLIHasAPreset() {
        #expect(Set(AgentCommand.presets.keys) == Set(AgentCLIs.known))
    }

    // MARK: Settings a CLI cannot take

    @Test func notApplicableForPresets() {
        let role = Self.role(model: "m", temperature: "0.2", maxTokens: "4000", mcpServers: ["github", "db"])
        #expect(AgentCommand.notApplicable(preset: "codex", role: role).map(\.description) == [
            "temperature 0.2 for role api: codex takes no temperature flag; it reaches the agent only as GIT_AGENTS_TEMPERATURE",
            "maxTokens 4000 for role api: codex takes no max-tokens flag; it reaches the agent only as GIT_AGENTS_MAX_TOKENS",
            "mcpServers github, db for role api: codex takes no MCP configuration on its command line; "
                + "configure the servers in codex's own settings",
        ])
        #expect(AgentCommand.notApplicable(preset: "claude", role: role).count == 2)
        #expect(AgentCommand.notApplicable(preset: "claude", role: Self.role(model: "m", mcpServers: ["x"])).isEmpty)
        #expect(AgentCommand.notApplicable(preset: "gemini", role: Self.role(temperature: "")).isEmpty)
    }

    @Test func notApplicableForCustomTemplates() {
        let bare = Self.role(command: "mycli {prompt}", model: "m", temperature: "0.2", mcpServers: ["x"])
        #expect(AgentCommand.notApplicable(preset: nil, role: bare).map(\.description) == [
            "model m for role api: the command template has no {model}; it reaches the agent only as GIT_AGENTS_MODEL",
            "temperature 0.2 for role api: the command template has no {temperature}; it reaches the agent only as GIT_AGENTS_TEMPERATURE",
            "mcpServers x for role api: the command template has no {mcpConfig}; the servers are not passed to the agent",
        ])
        let full = Self.role(command: "mycli -m {model} --temp={temperature} --mcp {mcpConfig}", model: "m",
                             temperature: "0.2", mcpServers: ["x"])
        #expect(AgentCommand.notApplicable(preset: nil, role: full).isEmpty)
        #expect(AgentCommand.notApplicable(preset: nil, role: Self.role(temperature: "0.2")).isEmpty)
    }
}

// MARK: - Prompt composition and MCP configuration, in temporary folders

extension AgentCommandTests {
    static func temporaryFolder() throws -> String {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).resolvingSymlinksInPath()
            .appendingPathComponent("git-agents-agent-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func composedPrompt() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let worktree = root + "/wt", home = root + "/home"
        try Self.write("Run the tests.\n\n", to: worktree + "/.gitagents-skills/tests/SKILL.md")
        try Self.write("Should not be used.", to: home + "/.config/git-agents/skills/tests/SKILL.md")
        try Self.write("Use tabs.", to: worktree + "/.kilocode/skills/style/SKILL.md")
        try Self.write("Write docs.", to: home + "/.config/git-agents/skills/docs/SKILL.md")

        let (prompt, warnings) = PromptComposer.compose(
            roleName: "api", description: "Builds the HTTP API.\n", task: "Add /health",
            skills: ["tests", "style", "docs", "nope", "../etc", "tests"], paths: ["Sources/API", "Tests/API"],
            artifacts: [SharedArtifact(role: "design", name: "spec.md", file: "/a/design/spec.md"),
                        SharedArtifact(role: "design", name: "it's here", file: nil)],
            feedback: ["Return 204.", "  "], worktree: worktree, home: home)

        #expect(prompt == """
            # Role: api

            Builds the HTTP API.

            ## Task

            Add /health

            ## Files you own

            Make your changes in these paths; other roles own the rest of the repository.

            - `Sources/API`
            - `Tests/API`

            ## Skills

            Follow these instructions.

            ### Skill: tests

            Run the tests.

            ### Skill: style

            Use tabs.

            ### Skill: docs

            Write docs.

            ## Artifacts from the roles this one depends on

            Read these before you start: each command prints one (a copy is at the path shown).

            - design/spec.md: `git agents artifact get design/spec.md` (copy: `/a/design/spec.md`)
            - design/it's here: `git agents artifact get 'design/it'\\''s here'` (a symbolic link: the command prints its target)

            ## Requested changes

            A review of your earlier work asked for these changes; make them.

            ### Request 1

            Return 204.

            ## Where you work

            Your working directory is the git worktree `\(worktree)` on your own branch. \
            Whatever you leave there when you finish is committed to that branch. \
            Put files meant for other roles (notes, specifications, reports) in the folder named by $GIT_AGENTS_ARTIFACTS, \
            or share one at once with `git agents artifact put FILE`. \
            To ask another role or the orchestrator something, run `git agents send --to ROLE "MESSAGE"` \
            (or `--to orchestrator`); `git agents inbox` shows what was sent to you.

            """)
        #expect(warnings.count == 2)
        #expect(warnings[0].hasPrefix("skill nope for role api: not found (looked for \(worktree)/.gitagents-skills/nope/SKILL.md"))
        #expect(warnings[1] == "skill ../etc for role api: not a folder name")
    }

    @Test func aCommittedSkillIsReadThroughALinkOnlyWhenItStaysInTheWorktree() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let worktree = root + "/wt"
        try Self.write("Shared inside.", to: worktree + "/docs/shared/SKILL.md")
        try Self.write("Secret outside.", to: root + "/outside/SKILL.md")
        try FileManager.default.createDirectory(atPath: worktree + "/.gitagents-skills", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: worktree + "/.gitagents-skills/inside", withDestinationPath: "../docs/shared")
        try FileManager.default.createSymbolicLink(atPath: worktree + "/.gitagents-skills/outside", withDestinationPath: root + "/outside")

        let (prompt, warnings) = PromptComposer.compose(
            roleName: "r", description: nil, task: "t", skills: ["inside", "outside"], paths: [], artifacts: [],
            feedback: [], worktree: worktree, home: nil)
        #expect(prompt.contains("### Skill: inside\n\nShared inside."))
        #expect(!prompt.contains("Secret"))
        #expect(warnings.count == 1 && warnings[0].hasPrefix("skill outside for role r: skill outside: ")
                && warnings[0].contains("is a symbolic link to \(root)/outside"), "\(warnings)")
    }

    @Test func withoutHomeTheUserSkillsAreNotSearched() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (prompt, warnings) = PromptComposer.compose(
            roleName: "r", description: nil, task: "t", skills: ["x"], paths: [], artifacts: [], feedback: [],
            worktree: root, home: nil)
        #expect(prompt.hasPrefix("# Role: r\n\n## Task\n\nt\n\n## Where you work"))
        #expect(warnings.count == 1 && !warnings[0].contains(".config/git-agents"))
    }

    @Test func mcpConfigTakesTheRolesServers() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Self.write(#"{"mcpServers": {"github": {"command": "npx", "args": ["-y", "gh"], "env": {"T": "${T}", "DEBUG": true}}}}"#,
                       to: root + "/.mcp.json")
        try Self.write("""
            {"mcpServers": {"github": {"command": "other"},
              "db": {"command": "db", "alwaysAllow": ["q"], "disabled": false, "timeout": 60},
              "off": {"command": "off", "disabled": true},
              "remote": {"type": "streamable-http", "url": "https://example.com/mcp"}}}
            """, to: root + "/.kilocode/mcp.json")
        let output = root + "/out/mcp.json"

        let warnings = try MCPConfig.write(servers: ["github", "db", "off", "remote", "missing"], worktree: root, to: output)
        #expect(warnings == ["MCP server off is disabled in .kilocode/mcp.json; not passed to the agent",
                             "MCP server missing: not defined in .mcp.json or .kilocode/mcp.json"])
        let data = try #require(FileManager.default.contents(atPath: output))
        let written = try #require(String(data: data, encoding: .utf8))
        #expect(written.contains("\"DEBUG\" : true"))
        #expect(written.contains("https://example.com/mcp"))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let table = try #require(object?["mcpServers"] as? [String: [String: Any]])
        #expect(table.keys.sorted() == ["db", "github", "remote"])
        #expect(table["github"]?["command"] as? String == "npx")
        #expect(table["db"]?.keys.sorted() == ["command"])
        #expect(table["remote"]?["type"] as? String == "http")
    }

    @Test func mcpConfigWithoutSourcesIsEmptyAndABrokenSourceIsAUsageError() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try MCPConfig.write(servers: ["a"], worktree: root, to: root + "/mcp.json").count == 1)
        #expect(String(data: FileManager.default.contents(atPath: root + "/mcp.json") ?? Data(), encoding: .utf8)
                == "{\n  \"mcpServers\" : {\n\n  }\n}\n")
        try Self.write("{not json", to: root + "/.mcp.json")
        #expect { try MCPConfig.write(servers: ["a"], worktree: root, to: root + "/mcp.json") } throws: { error in
            (error as? AgentsError)?.exitCode == 2
        }
    }
}
