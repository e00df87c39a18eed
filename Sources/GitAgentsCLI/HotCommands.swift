// The commands that run many times a second — `status` (an orchestrator polling), `progress` (every agent),
// `hook` (git, at every ref update) — are parsed as roots of their own. ArgumentParser's parse from the root
// builds the whole tree of 32 subcommands and, before anything, parses the command line once more as each of
// its two completion-script requests: 3 ms, a quarter of a `status` (issue #11, bench/RESULTS.md). A command
// whose configuration names a super-command (`_superCommandName`, which only shows in the help of a command
// that is the root) is spared that second parse when it is the root. The full parse still decides the rest: help,
// completion and version requests go to it untouched, and so does any command line the direct parse refuses,
// so that errors and usage read exactly as before.
import ArgumentParser

enum HotCommands {
    static func command(named name: String) -> ParsableCommand.Type? {
        switch name {
        case "status": GitAgents.Status.self
        case "progress": GitAgents.Progress.self
        case "hook": GitAgents.Hook.self
        default: nil
        }
    }

    /// The command parsed directly, or nil when the root parser must see the command line.
    static func parse(_ arguments: [String]) -> ParsableCommand? {
        guard let name = arguments.first, let type = command(named: name) else { return nil }
        let rest = Array(arguments.dropFirst())
        guard !rest.contains(where: isForTheRootParser) else { return nil }
        return try? type.parseAsRoot(rest)
    }

    /// Words ArgumentParser answers itself (help, version, completion scripts, its dump of the tree): from the
    /// subcommand as root they would name the wrong command.
    private static func isForTheRootParser(_ word: String) -> Bool {
        if word == "help" || word.hasPrefix("---") { return true }
        if word.hasPrefix("--") {
            return ["--help", "--version", "--generate-completion-script", "--experimental"].contains { word.hasPrefix($0) }
        }
        // A short option or a cluster of them: -h alone or inside (-qh).
        return word.hasPrefix("-") && word.contains("h")
    }
}
