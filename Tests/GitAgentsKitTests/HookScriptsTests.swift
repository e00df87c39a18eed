// The hook shims the binary writes are the files in hooks/, and the small parsers the hooks rely on.
import Foundation
@testable import GitAgentsKit
import Testing

@Suite("Hook scripts")
struct HookScriptsTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("hooks")

    /// Two installs at once: the second must fail rather than move our shim over the hook the first kept.
    @Test func keepingAUsersHookNeverReplacesAFileAlreadyKept() throws {
        let folder = NSTemporaryDirectory() + "hook-move-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data("#!/bin/sh\necho the user's hook\n".utf8).write(to: URL(fileURLWithPath: folder + "/kept"))
        try Data("#!/bin/sh\necho a shim\n".utf8).write(to: URL(fileURLWithPath: folder + "/pre-push"))
        #expect(throws: AgentsError.self) { try HookInstaller.rename(folder + "/pre-push", to: folder + "/kept") }
        #expect(FileManager.default.contents(atPath: folder + "/kept") == Data("#!/bin/sh\necho the user's hook\n".utf8))
        #expect(FileManager.default.fileExists(atPath: folder + "/pre-push"))

        // A link is moved as a link, never followed.
        try FileManager.default.createSymbolicLink(atPath: folder + "/linked", withDestinationPath: "/nonexistent/hook")
        try HookInstaller.rename(folder + "/linked", to: folder + "/linked.kept")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: folder + "/linked.kept") == "/nonexistent/hook")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: folder + "/linked")) == nil)
    }

    @Test(arguments: HookName.allCases)
    func theBinarysTextIsTheFileInHooks(_ hook: HookName) throws {
        let file = Self.sources.appendingPathComponent(hook.rawValue)
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text == HookScripts.script(hook), "hooks/\(hook.rawValue) differs from HookScripts.script(.\(hook))")
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode.map { $0 & 0o111 == 0o111 } == true, "hooks/\(hook.rawValue) is not executable")
    }

    @Test func gitsCommandLineConfigIsRead() {
        // git 2.31 and later quote key and value apart; older ones quote `key=value` as one word.
        let parameters = HookSettings.parameters(#"'agents.reviewGate'='false' 'a.b'='it'\''s x' 'core.bare' 'old.style=yes' 'e.f'=''"#)
        #expect(parameters["agents.reviewgate"] == "false")
        #expect(parameters["a.b"] == "it's x")
        // `git -c core.bare` (no value) is true to git; `git -c e.f=` is empty, which git reads as false.
        #expect(parameters["core.bare"] == "true")
        #expect(parameters["e.f"] == "")
        #expect(parameters["old.style"] == "yes")
        #expect(HookSettings.parameters("").isEmpty)
    }

    @Test func referenceTransactionLinesAreParsed() {
        let zero = String(repeating: "0", count: 40), a = String(repeating: "a", count: 40), b = String(repeating: "b", count: 40)
        let updates = RefUpdate.parse("\(a) \(b) refs/heads/main\n\(a) \(zero) refs/heads/gone\n\(zero) \(b) ORIG_HEAD\nnonsense\n")
        #expect(updates.map(\.ref) == ["refs/heads/main", "refs/heads/gone", "ORIG_HEAD"])
        #expect(updates[1].new == nil && updates[1].old?.hex == a)
        #expect(updates[2].old == nil)
    }
}
