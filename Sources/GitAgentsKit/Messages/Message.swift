// One message of a session's conversation, as `messages/<seq>.json` in the record holds it (docs/data-model.md).
import Foundation

public struct Message: Codable, Sendable, Equatable {
    /// Who answered a message to the orchestrator: `orchestrator` or `person`, when, and with which message.
    public struct Handling: Codable, Sendable, Equatable {
        public let by: String
        public let at: Date
        /// The first message the answer wrote; nil when the answer was to say nothing.
        public let reply: Int?

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(by, forKey: .by)
            try container.encode(at, forKey: .at)
            try container.encode(reply, forKey: .reply)
        }
    }

    /// The orchestrator's work on a message: who holds it now, and how earlier tries failed.
    public struct Relay: Codable, Sendable, Equatable {
        public var claimedBy: String?
        public var claimedAt: Date?
        public var attempts: Int
        public var error: String?

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(claimedBy, forKey: .claimedBy)
            try container.encode(claimedAt, forKey: .claimedAt)
            try container.encode(attempts, forKey: .attempts)
            try container.encode(error, forKey: .error)
        }
    }

    /// The sender or recipient that stands for the orchestrator (configured or played by a person).
    public static let orchestrator = "orchestrator"
    /// The sender of a message written from outside every agent's worktree.
    public static let person = "person"

    public var formatVersion: Int
    public let seq: Int
    public let from: String
    /// A role, an agent's name, or `orchestrator`.
    public let to: String
    public let text: String
    public let time: Date
    public var inReplyTo: Int?
    public var handled: Handling?
    public var relay: Relay?

    init(seq: Int, from: String, to: String, text: String, time: Date, inReplyTo: Int?) {
        formatVersion = RecordFormat.version
        self.seq = seq
        self.from = from
        self.to = to
        self.text = text
        self.time = time
        self.inReplyTo = inReplyTo
    }

    /// Waits for an answer from the orchestrator (or a person playing it).
    public var awaitsOrchestrator: Bool { to == Self.orchestrator && handled == nil }

    enum CodingKeys: String, CodingKey { case formatVersion, seq, from, to, text, time, inReplyTo, handled, relay }

    /// Lenient (RecordFormat): only `from`, `to` and `text` are required; a damaged `handled` or `relay` reads as none.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = (try? container.decodeIfPresent(Int.self, forKey: .formatVersion)) ?? 1
        seq = (try? container.decodeIfPresent(Int.self, forKey: .seq)) ?? 0
        from = try container.decode(String.self, forKey: .from)
        to = try container.decode(String.self, forKey: .to)
        text = try container.decode(String.self, forKey: .text)
        time = (try? container.decodeIfPresent(Date.self, forKey: .time)) ?? Date(timeIntervalSince1970: 0)
        inReplyTo = try? container.decodeIfPresent(Int.self, forKey: .inReplyTo)
        handled = try? container.decodeIfPresent(Handling.self, forKey: .handled)
        relay = try? container.decodeIfPresent(Relay.self, forKey: .relay)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(max(formatVersion, RecordFormat.version), forKey: .formatVersion)
        try container.encode(seq, forKey: .seq)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encode(text, forKey: .text)
        try container.encode(time, forKey: .time)
        try container.encode(inReplyTo, forKey: .inReplyTo)
        try container.encode(handled, forKey: .handled)
        try container.encode(relay, forKey: .relay)
    }
}

/// The messages of a record tree: `messages/<seq>.json`, the sequence number zero-padded so that git lists
/// them in order.
enum MessageFiles {
    static let folder = "messages/"

    static func path(_ seq: Int) -> String { folder + String(format: "%06d", seq) + ".json" }

    static func seq(of path: String) -> Int? {
        guard path.hasPrefix(folder), path.hasSuffix(".json") else { return nil }
        return Int(path.dropFirst(folder.count).dropLast(".json".count))
    }

    /// Every readable message, in order; one that cannot be read is skipped, never fatal for the others.
    static func read(_ tree: RecordTree) throws -> [Message] {
        let decoder = RecordJSON.decoder()
        return try tree.paths.compactMap { path -> Message? in
            guard let seq = seq(of: path), let data = try tree.data(at: path),
                  var message = try? decoder.decode(Message.self, from: data) else { return nil }
            if message.seq != seq { message = message.renumbered(seq) }
            return message
        }.sorted { $0.seq < $1.seq }
    }

    /// The next sequence number: one more than any file there, readable or not.
    static func nextSeq(_ tree: RecordTree) -> Int {
        (tree.paths.compactMap(seq(of:)).max() ?? 0) + 1
    }

    /// Writes `message`, keeping the fields a newer version wrote into its file.
    static func write(_ message: Message, into tree: inout RecordTree) throws {
        let path = path(message.seq)
        tree.set(RecordJSON.keepingUnknownFields(try RecordJSON.encode(message), from: try tree.data(at: path)), at: path)
    }
}

extension Message {
    /// The file's name is the sequence number that counts (a hand-edited `seq` field does not move a message).
    fileprivate func renumbered(_ seq: Int) -> Message {
        var copy = Message(seq: seq, from: from, to: to, text: text, time: time, inReplyTo: inReplyTo)
        copy.formatVersion = formatVersion
        copy.handled = handled
        copy.relay = relay
        return copy
    }
}
