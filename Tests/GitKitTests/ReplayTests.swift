// Replaying commits in memory, with git as the witness: same changes, same authors and messages, new parents.
import Foundation
import GitKit
import Testing
import TestSupport

@Suite(.scratchRepository)
struct ReplayTests {
    let scratch = ScratchRepository.current

    func commitFile(_ name: String, _ text: String, _ message: String, author: String = "Agent <agent@example.com>") throws -> OID {
        try Data(text.utf8).write(to: URL(fileURLWithPath: scratch.path + "/" + name))
        try scratch.git("add", name)
        try scratch.git("commit", "-q", "--author", author, "-m", message)
        return OID(hex: try scratch.git("rev-parse", "HEAD"))!
    }

    @Test func ownCommitsAreReplayedOntoANewBase() throws {
        let base = OID(hex: try scratch.git("rev-parse", "HEAD"))!
        try scratch.git("switch", "-q", "-c", "dependency")
        let oldDependency = try commitFile("schema.sql", "v1\n", "schema v1")
        try scratch.git("switch", "-q", "-c", "dependant")
        _ = try commitFile("api.txt", "one\n", "api: one", author: "Api Agent <api@example.com>")
        let tip = try commitFile("api2.txt", "two\n", "api: two", author: "Api Agent <api@example.com>")
        try scratch.git("switch", "-q", "dependency")
        let newDependency = try commitFile("schema.sql", "v2\n", "schema v2")
        let repository = try Repository.open(at: scratch.path)

        let own = try repository.commits(from: oldDependency, to: tip)
        #expect(own.count == 2)
        guard case .replayed(let replayed) = try repository.replay(own, onto: newDependency) else {
            Issue.record("replay conflicted")
            return
        }
        #expect(try scratch.git("rev-parse", "\(replayed)~2") == newDependency.hex)
        #expect(try scratch.git("log", "--format=%an|%s", "-2", replayed.hex) == "Api Agent|api: two\nApi Agent|api: one")
        #expect(try scratch.git("show", "\(replayed):schema.sql") == "v2")
        #expect(try scratch.git("show", "\(replayed):api2.txt") == "two")
        #expect(try repository.commits(from: base, to: base).isEmpty)
    }

    @Test func aChangeThatNoLongerAppliesIsAConflict() throws {
        try scratch.git("switch", "-q", "-c", "dependency")
        let oldDependency = try commitFile("shared.txt", "a\n", "shared a")
        try scratch.git("switch", "-q", "-c", "dependant")
        let change = try commitFile("shared.txt", "a, then the dependant\n", "dependant edits shared")
        try scratch.git("switch", "-q", "dependency")
        let newDependency = try commitFile("shared.txt", "b\n", "shared b")
        let repository = try Repository.open(at: scratch.path)
        #expect(try repository.replay([change], onto: newDependency) == .conflict(commit: change, paths: ["shared.txt"]))
        _ = oldDependency
    }
}
