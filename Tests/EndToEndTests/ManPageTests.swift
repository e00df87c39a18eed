// The man page as git shows it (`git help agents`, `git agents --help`), what it holds, and where install.sh
// puts it and the completion files.
import Foundation
import Testing

@Suite("Man page and installation", .timeLimit(.minutes(3)))
struct ManPageTests {
    static let page = GeneratedDocsTests.repository.appendingPathComponent("man/git-agents.1")

    /// A folder with bin/git-agents and share/man/man1/git-agents.1, as install.sh lays them out.
    final class Installed {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("git-agents-man-\(UUID().uuidString)")

        init() throws {
            let man1 = root.appendingPathComponent("share/man/man1"), bin = root.appendingPathComponent("bin")
            for folder in [man1, bin] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
            try FileManager.default.copyItem(at: ManPageTests.page, to: man1.appendingPathComponent("git-agents.1"))
            try FileManager.default.createSymbolicLink(at: bin.appendingPathComponent("git-agents"), withDestinationURL: try Binary.gitAgents.url)
        }

        deinit { try? FileManager.default.removeItem(at: root) }

        var environment: [String: String] {
            Binary.environment(["MANPATH": root.appendingPathComponent("share/man").path, "MANPAGER": "cat", "PAGER": "cat",
                                "MANWIDTH": "100", "PATH": root.appendingPathComponent("bin").path + ":/usr/local/bin:/usr/bin:/bin"])
        }
    }

    static let sections = ["NAME", "SYNOPSIS", "DESCRIPTION", "CONFIGURATION", "AGENT PRESETS", "ENVIRONMENT", "FILES",
                           "EXIT STATUS", "EXAMPLES"]

    @Test(arguments: [["help", "agents"], ["agents", "--help"], ["help", "-m", "agents"]])
    func gitShowsTheInstalledPage(arguments: [String]) throws {
        let installed = try Installed()
        let shown = try Binary.git.run(arguments, in: installed.root, environment: installed.environment)
        #expect(shown.status == 0, "\(shown)")
        for section in Self.sections {
            #expect(shown.stdout.contains("\n\(section)\n"), "git \(arguments.joined(separator: " ")) shows no \(section):\n\(shown)")
        }
        #expect(shown.stdout.contains("agents.maxParallel integer"), "\(shown.stdout)")
    }

    @Test func thePageDocumentsEveryCommandAndTheVersionOnce() throws {
        let page = try String(contentsOf: Self.page, encoding: .utf8)
        let lines = page.split(separator: "\n").map(String.init)
        for command in CLIHelpTests.visible {
            #expect(lines.contains(".It Em \(command)"), "man/git-agents.1 does not document \(command)")
        }
        for command in CLIHelpTests.hidden {
            #expect(!lines.contains(".It Em \(command)"), "man/git-agents.1 documents the internal \(command)")
        }
        #expect(lines.filter { $0 == ".It Fl -version" }.count == 1, "--version is listed more than once")
        for variable in ["GIT_AGENTS_SESSION", "GIT_AGENTS_ARTIFACTS", "NO_COLOR", "GIT_DIR"] {
            #expect(page.contains(variable), "ENVIRONMENT does not name \(variable)")
        }
        for file in ["refs/agents/sessions/<id>", "refs/notes/agents", "$GIT_COMMON_DIR/agents/<id>/", ".kilocode/agent-manager.json"] {
            #expect(page.contains(file), "FILES does not name \(file)")
        }
        for preset in ["claude", "codex", "aider", "gemini", "qwen", "opencode", "kilocode"] {
            #expect(lines.contains(".It Cm \(preset)"), "AGENT PRESETS does not list \(preset)")
        }
    }

    /// What `config --list` resolves in a fresh repository is the man page's defaults.
    @Test func configurationDefaultsMatchTheResolvedOnes() throws {
        let fixture = try SessionFixture()
        let listing = try jsonObject(try fixture.agents("config", "--json").stdout)
        let page = try String(contentsOf: Self.page, encoding: .utf8)
        let defaults = (listing["values"] as? [[String: Any]] ?? []).filter { $0["layer"] as? String == "default" }
        #expect(defaults.count >= 5, "\(listing)")
        for entry in defaults {
            let key = entry["key"] as? String ?? "", value = (entry["values"] as? [String])?.last ?? ""
            let shown = key == "agents.worktreeBase" ? "../<repo>-worktrees" : value
            let documented = page.range(of: ".It Cm \(key) Ar [a-z]+\n[^\n]*\nDefault: \(NSRegularExpression.escapedPattern(for: shown))\\.",
                                        options: .regularExpression)
            #expect(documented != nil, "CONFIGURATION does not give \(key)'s default \(shown)")
        }
    }

    @Test func subcommandHelpWorksBothWays() throws {
        let installed = try Installed()
        for arguments in [["start", "--help"], ["help", "start"]] {
            let help = try Binary.gitAgents.run(arguments, in: installed.root, environment: installed.environment)
            #expect(help.status == 0 && help.stdout.contains("USAGE: git-agents start"), "\(help)")
        }
    }

    /// install.sh puts each completion file in a folder its shell searches (fish does not search
    /// /usr/local/share/fish on Debian) and the documentation beside the man page.
    @Test(.enabled(if: ShellCompletionTests.installed("fish") && ShellCompletionTests.installed("zsh"), "installed by .ci/run"))
    func installPutsCompletionsWhereTheShellsLook() throws {
        let script = GeneratedDocsTests.repository.appendingPathComponent("install.sh").path
        let listed = try Binary.onPath("bash").run([script, "--list"]).requireSuccess().stdout.split(separator: "\n").map(String.init)
        let fish = try #require(listed.first { $0.hasSuffix("/git-agents.fish") })
        let fishPath = try Binary.onPath("fish").run(["-c", "printf '%s\\n' $fish_complete_path"]).requireSuccess().stdout
        #expect(fishPath.split(separator: "\n").contains(Substring((fish as NSString).deletingLastPathComponent)), "\(fish) not in \(fishPath)")
        let zsh = try #require(listed.first { $0.hasSuffix("/_git-agents") })
        let fpath = try Binary.onPath("zsh").run(["-fc", "print -l $fpath"]).requireSuccess().stdout
        #expect(fpath.split(separator: "\n").contains(Substring((zsh as NSString).deletingLastPathComponent)), "\(zsh) not in \(fpath)")
        for document in ["agents.md", "data-model.md", "json.md"] {
            #expect(listed.contains("/usr/local/share/doc/git-agents/\(document)"), "\(listed)")
        }
        #expect(listed.contains("/usr/local/share/man/man1/git-agents.1"), "\(listed)")
    }
}
