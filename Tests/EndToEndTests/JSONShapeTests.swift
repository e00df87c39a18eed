// docs/json.md is the golden file of every `--json` output: each command it documents runs in a real
// session, and what it prints must match the documented shape, field by field and type by type.
import Foundation
import Testing

@Suite("JSON shapes (docs/json.md)", .timeLimit(.minutes(3)))
struct JSONShapeTests {
    struct Field: Equatable {
        let types: Set<String>
        /// `path?`: the key may be missing.
        let optional: Bool
    }

    /// A documented command: its heading's command line and its shape by path.
    struct Section {
        let arguments: [String]
        let fields: [String: Field]
    }

    static func sections() throws -> [Section] {
        let text = try String(contentsOf: GeneratedDocsTests.repository.appendingPathComponent("docs/json.md"), encoding: .utf8)
        var sections: [Section] = []
        var arguments: [String]?
        var fields: [String: Field]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("### `git agents "), line.hasSuffix("`") {
                arguments = line.dropFirst("### `git agents ".count).dropLast().split(separator: " ").map(String.init)
            } else if line == "```shape" {
                fields = [:]
            } else if line == "```", let shape = fields {
                sections.append(Section(arguments: try #require(arguments, "a shape block with no heading"), fields: shape))
                fields = nil
                arguments = nil
            } else if fields != nil {
                let words = (line.split(separator: "#", maxSplits: 1).first ?? "").split(separator: " ").map(String.init)
                guard words.count == 2 else { continue }
                let optional = words[0].hasSuffix("?")
                let path = optional ? String(words[0].dropLast()) : words[0]
                fields?[path] = Field(types: Set(words[1].split(separator: "|").map(String.init)), optional: optional)
            }
        }
        return sections
    }

    /// A JSON value reduced to what a shape says about it.
    indirect enum Value: Decodable {
        case null, bool, number, string, array([Value]), object([String: Value])

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { self = .null }
            else if (try? container.decode(Bool.self)) != nil { self = .bool }
            else if (try? container.decode(Double.self)) != nil { self = .number }
            else if (try? container.decode(String.self)) != nil { self = .string }
            else if let elements = try? container.decode([Value].self) { self = .array(elements) }
            else { self = .object(try container.decode([String: Value].self)) }
        }

        var type: String {
            switch self {
            case .null: "null"
            case .bool: "boolean"
            case .number: "number"
            case .string: "string"
            case .array: "array"
            case .object: "object"
            }
        }
    }

    /// Where `value` (at `path`) departs from `fields`: undocumented fields, other types, missing keys.
    static func problems(_ value: Value, at path: String, _ fields: [String: Field]) -> [String] {
        var problems: [String] = []
        if !path.isEmpty {
            guard let field = fields[path] else { return ["\(path) (\(value.type)) is not documented"] }
            if !field.types.contains(value.type) { problems.append("\(path) is \(value.type), documented as \(field.types.sorted())") }
        }
        switch value {
        case .array(let elements):
            for element in elements { problems += Self.problems(element, at: path + "[]", fields) }
        case .object(let members):
            let prefix = path.isEmpty ? "" : path + "."
            for (key, member) in members { problems += Self.problems(member, at: prefix + key, fields) }
            for (documented, field) in fields where !field.optional && documented.hasPrefix(prefix) {
                let key = documented.dropFirst(prefix.count)
                if !key.contains("."), !key.contains("[]"), members[String(key)] == nil { problems.append("\(documented) is missing") }
            }
        default:
            break
        }
        return problems
    }

    /// A session of two agents that both rewrote lines 10–12 of src/api.ts, as main did afterwards, and shared
    /// notes.txt, in a repository with a bare remote `origin` (for commands that talk to one).
    static func conflictingSession() throws -> SessionFixture {
        let fixture = try SessionFixture()
        let remote = fixture.root.appendingPathComponent("origin.git").path
        try fixture.git(["init", "--quiet", "--bare", remote], in: fixture.root)
        try fixture.git(["remote", "add", "origin", remote])
        try fixture.write((1...30).map { "line \($0)\n" }.joined(), to: "src/api.ts")
        try fixture.git(["add", "-A"])
        try fixture.git(["commit", "--quiet", "-m", "api"])
        try fixture.role("database")
        try fixture.role("api")
        let editor = try fixture.script("edit", """
            sed -i "10,12s/.*/$AGENT/" src/api.ts
            git commit -q -am "$AGENT: lines 10-12"
            echo "what $AGENT did" > "$GIT_AGENTS_ARTIFACTS/notes.txt"
            echo "rewrote lines 10-12"
            exit 0
            """)
        let start = try fixture.agents("start", "Rewrite the middle", "--agent-cmd", editor, "--wait")
        try #require(start.status == 0, "\(start)")
        try fixture.agents("send", "--to", "orchestrator", "which schema?").requireSuccess()
        try fixture.agents("send", "--to", "api", "--reply-to", "1", "the users table").requireSuccess()
        try fixture.write((1...30).map { $0 == 11 ? "main 11\n" : "line \($0)\n" }.joined(), to: "src/api.ts")
        try fixture.git(["commit", "--quiet", "-am", "main changes line 11"])
        return fixture
    }

    @Test func everyDocumentedOutputHasItsShape() throws {
        let sections = try Self.sections()
        try #require(sections.count >= 8, "docs/json.md documents \(sections.count) commands")
        let fixture = try Self.conflictingSession()
        for section in sections {
            let command = section.arguments.joined(separator: " ")
            #expect(section.fields["schemaVersion"] == Field(types: ["number"], optional: false),
                    "\(command): schemaVersion is not documented as a number")
            let output = try fixture.agents(section.arguments)
            // doctor exits 1 for a problem it found, conflicts 3 for conflicts: the document is printed all the same.
            #expect([0, 1, 3].contains(output.status) && output.stderr.isEmpty, "\(command) failed:\n\(output)")
            // One document, or one per line (logs).
            let documents = (try? [JSONDecoder().decode(Value.self, from: Data(output.stdout.utf8))])
                ?? output.stdout.split(separator: "\n").compactMap { try? JSONDecoder().decode(Value.self, from: Data($0.utf8)) }
            #expect(!documents.isEmpty, "\(command) printed no JSON:\n\(output.stdout)")
            for document in documents {
                let problems = Self.problems(document, at: "", section.fields)
                #expect(problems.isEmpty, "\(command) does not match docs/json.md:\n\(Set(problems).sorted().joined(separator: "\n"))")
                if case .object(let members) = document, case .number = members["schemaVersion"] {} else {
                    Issue.record("\(command) has no schemaVersion")
                }
            }
        }
    }

    /// A command that gains `--json` (found in the command tree) fails here until docs/json.md documents it.
    @Test func everyCommandWithJSONIsDocumented() throws {
        let documented = Set(try Self.sections().compactMap(\.arguments.first))
        let dump = try Binary.gitAgents.run(["--experimental-dump-help"]).requireSuccess().stdout
        let tree = try #require(try JSONSerialization.jsonObject(with: Data(dump.utf8)) as? [String: Any])
        var withJSON: [String] = []
        func visit(_ command: [String: Any], path: [String]) {
            let arguments = command["arguments"] as? [[String: Any]] ?? []
            let names = arguments.flatMap { ($0["names"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String } }
            if names.contains("json") { withJSON.append(path.joined(separator: " ")) }
            for sub in command["subcommands"] as? [[String: Any]] ?? [] {
                visit(sub, path: path + [sub["commandName"] as? String ?? ""])
            }
        }
        visit(try #require(tree["command"] as? [String: Any]), path: [])
        #expect(withJSON.count >= 8, "\(withJSON)")
        for command in withJSON {
            #expect(documented.contains(command.split(separator: " ").first.map(String.init) ?? ""),
                    "git agents \(command) --json has no section in docs/json.md")
        }
    }
}
