// What the orchestrator printed in answer to a message (docs/agents.md, "Messages"): JSON naming the recipients,
// or plain text for the sender, or nothing.
import Foundation

enum OrchestratorAnswer {
    /// The messages to relay. Output that begins with `{` (or a code fence) must be JSON: `{"to", "text"}` or
    /// `{"messages": [{"to", "text"}]}`, `to` defaulting to the sender; anything else is one message to the sender.
    static func parse(_ output: Data, sender: String) throws -> [(to: String, text: String)] {
        let text = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return [] }
        guard text.hasPrefix("{") || text.hasPrefix("```") else { return [(sender, text)] }
        let problem = AgentsError.failed("the orchestrator's answer is not the JSON it must be",
                                         hint: "it must print \(MessageRelay.answerFormat)")
        guard let json = OrchestratorCall.jsonObject(in: output),
              let object = try? JSONSerialization.jsonObject(with: json) as? [String: Any] else { throw problem }
        let entries = (object["messages"] as? [Any]) ?? [object]
        return try entries.compactMap { entry -> (String, String)? in
            guard let entry = entry as? [String: Any], let said = entry["text"] as? String else { throw problem }
            guard !said.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
            let to = (entry["to"] as? String).flatMap { $0.isEmpty ? nil : $0 } ?? sender
            return (to, said)
        }
    }
}
