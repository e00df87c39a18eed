// What an agent writes reaches the person's terminal only as visible text: no ESC, BEL, OSC or other control
// character from a log line, progress message or task in human output; JSON escapes them; the record keeps them.
import Foundation
import Testing

@Suite("Agent text on the terminal", .timeLimit(.minutes(10)))
struct TerminalSafetyTests {
    /// Bytes that would act on a terminal: C0 controls but the newline, DEL, and C1 controls (U+0080–U+009F).
    static func controls(in text: String) -> [String] {
        text.unicodeScalars.filter { $0 != "\n" && ($0.value < 0x20 || (0x7F..<0xA0).contains($0.value)) }
            .map { String(format: "U+%04X", $0.value) }
    }

    @Test func humanOutputShowsControlCharactersAndJSONAndTheRecordKeepThem() throws {
        let fixture = try SessionFixture()
        // Retitles the terminal (OSC 0 … BEL), colours, a C1 CSI, a tab, and a progress message that retitles too.
        try fixture.defaultCommand(try fixture.script("hostile", #"""
            printf 'title \033]0;pwned\007 set\n'
            printf 'colour \033[31mred\033[0m and \302\2332J c1\n'
            printf 'a\ttab\n'
            git agents progress 50 "$(printf 'msg \033]0;again\007 here')"
            exit 0
            """#) + " {prompt}")
        try fixture.role("api")

        let task = "Build \u{1B}[2J it"
        let start = try fixture.agents(["start", task, "--wait"])
        #expect(start.status == 0, "\(start)")
        #expect(Self.controls(in: start.stdout).isEmpty, "start --wait printed controls:\n\(start.stdout)")
        #expect(start.stdout.contains("msg ^[]0;again^G here"), "\(start.stdout)")
        #expect(start.stdout.contains("Build ^[[2J it"), "\(start.stdout)")

        let status = try fixture.agents("status")
        #expect(status.status == 0, "\(status)")
        #expect(Self.controls(in: status.stdout).isEmpty, "status printed controls:\n\(status.stdout)")
        #expect(status.stdout.contains("msg ^[]0;again^G here"), "\(status.stdout)")

        for arguments in [["logs"], ["logs", "--follow"], ["logs", "--agent", "api"]] {
            let logs = try fixture.agents(arguments)
            #expect(logs.status == 0, "\(logs)")
            #expect(Self.controls(in: logs.stdout).isEmpty, "\(arguments) printed controls:\n\(logs.stdout)")
            #expect(logs.stdout.contains("[api] title ^[]0;pwned^G set"), "\(logs.stdout)")
            #expect(logs.stdout.contains("colour ^[[31mred^[[0m and <U+009B>2J c1"), "\(logs.stdout)")
            // The tab stops at column 24 of the shown line: `[HH:MM:SS] [api] a` is 18 wide.
            #expect(logs.stdout.contains("[api] a      tab"), "\(logs.stdout)")
        }

        // JSON: escaped, not shown differently; the text is the agent's.
        let json = try fixture.agents("logs", "--json")
        #expect(json.status == 0, "\(json)")
        #expect(Self.controls(in: json.stdout).isEmpty, "\(json.stdout)")
        let objects = try json.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(objects.contains { $0["text"] as? String == "title \u{1B}]0;pwned\u{07} set" }, "\(json.stdout)")
        #expect(objects.contains { $0["text"] as? String == "colour \u{1B}[31mred\u{1B}[0m and \u{9B}2J c1" }, "\(json.stdout)")
        let statusJSON = try fixture.agents("status", "--json")
        #expect(Self.controls(in: statusJSON.stdout).isEmpty, "\(statusJSON.stdout)")
        #expect(try fixture.status()["session"].flatMap { ($0 as? [String: Any])?["task"] as? String } == task)

        // The record keeps the bytes.
        let id = try fixture.newestSession()
        let log = try fixture.git(["show", "refs/agents/sessions/\(id):logs/api.log"])
        #expect(log.contains("title \u{1B}]0;pwned\u{07} set"), "\(log)")
    }
}
