// Messages as `inbox` shows them: `[HH:MM:SS] #N from → to (re #M): text`, further lines indented below.
import Foundation
import GitAgentsKit

enum MessageRenderer {
    static func render(_ message: Message) -> String {
        let reply = message.inReplyTo.map { " (re #\($0))" } ?? ""
        let lines = message.text.split(separator: "\n", omittingEmptySubsequences: false).map { Terminal.safe(String($0)) }
        let head = "[\(LogLine.clock(message.time))] #\(message.seq) \(Terminal.safe(message.from)) → \(Terminal.safe(message.to))\(reply):"
        return ([head + " " + (lines.first ?? "")] + lines.dropFirst().map { "    " + $0 }).joined(separator: "\n")
    }
}
