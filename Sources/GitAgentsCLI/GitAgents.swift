// The root command: lists the subcommands and turns domain errors into stderr lines and exit codes.
import ArgumentParser
import Foundation
import GitAgentsKit
import GitKit

public struct GitAgents: ParsableCommand {
    public static let version = "0.1.0"

    public static let configuration = CommandConfiguration(
        commandName: "git-agents",
        abstract: "Run AI coding agents in parallel, each in its own worktree and branch.",
        discussion: """
        Run it as `git agents COMMAND`. Everything git-agents remembers lives in the repository: \
        sessions under refs/agents/, provenance notes under refs/notes/agents.

        Exit codes: 0 success, 1 the operation failed, 2 usage or configuration error, \
        3 conflicts block the operation, 4 not inside a usable git repository.
        """,
        version: version,
        // Each subcommand names itself in its configuration: a name derived from the type costs a runtime
        // conformance scan per subcommand on every call (~2 ms of `git-agents --version`, bench/RESULTS.md).
        subcommands: [
            Init.self, Start.self, Status.self, Logs.self, List.self, Progress.self, ArtifactCommand.self, Stop.self, Restart.self,
            Recreate.self, Review.self, Diff.self, Conflicts.self, Resolve.self, Merge.self, Cleanup.self, Demo.self,
            Config.self, Trust.self, Hooks.self, Doctor.self, Send.self, Inbox.self, Push.self, Fetch.self,
            Supervise.self, RunAgent.self, ExecAgent.self, DemoAgentCommand.self, ManSections.self, RelayMessages.self, Hook.self,
        ]
    )

    public init() {}

    /// Every name the first argument may be: the subcommands, hidden ones included, and ArgumentParser's `help`.
    static var commandNames: Set<String> { Set(configuration.subcommands.map { $0._commandName } + ["help"]) }

    /// The subcommand on the command line, when the first argument names one.
    static var subcommandTyped: String? {
        CommandLine.arguments.dropFirst().first.flatMap { commandNames.contains($0) ? $0 : nil }
    }

    /// The command asked for (`git agents NAME`, `git agents help NAME`) when no such command exists; the root
    /// takes no arguments of its own, so any first word that is not an option names a command.
    static func unknownCommand(_ arguments: [String]) -> String? {
        let asked = arguments.first == "help" ? arguments.dropFirst().first : arguments.first
        guard let asked, !asked.hasPrefix("-"), !commandNames.contains(asked) else { return nil }
        return asked
    }

    /// Parses, runs, and exits with SPEC §1's codes; every error is one or two lines on stderr.
    public static func main() {
        // A reader that goes away (`git agents logs | head`, an orchestrator that ignores its stdin)
        // must give EPIPE, not kill us silently.
        signal(SIGPIPE, SIG_IGN)
        let arguments = Array(CommandLine.arguments.dropFirst())
        let hotCommand = HotCommands.parse(arguments)
        // ArgumentParser shows the whole help for `help nosuch` (exit 0) and two lines for `nosuch`: one line, exit 2.
        if hotCommand == nil, let unknown = unknownCommand(arguments) {
            Terminal.printError("'\(unknown)' is not a git agents command; see: git agents --help", hint: nil)
            Foundation.exit(2)
        }
        do {
            var command = try hotCommand ?? parseAsRoot()
            try command.run()
        } catch let error as AgentsError {
            Terminal.printError(error.message, hint: error.hint)
            Foundation.exit(error.exitCode)
        } catch let error as GitError {
            // A libgit2 failure the domain did not expect: its own words, and where to look next.
            Terminal.printError(error.message, hint: "run git agents doctor to check the repository")
            Foundation.exit(error.code == .bareRepository ? 4 : 1)
        } catch is DecodingError {
            Terminal.printError("a session record could not be read (it was written by another version or damaged)",
                                hint: "run git agents doctor")
            Foundation.exit(4)
        } catch let error as ExitCode {
            Foundation.exit(error.rawValue)
        } catch let error where FileProblem.describe(error) != nil {
            // A file the domain did not expect to fail on: its path and the cause in plain words, never a dump.
            Terminal.printError(FileProblem.describe(error)!, hint: "run git agents doctor to check the repository")
            Foundation.exit(1)
        } catch {
            let code = exitCode(for: error)
            // ArgumentParser reports usage errors as 64 (EX_USAGE); SPEC §1 says 2.
            if code == .success {
                exit(withError: error)
            }
            // One line saying what was wrong and one saying where to look, like every other error.
            Terminal.printError(message(for: error).replacingOccurrences(of: "Error: ", with: ""),
                                hint: "see: git agents help" + (Self.subcommandTyped.map { " " + $0 } ?? ""))
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}
