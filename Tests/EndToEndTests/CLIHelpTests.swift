// `git-agents --help` and `git-agents help CMD`: the commands a person can use are listed, the internal ones
// (the supervisor, an agent's runner, the limits wrapper, the demo's agent) are not.
import Foundation
import Testing

@Suite("Help", .timeLimit(.minutes(3)))
struct CLIHelpTests {
    static let visible: Set<String> = ["init", "start", "status", "logs", "list", "progress", "stop", "restart", "review", "diff",
                                       "conflicts", "resolve", "merge", "cleanup", "recreate", "demo", "config", "trust", "hooks", "doctor",
                                       "artifact", "send", "inbox", "push", "fetch"]
    static let hidden = ["supervise", "run-agent", "exec-agent", "demo-agent", "man-sections", "relay-messages", "hook"]

    /// Help needs no repository: it runs in an empty folder with a clean environment.
    func run(_ arguments: [String]) throws -> ProcessOutput {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("git-agents-help-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try Binary.gitAgents.run(arguments, in: folder, environment: Binary.environment(["NO_COLOR": "1"]))
    }

    /// The names in the SUBCOMMANDS section: lines indented by exactly two spaces (wrapped abstracts are indented more).
    static func subcommands(in help: String) -> [String] {
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false)
        guard let header = lines.firstIndex(where: { $0.hasPrefix("SUBCOMMANDS:") }) else { return [] }
        var names: [String] = []
        for line in lines[(header + 1)...] {
            if line.isEmpty || !line.hasPrefix(" ") { break }
            guard line.hasPrefix("  "), !line.hasPrefix("   ") else { continue }
            if let name = line.split(separator: " ").first { names.append(String(name)) }
        }
        return names
    }

    @Test func helpListsExactlyTheVisibleSubcommands() throws {
        let help = try run(["--help"])
        #expect(help.status == 0, "\(help)")
        let names = Self.subcommands(in: help.stdout)
        #expect(names.count == Set(names).count, "a subcommand is listed twice: \(names)")
        // ArgumentParser may list its own `help` too.
        #expect(Set(names).subtracting(["help"]) == Self.visible, "listed: \(names)\n\(help.stdout)")
        for name in Self.hidden {
            #expect(help.stdout.range(of: "\\b\(name)\\b", options: .regularExpression) == nil, "\(name) is shown:\n\(help.stdout)")
        }
        // The same list through `help`.
        let viaHelp = try run(["help"])
        #expect(viaHelp.status == 0, "\(viaHelp)")
        #expect(Set(Self.subcommands(in: viaHelp.stdout)).subtracting(["help"]) == Self.visible, "\(viaHelp.stdout)")
    }

    @Test func helpStartDescribesItsOptions() throws {
        let help = try run(["help", "start"])
        #expect(help.status == 0, "\(help)")
        #expect(help.stdout.contains("--dry-run"), "\(help.stdout)")
        #expect(help.stdout.contains("USAGE: git-agents start"), "\(help.stdout)")
        for option in ["--base", "--into", "--strategy", "--batch-size", "--wait"] {
            #expect(help.stdout.contains(option), "help start does not mention \(option)")
        }
    }
}
