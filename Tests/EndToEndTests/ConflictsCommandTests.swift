// `git agents conflicts` on real sessions with scripted agents: the matrix, paths and hunks it reports, its exit
// code, the merge order it suggests, and that it changes nothing (worktrees, index files, refs).
import Foundation
import Testing

@Suite("git agents conflicts", .timeLimit(.minutes(10)))
struct ConflictsCommandTests {
    /// A repository whose main holds `src/api.ts` (lines `line 1` … `line 30`) and `old.txt`.
    func fixture() throws -> SessionFixture {
        let fixture = try SessionFixture()
        try fixture.write((1...30).map { "line \($0)\n" }.joined(), to: "src/api.ts")
        try fixture.write("one\ntwo\nthree\n", to: "old.txt")
        try fixture.git(["add", "-A"])
        try fixture.git(["commit", "--quiet", "-m", "api and old"])
        return fixture
    }

    /// An agent command that rewrites lines FROM–TO of src/api.ts as `<agent> <n>` and commits.
    func editor(_ fixture: SessionFixture, lines from: Int, _ to: Int) throws -> String {
        try fixture.script("edit", """
            awk -v a="$AGENT" -v f="$1" -v t="$2" 'NR>=f && NR<=t {print a" "NR; next} {print}' src/api.ts > src/api.ts.new
            mv src/api.ts.new src/api.ts
            git commit -q -am "$AGENT: lines $1-$2"
            exit 0
            """) + " \(from) \(to)"
    }

    /// `conflicts --json` parsed, with its exit status.
    func conflicts(_ fixture: SessionFixture) throws -> (status: Int32, json: [String: Any]) {
        let output = try fixture.agents(["conflicts", "--json"])
        return (output.status, try jsonObject(output.stdout))
    }

    /// The paths of the entry that matches; a missing entry is a failure, not an empty list.
    static func paths(_ entries: Any?, _ match: ([String: Any]) -> Bool,
                      sourceLocation: SourceLocation = #_sourceLocation) -> [[String: Any]] {
        guard let entry = ((entries as? [[String: Any]]) ?? []).first(where: match),
              let paths = entry["paths"] as? [[String: Any]] else {
            Issue.record("no such entry in the conflicts JSON", sourceLocation: sourceLocation)
            return []
        }
        return paths
    }

    static func pair(_ json: [String: Any], _ one: String, _ two: String) -> [[String: Any]] {
        paths(json["pairs"]) { $0["agents"] as? [String] == [one, two] }
    }

    static func versusTarget(_ json: [String: Any], _ agent: String) -> [[String: Any]] {
        paths(json["vsTarget"]) { $0["agent"] as? String == agent }
    }

    /// Everything `conflicts` must leave alone: refs, every worktree's status, every index file's bytes and time.
    func untouched(_ fixture: SessionFixture) throws -> String {
        var state = [try fixture.git(["for-each-ref", "--format=%(refname) %(objectname)"])]
        for line in try fixture.git(["worktree", "list", "--porcelain"]).split(separator: "\n") where line.hasPrefix("worktree ") {
            let folder = URL(fileURLWithPath: String(line.dropFirst("worktree ".count)))
            let index = try fixture.git(["rev-parse", "--path-format=absolute", "--git-path", "index"], in: folder)
            let attributes = try FileManager.default.attributesOfItem(atPath: index)
            let data = try #require(FileManager.default.contents(atPath: index))
            state.append("\(index) \(attributes[.modificationDate] ?? "?") \(data.base64EncodedString())")
            // --no-optional-locks: git status must not refresh the index it is checking.
            let status = try fixture.git(["--no-optional-locks", "status", "--porcelain=v2", "--branch"], in: folder)
            state.append(folder.path + ":\n" + status)
        }
        return state.joined(separator: "\n")
    }

    @Test func twoAgentsEditingTheSameLinesConflictAndNothingIsTouched() throws {
        let fixture = try fixture()
        try fixture.role("api", command: try editor(fixture, lines: 12, 14))
        try fixture.role("frontend", command: try editor(fixture, lines: 12, 15))
        try fixture.role("db", command: try fixture.succeedingAgent(sleep: 0) + " {prompt}")
        #expect(try fixture.agents("start", "Edit", "--wait").status == 0)
        let before = try untouched(fixture)

        let (status, json) = try conflicts(fixture)
        let human = try fixture.agents(["conflicts"])

        #expect(status == 3 && human.status == 3, "\(human)")
        let after = try untouched(fixture)
        #expect(after == before, "before:\n\(before)\nafter:\n\(after)")
        #expect((json["considered"] as? [[String: Any]])?.compactMap { $0["agent"] as? String } == ["api", "db", "frontend"])
        #expect(json["conflicts"] as? Int == 1)
        for agent in ["api", "db", "frontend"] { #expect(Self.versusTarget(json, agent).isEmpty, "\(agent) vs main") }
        #expect(Self.pair(json, "api", "db").isEmpty && Self.pair(json, "db", "frontend").isEmpty)
        let path = try #require(Self.pair(json, "api", "frontend").first)
        #expect(path["path"] as? String == "src/api.ts" && path["kind"] as? String == "content")
        let hunks = path["hunks"] as? [[String: [Int]]]
        // The conflict spans the lines either side changed: base lines 12–15, api kept line 15.
        #expect(hunks == [["ours": [12, 15], "theirs": [12, 15]]], "\(path)")
        #expect(json["order"] as? [String] == ["db", "api", "frontend"])
        let resolve = json["resolve"] as? [[String: Any]]
        #expect(resolve?.count == 1 && resolve?.first?["agent"] as? String == "frontend")
        #expect(resolve?.first?["conflictsWithAgents"] as? [String] == ["api"])
        // The human view: the matrix, the hunks with both sides' names, the order and what to run.
        for expected in ["Conflicts with main:", "Between agents:", "api × frontend:",
                         "src/api.ts  content  api 12–15, frontend 12–15",
                         "Suggested merge order: db, api, frontend",
                         "frontend conflicts with api: merge it after api, then resolve (git agents resolve --agent frontend)",
                         "Conflicting merges: 1"] {
            #expect(human.stdout.contains(expected), "missing \(expected):\n\(human.stdout)")
        }
        let matrixRow = human.stdout.split(separator: "\n").first { $0.hasPrefix("  api ") && $0.contains("·") }
        #expect(matrixRow.map { $0.contains("✓") && $0.contains("✗ 1") } == true, "\(human.stdout)")
    }

    @Test func anAgentConflictsWithACommitMadeOnMainAfterTheSessionStarted() throws {
        let fixture = try fixture()
        try fixture.role("api", command: try editor(fixture, lines: 12, 14))
        try fixture.role("docs", command: try fixture.succeedingAgent(sleep: 0) + " {prompt}")
        try fixture.role("broken", command: try fixture.failingAgent())
        #expect(try fixture.agents("start", "Edit", "--wait").status == 1)
        try fixture.write((1...30).map { $0 == 13 ? "main 13\n" : "line \($0)\n" }.joined(), to: "src/api.ts")
        try fixture.git(["commit", "--quiet", "-am", "main changes line 13"])

        let (status, json) = try conflicts(fixture)

        #expect(status == 3)
        let skipped = json["skipped"] as? [[String: Any]]
        #expect(skipped?.map { $0["agent"] as? String } == ["broken"] && skipped?.first?["reason"] as? String == "failed")
        #expect((json["target"] as? [String: Any])?["commit"] as? String == (try fixture.git(["rev-parse", "main"])))
        let path = try #require(Self.versusTarget(json, "api").first)
        #expect(path["path"] as? String == "src/api.ts")
        #expect(path["hunks"] as? [[String: [Int]]] == [["ours": [12, 14], "theirs": [12, 14]]])
        #expect(Self.versusTarget(json, "docs").isEmpty && Self.pair(json, "api", "docs").isEmpty)
        let resolve = json["resolve"] as? [[String: Any]]
        #expect(resolve?.first?["agent"] as? String == "api" && resolve?.first?["conflictsWithTarget"] as? Bool == true)
        #expect(json["order"] as? [String] == ["docs", "api"])
        let human = try fixture.agents(["conflicts"])
        #expect(human.stdout.contains("Left out: broken (failed)") && human.stdout.contains("api × main:"), "\(human.stdout)")
        #expect(human.stdout.contains("src/api.ts  content  main 12–14, api 12–14"), "\(human.stdout)")
    }

    @Test func noConflictsExitsZero() throws {
        let fixture = try fixture()
        try fixture.defaultCommand(try fixture.succeedingAgent(sleep: 0) + " {prompt}")
        try fixture.role("one")
        try fixture.role("two", dependsOn: ["one"])
        try fixture.role("three")
        #expect(try fixture.agents("start", "Add files", "--wait").status == 0)

        let (status, json) = try conflicts(fixture)
        let human = try fixture.agents(["conflicts"])

        #expect(status == 0 && human.status == 0, "\(human)")
        #expect(json["conflicts"] as? Int == 0 && (json["pairs"] as? [Any])?.count == 3)
        #expect(json["order"] as? [String] == ["one", "three", "two"])
        #expect(human.stdout.contains("Conflicting merges: 0 ✓") && human.stdout.contains("git agents merge --approve"))
    }

    @Test func renameAgainstDeletionAndModifyAgainstDeletion() throws {
        let fixture = try fixture()
        try fixture.role("mover", command: try fixture.script("move", "git mv old.txt new.txt && git commit -q -m move"))
        try fixture.role("deleter", command: try fixture.script("delete", "git rm -q old.txt && git commit -q -m delete"))
        try fixture.role("editor", command: try fixture.script("modify", "echo four >> old.txt && git commit -q -am edit"))
        #expect(try fixture.agents("start", "Reorganise", "--wait").status == 0)

        let (status, json) = try conflicts(fixture)

        #expect(status == 3)
        let deleted = try #require(Self.pair(json, "deleter", "editor").first)
        #expect(deleted["kind"] as? String == "delete/modify" && deleted["path"] as? String == "old.txt")
        #expect((deleted["hunks"] as? [Any])?.isEmpty == true)
        let renamed = try #require(Self.pair(json, "deleter", "mover").first)
        #expect(renamed["kind"] as? String == "rename" && renamed["path"] as? String == "new.txt")
        let sides = renamed["sides"] as? [String: Any]
        #expect(sides?["ancestor"] as? String == "old.txt" && sides?["ours"] is NSNull && sides?["theirs"] as? String == "new.txt")
        // A rename and an edit of the renamed file merge cleanly, as git merges them.
        #expect(Self.pair(json, "editor", "mover").isEmpty)
        #expect(json["order"] as? [String] == ["editor", "mover", "deleter"])
        let human = try fixture.agents(["conflicts"])
        #expect(human.stdout.contains("old.txt  delete/modify  deleted by deleter, changed by editor"), "\(human.stdout)")
        #expect(human.stdout.contains("new.txt  rename  was old.txt, deleter: deleted, mover: new.txt"), "\(human.stdout)")
    }
}
