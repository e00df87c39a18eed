// Artifacts in the record: which names are refused, the index read leniently and kept across versions, and
// paths that cannot be both a file and a folder.
import Foundation
@testable import GitAgentsKit
import GitKit
import Testing
import TestSupport

@Suite(.scratchRepository)
struct ArtifactRecordTests {
    let scratch = ScratchRepository.current

    @Test func namesThatAreNotPlainRelativePathsAreRefused() throws {
        for name in ["schema.sql", "docs/api.md", "a b", "ünï.md", "x..y", ".gitignore", "a.git/b", "git~2", ".git-x", "gi~1"] {
            #expect(throws: Never.self, "\(name)") { try ArtifactName.check(name) }
        }
        for name in ["", "/etc/passwd", "../x", "a/../b", "./a", "a/./b", "a//b", "a/", ".git", "sub/.Git/config", ".git.", ".GIT .", "a/.git::$DATA/b", ".git:x", "GIT~1", ".g\u{200C}it", ".GIT\u{FEFF}/x",
                     ".gitmodules", "a/.GitModules. ", "gitmod~1", ".gitmodules\u{200D}",
                     "nul\u{0}", "bell\u{7}", "esc\u{1B}[2J", "del\u{7F}", "csi\u{9B}", String(repeating: "n", count: 256)] {
            #expect(throws: AgentsError.self, "\(name.debugDescription)") { try ArtifactName.check(name) }
        }
        #expect { try ArtifactName.check("a\nb") } throws: { error in
            let error = error as? AgentsError
            return error?.exitCode == 2 && error?.message.contains("\"a\\nb\"") == true && error?.message.contains("\n") == false
        }
    }

    @Test func theIndexIsReadLenientlyAndKeepsWhatANewerVersionWrote() throws {
        let store = try scratch.store(), base = try scratch.head()
        let id = try store.create(Fixture.session(base: base), agents: [Fixture.agent("api", base: base)]).session.id
        let newer = """
            {"formatVersion": 2, "future": {"kept": true}, "artifacts": {
              "backend/old.txt": {"agent": "api", "putAt": "2026-04-03T10:40:00Z", "size": "big", "checksum": "abc"},
              "backend/broken": 7}}
            """
        try store.update(id, activity: "a newer version wrote artifacts") { document in
            document.tree.set(Data(newer.utf8), at: Artifacts.indexPath)
            document.tree.set(Data("old\n".utf8), at: "artifacts/backend/old.txt")
            document.tree.set(Data("b".utf8), at: "artifacts/backend/broken")
        }
        let workspace = try Workspace.discover(from: scratch.path)
        try scratch.git("config", "agents.maxArtifactSize", "1M")
        try Data("new".utf8).write(to: URL(fileURLWithPath: scratch.root + "/new.txt"))

        try Artifacts.put(workspace, session: id, agent: "api", file: scratch.root + "/new.txt", name: "new.txt")

        let listed = try Artifacts.list(workspace, session: id)
        #expect(listed.map(\.path) == ["backend/broken", "backend/new.txt", "backend/old.txt"])
        let old = try #require(listed.last)
        // The readable fields of an entry count; a field that cannot be read falls back to the blob.
        #expect(old.agent == "api" && old.size == 4 && old.putAt == Fixture.time("2026-04-03T10:40:00Z"))
        #expect(listed[0].agent == nil && listed[0].size == 1)
        #expect(listed[1].agent == "api" && listed[1].size == 3 && listed[1].type == "file")
        let index = try JSONSerialization.jsonObject(with: Data(try scratch.git("show", "refs/agents/sessions/\(id):artifacts.json").utf8))
        let object = try #require(index as? [String: Any])
        #expect((object["future"] as? [String: Any])?["kept"] as? Bool == true)
        let entries = try #require(object["artifacts"] as? [String: Any])
        #expect((entries["backend/old.txt"] as? [String: Any])?["checksum"] as? String == "abc")
        #expect((entries["backend/new.txt"] as? [String: Any])?["agent"] as? String == "api")
    }

    @Test func aNameCannotBeBothAFileAndAFolder() throws {
        let store = try scratch.store(), base = try scratch.head()
        let id = try store.create(Fixture.session(base: base), agents: [Fixture.agent("api", base: base)]).session.id
        let workspace = try Workspace.discover(from: scratch.path)
        try Data("x".utf8).write(to: URL(fileURLWithPath: scratch.root + "/x"))
        try Artifacts.put(workspace, session: id, agent: "api", file: scratch.root + "/x", name: "docs/a.md")
        let tip = try scratch.git("rev-parse", "refs/agents/sessions/\(id)")

        for name in ["docs", "docs/a.md/b"] {
            #expect(throws: AgentsError.usage("backend/" + (name == "docs" ? "docs is a folder of other artifacts" : "docs/a.md is an artifact, not a folder"),
                                              hint: "choose another name")) {
                try Artifacts.put(workspace, session: id, agent: "api", file: scratch.root + "/x", name: name)
            }
        }
        #expect(try scratch.git("rev-parse", "refs/agents/sessions/\(id)") == tip)
        #expect(try scratch.git("fsck", "--strict", "--no-dangling").isEmpty)
    }

    /// With `--over` several agents share a role: one agent's artifact is never replaced by another's.
    @Test func anotherAgentOfTheRoleDoesNotReplaceAnArtifact() throws {
        let store = try scratch.store(), base = try scratch.head()
        let id = try store.create(Fixture.session(base: base), agents: [Fixture.agent("card", base: base),
                                                                        Fixture.agent("button", base: base)]).session.id
        let workspace = try Workspace.discover(from: scratch.path)
        try Data("card notes".utf8).write(to: URL(fileURLWithPath: scratch.root + "/card"))
        try Data("button notes".utf8).write(to: URL(fileURLWithPath: scratch.root + "/button"))
        try Artifacts.put(workspace, session: id, agent: "card", file: scratch.root + "/card", name: "notes.md")
        try Artifacts.put(workspace, session: id, agent: "card", file: scratch.root + "/card", name: "notes.md")
        #expect(throws: AgentsError.usage("backend/notes.md was put by agent card, which has the same role (name yours button/notes.md)",
                                          hint: "choose another name")) {
            try Artifacts.put(workspace, session: id, agent: "button", file: scratch.root + "/button", name: "notes.md")
        }
        #expect(try scratch.git("show", "refs/agents/sessions/\(id):artifacts/backend/notes.md") == "card notes")
    }
}
