// A `git agents` command left running in the background (`inbox --follow`, `logs --follow`), its output read
// while it runs.
import Foundation
import Testing

/// `git agents ARGS` running in the background, its output read while it runs.
final class Follower {
    let process = Process()
    let output: URL

    init(_ fixture: SessionFixture, _ arguments: [String]) throws {
        output = fixture.root.appendingPathComponent("follow-\(UUID().uuidString.prefix(6)).out")
        _ = FileManager.default.createFile(atPath: output.path, contents: Data())
        process.executableURL = try Binary.gitAgents.url
        process.arguments = arguments
        process.currentDirectoryURL = fixture.repo
        process.environment = fixture.environment
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = FileHandle.nullDevice
        try Binary.spawn(process)
    }

    deinit { if process.isRunning { process.terminate() } }

    var text: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }

    func waitFor(_ fragment: String, seconds: Double = 20) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if text.contains(fragment) { return }
            usleep(100_000)
        }
        Issue.record("\(process.arguments ?? []) did not show \(fragment.debugDescription) within \(Int(seconds))s:\n\(text)")
        throw WaitTimedOut(what: fragment)
    }

    func end(within seconds: Double) throws -> (Int32, String) {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(100_000) }
        try #require(!process.isRunning, "\(process.arguments ?? []) did not end with the session:\n\(text)")
        return (process.terminationStatus, text)
    }
}
