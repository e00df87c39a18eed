// The file-system guards of issue #7: links that lead out, owner-only runtime files, includes in committed
// files, and file errors in plain words — each tested where it lives, on real files in a temporary folder.
import Foundation
import Testing
@testable import GitAgentsKit

@Suite("File safety")
struct FileSafetyTests {
    /// A fresh folder holding `inside/` (the root under test) and `outside/secret`.
    private func folders() throws -> (root: String, inside: String, outside: String) {
        let root = URL(fileURLWithPath: NSTemporaryDirectory()).resolvingSymlinksInPath()
            .appendingPathComponent("file-safety-\(UUID().uuidString)").path
        for folder in ["/inside/real", "/outside"] {
            try FileManager.default.createDirectory(atPath: root + folder, withIntermediateDirectories: true)
        }
        try "secret\n".write(toFile: root + "/outside/secret", atomically: true, encoding: .utf8)
        return (root, root + "/inside", root + "/outside")
    }

    private func permissions(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? 0) & 0o777
    }

    @Test func linksMayPointInsideButNotOut() throws {
        let (root, inside, outside) = try folders()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createSymbolicLink(atPath: inside + "/near", withDestinationPath: "real")
        try FileManager.default.createSymbolicLink(atPath: inside + "/far", withDestinationPath: outside)
        try FileManager.default.createSymbolicLink(atPath: inside + "/nowhere", withDestinationPath: root + "/missing")

        try ContainedPath.check("near/file", in: inside, for: "agents.copy")
        try ContainedPath.check("not/made/yet", in: inside, for: "agents.copy")
        for path in ["far/secret", "far", "nowhere/x", "../outside/secret", "/etc/passwd"] {
            #expect(throws: AgentsError.self, "\(path)") { try ContainedPath.check(path, in: inside, for: "agents.copy") }
        }
        #expect { try ContainedPath.check("far/secret", in: inside, for: "agents.copy") } throws: { error in
            (error as? AgentsError)?.exitCode == 2 && (error as? AgentsError)?.message.contains(outside) == true
        }
    }

    @Test func artifactsAndMCPServersAreNotReadThroughLinksOut() throws {
        let (root, inside, outside) = try folders()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try "mine\n".write(toFile: inside + "/real/note.md", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: inside + "/stolen", withDestinationPath: outside + "/secret")
        try FileManager.default.createSymbolicLink(atPath: inside + "/dir", withDestinationPath: outside)
        // Links are kept as links (their target text), never followed: the secret is not read.
        let collected = ArtifactShelf.collect(from: inside, limit: ArtifactName.defaultLimit)
        #expect(collected.artifacts.keys.sorted() == ["dir", "real/note.md", "stolen"])
        #expect(collected.artifacts["stolen"]?.mode == .link)
        #expect(collected.artifacts["stolen"]?.data == Data((outside + "/secret").utf8))
        #expect(collected.artifacts["dir"]?.mode == .link)
        #expect(collected.refused.isEmpty)

        try #"{"mcpServers": {"a": {"command": "a", "env": {"KEY": "someone else's"}}}}"#
            .write(toFile: outside + "/mcp.json", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: inside + "/.mcp.json", withDestinationPath: outside + "/mcp.json")
        #expect(throws: AgentsError.self) { try MCPConfig.write(servers: ["a"], worktree: inside, to: root + "/mcp.json") }
        #expect(!FileManager.default.fileExists(atPath: root + "/mcp.json"))
    }

    @Test func anAgentLeavingAHeapOfArtifactsCannotExhaustMemoryOrTheRecord() throws {
        let (root, inside, _) = try folders()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // Twelve files of 40 bytes under a 40-byte limit: one run keeps at most ten times the limit, 400 bytes.
        for index in 0..<12 {
            try Data(repeating: UInt8(65 + index), count: 40).write(to: URL(fileURLWithPath: inside + String(format: "/f%02d", index)))
        }
        let bySize = ArtifactShelf.collect(from: inside, limit: 40)
        #expect(bySize.artifacts.keys.sorted() == (0..<10).map { String(format: "f%02d", $0) })
        #expect(bySize.refused.count == 2 && bySize.refused.allSatisfy { $0.contains("more than 10 × agents.maxArtifactSize") },
                "\(bySize.refused)")

        // 12 + 993 files: the five beyond the thousandth are not kept.
        for index in 12..<(ArtifactShelf.maxFilesPerRun + 5) {
            try Data().write(to: URL(fileURLWithPath: inside + "/real/" + String(format: "e%04d", index)))
        }
        let byCount = ArtifactShelf.collect(from: inside, limit: ArtifactName.defaultLimit)
        #expect(byCount.artifacts.count == ArtifactShelf.maxFilesPerRun)
        #expect(byCount.refused.count == 5 && byCount.refused.allSatisfy { $0.contains("more than 1000 files") }, "\(byCount.refused.prefix(3))")
    }

    @Test func runtimeFilesAndFoldersAreOwnerOnlyAndLooserOnesAreTightened() throws {
        let (root, _, _) = try folders()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/agents", withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o755])
        try RuntimeFile.makeFolder(root + "/agents/s/artifacts", below: root)
        for folder in ["/agents", "/agents/s", "/agents/s/artifacts"] { #expect(try permissions(root + folder) == 0o700, "\(folder)") }

        try RuntimeFile.write("1 2\n", to: root + "/agents/s/pid")
        #expect(try permissions(root + "/agents/s/pid") == 0o600)
        #expect(try String(contentsOfFile: root + "/agents/s/pid", encoding: .utf8) == "1 2\n")
        try "old\n".write(toFile: root + "/agents/s/log", atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: root + "/agents/s/log")
        close(try RuntimeFile.openForAppend(root + "/agents/s/log"))
        #expect(try permissions(root + "/agents/s/log") == 0o600)
        // A link planted where a runtime file goes is not written through.
        try FileManager.default.createSymbolicLink(atPath: root + "/agents/s/planted", withDestinationPath: root + "/outside/secret")
        #expect(throws: AgentsError.self) { try RuntimeFile.openForAppend(root + "/agents/s/planted") }
    }

    @Test func fileProblemsAreToldInPlainWords() throws {
        let (root, _, outside) = try folders()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect { try RuntimeFile.makeFolder(outside + "/secret/sub", below: outside) } throws: { error in
            (error as? AgentsError)?.message == "cannot create \(outside)/secret: it is a file, not a folder"
        }
        #expect { try RuntimeFile.write("x", to: outside + "/secret/x") } throws: { error in
            (error as? AgentsError)?.message == "cannot write \(outside)/secret/x: \(outside)/secret is a file, not a folder"
        }
        let foundation = Result { try FileManager.default.createDirectory(atPath: outside + "/secret", withIntermediateDirectories: true) }
        let plain = FileProblem.error("create", outside + "/secret", from: try #require(foundation.failureValue))
        #expect(plain.message == "cannot create \(outside)/secret: it is a file, not a folder")
        #expect(AgentFinisher.brief(try #require(foundation.failureValue)) == "\(outside)/secret: it is a file, not a folder")
        #expect(FileProblem.error("write", "/x", errno: EACCES).message == "cannot write /x: permission denied")
    }

    @Test func includesInCommittedFilesAreFoundWithTheirLine() {
        #expect(CommittedIncludes.firstIncludeLine(in: "[agents]\n\tmaxParallel = 2\n[include]\n\tpath = a.cfg\n") == 4)
        #expect(CommittedIncludes.firstIncludeLine(in: "# x\n[includeIf \"gitdir:~/w/\"]\n  PATH=b\n") == 3)
        #expect(CommittedIncludes.firstIncludeLine(in: "[include] path = c\n") == 1)
        #expect(CommittedIncludes.firstIncludeLine(in: "[agents]\n\tpath = not-an-include\n[includes]\n\tpath = x\n") == nil)
        #expect(CommittedIncludes.isInclude("includeIf.onbranch:main.path"))
        #expect(!CommittedIncludes.isInclude("agents.command"))
    }
}

private extension Result {
    var failureValue: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
