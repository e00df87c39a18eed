// Golden files for --json output, in Tests/Golden/ (outside every target, so SwiftPM leaves them alone). Times
// are replaced by TIME; GIT_AGENTS_UPDATE_GOLDEN=1 rewrites the files from what the command printed.
import Foundation
import Testing

enum Golden {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Golden")

    /// `text` with every ISO-8601 time replaced by TIME.
    static func normalized(_ text: String) -> String {
        text.replacingOccurrences(of: #""\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z""#, with: "\"TIME\"", options: .regularExpression)
    }

    static func expect(_ text: String, matches name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["GIT_AGENTS_UPDATE_GOLDEN"] == "1" {
            try normalized(text).write(to: file, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(normalized(text) == expected, "differs from Tests/Golden/\(name)", sourceLocation: sourceLocation)
    }
}
