// Compare-and-swap under contention: threads racing to create or move the same refs, each with its own handle.
import Foundation
import GitKit
import Testing
import TestSupport

/// What the racing threads report: who won which ref, and anything unexpected they threw.
private final class RaceResults: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var winners: [Int: [Int]] = [:]
    private(set) var failures: [String] = []

    func won(_ ref: Int, by thread: Int) { lock.withLock { winners[ref, default: []].append(thread) } }
    func failed(_ message: String) { lock.withLock { failures.append(message) } }
}

/// Runs `body(thread)` on `count` threads at once and waits for all of them.
private func onSeparateThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let finished = DispatchGroup(), start = DispatchSemaphore(value: 0)
    for thread in 0..<count {
        finished.enter()
        Thread {
            start.wait()
            body(thread)
            finished.leave()
        }.start()
    }
    for _ in 0..<count { start.signal() }
    finished.wait()
}

@Suite(.scratchRepository)
struct ReferenceRaceTests {
    let scratch = ScratchRepository.current
    let threads = 8, refs = 300

    /// One distinct commit per thread, made by git.
    func commits() throws -> [OID] {
        try (0..<threads).map { thread in
            try #require(OID(hex: scratch.git("commit-tree", "-m", "thread \(thread)", "HEAD^{tree}")))
        }
    }

    @Test func exactlyOneCreatorWinsEachRef() throws {
        let commits = try commits(), path = scratch.path, refs = refs
        let results = RaceResults()

        onSeparateThreads(threads) { thread in
            do {
                let repository = try Repository.open(at: path)
                for ref in 0..<refs {
                    do {
                        try repository.updateReference("refs/race/\(ref)", to: commits[thread], expected: nil, message: "race")
                        results.won(ref, by: thread)
                    } catch let error as GitError where [.exists, .modified, .locked].contains(error.code) {
                        continue
                    }
                }
            } catch {
                results.failed("thread \(thread): \(error)")
            }
        }

        #expect(results.failures == [])
        let lines = try scratch.git("for-each-ref", "--format=%(refname:lstrip=2) %(objectname)", "refs/race/")
        let stored = Dictionary(uniqueKeysWithValues: lines.split(separator: "\n").map { line in
            let parts = line.split(separator: " ")
            return (Int(parts[0])!, String(parts[1]))
        })
        #expect(stored.count == refs)
        let doubleWins = results.winners.filter { $0.value.count != 1 }
        #expect(doubleWins.isEmpty, "refs created by more than one thread: \(doubleWins)")
        for (ref, winners) in results.winners where winners.count == 1 {
            #expect(stored[ref] == commits[winners[0]].hex)
        }
    }
}
