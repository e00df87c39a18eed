// Fails when the committed man page or completions no longer match the command tree.
import Foundation
import Testing

@Suite("Generated man page and completions")
struct GeneratedDocsTests {
    /// The package root: this file is Tests/EndToEndTests/GeneratedDocsTests.swift.
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    static let regenerate = "run scripts/generate-docs.sh and commit the result"
    static let manPageMarker = #".\" generated from: sha256 "#

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptIsCurrent(shell: String) throws {
        let file = ["bash": "git-agents.bash", "zsh": "_git-agents", "fish": "git-agents.fish"][shell]!
        var expected = try Binary.gitAgents
            .run(["--generate-completion-script", shell]).requireSuccess().stdout
        if shell == "bash" {
            // scripts/generate-docs.sh appends this so that `git agents <TAB>` works.
            expected += try committed("completions/git-shim.bash.in")
        }
        if shell == "zsh" {
            // scripts/generate-docs.sh makes `git agents <TAB>` (first word `agents`) run git-agents for values.
            expected = expected.replacingOccurrences(of: #"local -r command_name="${words[1]}""#,
                                                     with: #"local -r command_name="${${words[1]:#agents}:-git-agents}""#)
        }
        let actual = (try? committed("completions/\(file)")) ?? ""

        let isCurrent = actual == expected  // a Bool, so that a failure does not print both files
        #expect(
            isCurrent,
            "completions/\(file) is stale (\(firstDifference(actual, expected))): \(Self.regenerate)")
    }

    @Test func manPageIsCurrent() throws {
        // scripts/generate-docs.sh hashes the command tree and the sections it appends from man-sections.
        let help = try Binary.gitAgents.run(["--experimental-dump-help"]).requireSuccess().stdout
            + Binary.gitAgents.run(["man-sections"]).requireSuccess().stdout
        let digest = try Binary.onPath("sha256sum").run([], input: help).requireSuccess().stdout
            .split(separator: " ").first.map(String.init) ?? ""
        let recorded = ((try? committed("man/git-agents.1")) ?? "")
            .split(separator: "\n")
            .last { $0.hasPrefix(Self.manPageMarker) }
            .map { String($0.dropFirst(Self.manPageMarker.count)) }

        #expect(
            recorded == digest,
            recorded == nil
                ? "man/git-agents.1 records no command tree hash: \(Self.regenerate)"
                : "man/git-agents.1 was generated from another command tree: \(Self.regenerate)")
    }

    private func committed(_ path: String) throws -> String {
        try String(contentsOf: Self.repository.appendingPathComponent(path), encoding: .utf8)
    }

    /// Where two texts first differ, by line, to point at the stale part without dumping both.
    private func firstDifference(_ actual: String, _ expected: String) -> String {
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, (have, want)) in zip(actualLines, expectedLines).enumerated() where have != want {
            return "line \(index + 1) is \"\(have)\", expected \"\(want)\""
        }
        return "\(actualLines.count) lines, expected \(expectedLines.count)"
    }
}
