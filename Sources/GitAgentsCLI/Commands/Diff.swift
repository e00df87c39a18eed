// `git agents diff`: each agent's changes against its base, printed, coloured and paged as `git diff` does.
import ArgumentParser
import Foundation
import GitAgentsKit

extension GitAgents {
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "diff",
            abstract: "Show the agents' changes against their base, as git diff shows them.",
            discussion: """
            Each agent's diff runs from its recorded base (for a dependant, the starting point made from its \
            dependencies' work, so only its own changes show) to its branch tip, or to its recorded head when \
            the branch is gone; uncommitted work in its worktree is not shown. Without --agent, every agent in \
            dependency order, each introduced by a line `# agent NAME (BRANCH): N files, +A -D`. Colour follows \
            color.diff / color.ui, the pager GIT_PAGER / core.pager / PAGER, as for git diff.
            """)

        @OptionGroup var session: SessionOption

        @Option(help: ArgumentHelp("Only this agent's changes, with no header line.", valueName: "AGENT"), completion: .agents)
        var agent: String?

        @Flag(help: "Show a diffstat (files changed, lines added and deleted) instead of the patch.")
        var stat = false

        @Flag(name: .customLong("name-only"), help: "Show only the names of changed files.")
        var nameOnly = false

        @Flag(name: .customLong("no-pager"), help: "Write to standard output even on a terminal.")
        var noPager = false

        @OptionGroup var color: ColorOptions

        func validate() throws {
            if stat && nameOnly { throw ValidationError("--stat and --name-only cannot be used together") }
        }

        func run() throws {
            let context = try CommandContext(color)
            let id = try context.session(session, readOnly: true)
            let changes = try SessionDiff.changes(context.workspace, session: id, agent: agent)
            let display = DiffDisplay.choose(try .read(context.workspace), environment: ProcessInfo.processInfo.environment,
                                             stdoutIsTerminal: isatty(STDOUT_FILENO) == 1, noColor: color.noColor,
                                             noPager: noPager)
            let renderer = DiffRenderer(color: display.color)
            var output = Data()
            for (index, change) in changes.enumerated() {
                if agent == nil {
                    if index > 0 { output += Data("\n".utf8) }
                    output += renderer.header(change)
                }
                if stat {
                    if !change.diff.isEmpty { output += Data(try change.diff.statText(width: Self.columns(), colors: renderer.statColors).utf8) }
                } else {
                    output += renderer.patch(try change.diff.lines(nameOnly: nameOnly))
                }
            }
            if let pager = display.pager, !output.isEmpty {
                try Pager.page(output, through: pager)
            } else {
                // A reader that went away (`| head`) ends the output quietly, as it does git's.
                try? FileHandle.standardOutput.write(contentsOf: output)
            }
        }

        /// The width git gives --stat: COLUMNS (set by git when it started a pager for us), else the terminal's.
        private static func columns() -> Int {
            if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
            var size = winsize()
            if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
            return 80
        }
    }
}
