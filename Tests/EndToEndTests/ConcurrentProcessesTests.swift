// Separate processes writing one session record at once: every update lands (compare-and-swap with retry),
// and sessions created at the same moment get different ids.
import Foundation
import Testing

@Suite("Concurrent processes", .serialized)
struct ConcurrentProcessesTests {
    @Test("50 processes calling progress on one session lose no update", .timeLimit(.minutes(10)))
    func fiftyProgressWritersLoseNothing() throws {
        let fixture = try SessionFixture()
        try fixture.role("worker")
        try fixture.defaultCommand(try fixture.waitingAgent())
        try fixture.agents("start", "hold the session open").requireSuccess()
        let session = try fixture.newestSession()
        try fixture.waitForAgent("worker", status: "running")

        let writers = 50
        let environment = fixture.environment.merging(["GIT_AGENTS_SESSION": session, "GIT_AGENTS_AGENT": "worker"]) { $1 }
        let binary = try Binary.gitAgents.url
        var processes: [Process] = []
        for index in 0..<writers {
            let process = Process()
            process.executableURL = binary
            process.arguments = ["progress", String(index % 100), "writer \(index) was here"]
            process.currentDirectoryURL = fixture.repo
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            processes.append(process)
        }
        for process in processes { try process.run() }
        for process in processes { process.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })

        let history = try fixture.git(["log", "--first-parent", "--format=%s", "refs/agents/sessions/\(session)"])
        for index in 0..<writers {
            #expect(history.contains("worker: writer \(index) was here"), "update of writer \(index) is missing")
        }
        // An agent the variables name but the session does not have is refused, the record untouched.
        let tip = try fixture.git(["rev-parse", "refs/agents/sessions/\(session)"])
        let stranger = try fixture.agents(["progress", "10", "not one of them"],
                                          environment: ["GIT_AGENTS_SESSION": session, "GIT_AGENTS_AGENT": "stranger"])
        #expect(stranger.status == 2 && stranger.stderr.contains("has no agent 'stranger'"), "\(stranger)")
        #expect(try fixture.git(["rev-parse", "refs/agents/sessions/\(session)"]) == tip)

        try fixture.release("worker")
        _ = try fixture.waitForEnd()
        let fsck = try fixture.gitResult(["fsck", "--strict"])
        #expect(fsck.status == 0, "\(fsck)")
    }

    @Test("sessions started at the same moment get different ids", .timeLimit(.minutes(10)))
    func concurrentStartsGetDistinctIDs() throws {
        let fixture = try SessionFixture()
        try fixture.role("solo")
        try fixture.defaultCommand(try fixture.sleepingAgent(seconds: 0.1))
        let binary = try Binary.gitAgents.url
        let starts = (0..<6).map { index -> Process in
            let process = Process()
            process.executableURL = binary
            process.arguments = ["start", "task \(index)"]
            process.currentDirectoryURL = fixture.repo
            process.environment = fixture.environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            return process
        }
        for process in starts { try process.run() }
        for process in starts { process.waitUntilExit() }
        #expect(starts.allSatisfy { $0.terminationStatus == 0 })
        let ids = try fixture.list().compactMap { $0["id"] as? String }
        #expect(ids.count == 6)
        #expect(Set(ids).count == 6)
        let tasks = Set(try ids.map { try fixture.status(session: $0) }.compactMap { ($0["session"] as? [String: Any])?["task"] as? String })
        #expect(tasks == Set((0..<6).map { "task \($0)" }))
        for id in ids { _ = try fixture.waitForEnd(session: id) }
    }
}
