// The activity lines `start --wait` prints off a terminal: each once — none the start report already showed,
// and none lost because an agent wrote it before the report read the record.
import Foundation
import Testing

@Suite("start --wait activity lines", .timeLimit(.minutes(5)))
struct StartWaitActivityTests {
    @Test func progressRecordedBeforeTheReportReadTheRecordIsPrintedOnce() throws {
        let fixture = try SessionFixture()
        // `api` reports progress at once and exits. It is claimed first (same dependencies: by name), and the
        // report waits until the three agents claimed after it have their pids too, so the state it shows
        // mostly holds api's progress already, often its end: the line `start --wait` used to lose (in 18
        // runs of 20 on a 2-core machine). No agent can hold the report back for certain, so nothing
        // here depends on who won the race: every line is printed exactly once either way.
        try fixture.role("api", command: try fixture.script("api", """
            git agents progress 50 "early bird" || exit 9
            exit 0
            """))
        let others = ["docs", "ui", "web"]
        for name in others { try fixture.role(name, command: try fixture.script(name, "exit 0")) }

        let start = try fixture.agents(["start", "Race the report", "--max-parallel", "4", "--wait"])
        #expect(start.status == 0, "\(start)")
        func count(_ text: String) -> Int { start.stdout.components(separatedBy: text).count - 1 }
        #expect(count("api: early bird") == 1, "api's progress should be printed once:\n\(start.stdout)")
        for name in ["api"] + others {
            // Shown by the report, once; never again as an activity line…
            #expect(count("(\(name)) started (PID: ") == 1, "\(start.stdout)")
            for line in ["\(name): starting", "\(name): started (pid "] {
                #expect(count(line) == 0, "'\(line)' should not be printed:\n\(start.stdout)")
            }
            // …while its end, whenever it came, is printed once.
            #expect(count("\(name): done") == 1, "'\(name): done' should be printed once:\n\(start.stdout)")
        }
        for line in ["created: Race the report", "creating 4 worktrees", "ready: 4 agents"] {
            #expect(count(line) == 0, "'\(line)' should not be printed:\n\(start.stdout)")
        }
    }
}
