// Flags shared by many commands.
import ArgumentParser
import GitAgentsKit

struct ColorOptions: ParsableArguments {
    @Flag(name: .customLong("no-color"), help: "Never colour the output (NO_COLOR is honoured too).")
    var noColor = false

    func terminal() -> Terminal { Terminal(colorDisabled: noColor) }
}

struct OutputOptions: ParsableArguments {
    @Flag(help: "Print machine-readable JSON instead of the human view.")
    var json = false

    @OptionGroup var color: ColorOptions

    /// A terminal to write to: never coloured for JSON.
    func terminal() -> Terminal { Terminal(colorDisabled: color.noColor || json) }
}

struct SessionOption: ParsableArguments {
    @Option(help: "The session to act on (default: the newest session not cleaned up).", completion: .sessions)
    var session: String?
}
