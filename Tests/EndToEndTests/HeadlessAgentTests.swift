// Agents run headless: whatever the caller's environment says, nothing an agent starts opens a browser,
// pager or editor, prompts for credentials, or waits on standard input.
import Foundation
import Testing

@Suite("Agents get a headless environment", .timeLimit(.minutes(10)))
struct HeadlessAgentTests {

    /// What a person's interactive shell may well have set when they run `start`.
    static let interactiveCaller = [
        "BROWSER": "w3m", "PAGER": "less", "GIT_PAGER": "less -R", "MANPAGER": "less", "EDITOR": "vim",
        "VISUAL": "emacs", "GIT_EDITOR": "nano", "GIT_SEQUENCE_EDITOR": "vim", "GIT_ASKPASS": "/usr/bin/ksshaskpass",
        "SSH_ASKPASS": "/usr/bin/ssh-askpass", "DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0",
        "TERM": "xterm-256color", "FORCE_COLOR": "1", "CLICOLOR_FORCE": "1", "KEPT_FROM_CALLER": "yes",
    ]

    @Test func anAgentGetsEndOfFileOnStdinAndNoBrowserPagerEditorOrPrompt() throws {
        let fixture = try SessionFixture()
        let agent = try fixture.script("headless", """
            env -0 > "$REC/$AGENT.environ"
            readlink /proc/self/fd/0 > "$REC/$AGENT.stdin-file"
            before=$(date +%s)
            if IFS= read -r -t 20 line; then echo "read a line" > "$REC/$AGENT.stdin"; else echo "status $?" > "$REC/$AGENT.stdin"; fi
            echo $(( $(date +%s) - before )) > "$REC/$AGENT.stdin-seconds"
            # No -m: the editor decides. One that waits for a person would hang here.
            timeout 20 git commit --allow-empty > /dev/null 2>&1
            echo $? > "$REC/$AGENT.commit-status"
            exit 0
            """)
        try fixture.role("solo", command: agent)
        // The caller's GIT_DIR (as `git --git-dir=… agents` exports it) finds the repository but reaches no agent.
        let caller = Self.interactiveCaller.merging(["GIT_DIR": fixture.repo.appendingPathComponent(".git").path]) { _, new in new }
        let start = try fixture.agents(["start", "Look around", "--wait"], environment: caller)
        #expect(start.status == 0, "\(start)")

        // read's status 1 is end of file; above 128 it waited until its timeout.
        #expect(fixture.record("solo.stdin") == "status 1\n")
        #expect(Int(fixture.record("solo.stdin-seconds")?.trimmingCharacters(in: .newlines) ?? "") ?? 99 < 5)
        #expect(fixture.record("solo.stdin-file") == "/dev/null\n")
        // GIT_EDITOR=true leaves the message empty, so git aborts the commit at once.
        #expect(fixture.record("solo.commit-status") == "1\n")

        let data = try #require(fixture.recordData("solo.environ"))
        var environment: [String: String] = [:]
        for entry in data.split(separator: 0) {
            let text = String(decoding: entry, as: UTF8.self)
            guard let equals = text.firstIndex(of: "=") else { continue }
            environment[String(text[..<equals])] = String(text[text.index(after: equals)...])
        }
        let expected = [
            "BROWSER": "true", "PAGER": "cat", "GIT_PAGER": "cat", "MANPAGER": "cat",
            "EDITOR": "true", "VISUAL": "true", "GIT_EDITOR": "true", "GIT_SEQUENCE_EDITOR": "true",
            "GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "", "SSH_ASKPASS": "", "SSH_ASKPASS_REQUIRE": "never",
            "GCM_INTERACTIVE": "never", "DEBIAN_FRONTEND": "noninteractive", "TERM": "dumb", "NO_COLOR": "1",
            "KEPT_FROM_CALLER": "yes", "GIT_AGENTS_AGENT": "solo", "GIT_AGENTS_ROLE": "solo",
        ]
        for (name, value) in expected.sorted(by: { $0.key < $1.key }) {
            #expect(environment[name] == value, "\(name)=\(environment[name] ?? "<unset>")")
        }
        for name in ["DISPLAY", "WAYLAND_DISPLAY", "FORCE_COLOR", "CLICOLOR_FORCE", "GIT_DIR"] {
            #expect(environment[name] == nil, "\(name) is set: \(environment[name] ?? "")")
        }
        // The caller's PATH, after the folder of the git-agents that runs the agent.
        let path = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        #expect(path.contains(fixture.bin.path), "\(path)")
        #expect(FileManager.default.isExecutableFile(atPath: (path.first ?? "") + "/git-agents"), "\(path)")
    }
}
