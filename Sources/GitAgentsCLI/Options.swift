// Flags shared by many commands.
import ArgumentParser
import GitAgentsKit

struct OutputOptions: ParsableArguments {
    @Flag(help: "Print machine-readable JSON instead of the human view.")
    var json = false

    @Flag(name: .customLong("no-color"), help: "Never colour the output (NO_COLOR is honoured too).")
    var noColor = false

    /// Sets up colour for this run, then hands back a terminal to write to.
    func terminal() -> Terminal { Terminal(colorDisabled: noColor || json) }
}

struct SessionOption: ParsableArguments {
    @Option(help: "The session to act on (default: the newest session not cleaned up).")
    var session: String?
}
