// `git agents send --to ROLE|AGENT|orchestrator "MSG"`: one message, relayed through the session record; and the
// hidden `relay-messages` the supervisor starts to hand messages to the orchestrator command.
import ArgumentParser
import Foundation
import GitAgentsKit

extension GitAgents {
    struct Send: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "send",
            abstract: "Send a message to an agent, a role, the orchestrator or the person.",
            discussion: """
            From an agent's worktree the message is from that agent; from anywhere else it is from the person. \
            A message to the orchestrator is handed to agents.orchestrator while the session runs; without one it \
            waits for a person (git agents status counts it), whose next message to an agent or role answers what \
            that recipient asked, else the oldest question (message N with --reply-to N); others keep waiting.
            """)

        @OptionGroup var session: SessionOption

        @Option(help: ArgumentHelp("Who it is for: a role, an agent, orchestrator or person.", valueName: "RECIPIENT"), completion: .recipients)
        var to: String

        @Option(name: .customLong("reply-to"), help: ArgumentHelp("The number of the message this answers.", valueName: "N"))
        var replyTo: Int?

        @Argument(help: "The message.")
        var message: String

        @OptionGroup var color: ColorOptions

        func run() throws {
            let context = try CommandContext(color)
            let id = try context.session(session)
            let sender = try SessionMessages.correspondent(context.workspace, session: id)
            let sent = try SessionMessages.send(context.workspace, session: id, from: sender, to: to, text: message,
                                                replyTo: replyTo)
            context.terminal.line("message #\(sent.seq) sent to \(Terminal.safe(sent.to)) in session \(id)")
            if sent.to == Message.orchestrator, let why = SessionMessages.whyNoOrchestrator(context.workspace) {
                context.terminal.line("\(Terminal.safe(why)): it waits for a person (git agents status counts it)")
            }
        }
    }

    struct RelayMessages: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "relay-messages", abstract: "Hand messages to the orchestrator (started by the supervisor).",
            shouldDisplay: false)

        @Option var session: String

        func run() throws {
            try MessageRelay(workspace: try CommandContext().workspace, sessionID: session).run()
        }
    }
}
