// Lines of an agent's log: stored as `<ISO-8601 UTC time> <text>`, shown as `[HH:MM:SS] [agent] text`.
import Foundation

public struct LogLine: Sendable, Equatable {
    public let time: Date
    public let agent: String
    public let text: String

    nonisolated(unsafe) static let storedFormat: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }()

    /// The stored form of one line of output.
    public static func stored(_ text: String, at time: Date = Date()) -> String {
        "\(storedFormat.string(from: time)) \(text)\n"
    }

    /// Parses a stored log; a line without a time (should not happen) keeps the previous line's time.
    public static func parse(_ content: String, agent: String) -> [LogLine] {
        var lines: [LogLine] = [], last = Date(timeIntervalSince1970: 0)
        for raw in content.split(separator: "\n", omittingEmptySubsequences: false) where !raw.isEmpty {
            if let space = raw.firstIndex(of: " "), let time = storedFormat.date(from: String(raw[..<space])) {
                last = time
                lines.append(LogLine(time: time, agent: agent, text: String(raw[raw.index(after: space)...])))
            } else {
                lines.append(LogLine(time: last, agent: agent, text: String(raw)))
            }
        }
        return lines
    }

    /// `[11:05:23] [api] Creating file upload handler...` in local time.
    public var display: String { "[\(Self.clock(time))] [\(agent)] \(text)" }

    private static let clockFormat: DateFormatter = {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        return formatter
    }()

    /// `HH:MM:SS` in local time.
    public static func clock(_ time: Date) -> String { clockFormat.string(from: time) }
}

/// Appends lines to a live log, each written whole so readers never see half a line.
final class LogWriter: @unchecked Sendable {
    private let handle: FileHandle?
    private let lock = NSLock()

    /// Opens with O_APPEND: the runner and `progress` write to the same log from different processes.
    init(path: String) {
        handle = (try? RuntimeFile.openForAppend(path)).map { FileHandle(fileDescriptor: $0, closeOnDealloc: true) }
    }

    func write(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        try? handle?.write(contentsOf: Data(LogLine.stored(text).utf8))
    }

}
