// `git agents inbox`: the messages for the agent whose worktree this is (or for everyone, for a person),
// optionally followed as they arrive.
import ArgumentParser
import Foundation
import GitAgentsKit

extension GitAgents {
    struct Inbox: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "inbox",
            abstract: "Show the session's messages: an agent's own (to it or its role), or all of them for a person.",
            discussion: """
            --all shows an agent every message of the session, as a person sees them. With --json, \
            {"messages": [{seq, from, to, text, time, inReplyTo, handled, relay}]}; with --follow --json, one \
            message object per line (docs/json.md).
            """)

        @OptionGroup var session: SessionOption

        @Flag(name: [.short, .long], help: "Keep printing new messages until the session ends.")
        var follow = false

        @Flag(help: "Every message of the session, not only the ones for this agent.")
        var all = false

        @OptionGroup var output: OutputOptions

        func run() throws {
            let context = try CommandContext(output)
            let workspace = context.workspace, store = SessionStore(repository: workspace.repository)
            // Reading another clone's messages is harmless; following them would wait for the next fetch.
            let id = try context.session(session, readOnly: true)
            if follow { try FetchedSessionName.refuseWatching(id, flag: "--follow") }
            let reader = try SessionMessages.correspondent(workspace, session: id)
            var snapshot = try store.load(id)
            var messages = try SessionMessages.inbox(snapshot, for: reader, all: all)
            guard follow else {
                if output.json {
                    try JSONOutput.print(["messages": messages])
                } else if messages.isEmpty {
                    context.terminal.line(all || reader == .person ? "No messages in session \(id)."
                                          : "No messages for \(Terminal.safe(reader.name)) in session \(id) (--all shows every message).")
                } else {
                    messages.forEach { context.terminal.line(MessageRenderer.render($0)) }
                }
                return
            }
            var shown = 0
            while true {
                messages.filter { $0.seq > shown }.forEach(emit)
                shown = max(shown, messages.last?.seq ?? 0)
                // The reader went away (`| head`): stop following.
                if fflush(nil) != 0 { return }
                if snapshot.session.state != .running && snapshot.session.state != .planning { return }
                usleep(250_000)
                try context.superviseIfNeeded(id)
                snapshot = try store.load(id)
                messages = try SessionMessages.inbox(snapshot, for: reader, all: all)
            }
        }

        private func emit(_ message: Message) {
            if output.json {
                try? JSONOutput.printLine(message)
            } else {
                print(MessageRenderer.render(message))
            }
        }
    }
}
