// Notes written by many threads at once (agents ending together): every note survives.
import Foundation
import GitKit
import Testing
import TestSupport

@Suite(.scratchRepository)
struct NoteRaceTests {
    let scratch = ScratchRepository.current

    @Test func concurrentNoteWritersKeepEveryNote() throws {
        let writers = 16
        for index in 0..<writers { try scratch.git("commit", "--quiet", "--allow-empty", "-m", "commit \(index)") }
        let commits = try scratch.git("rev-list", "HEAD").split(separator: "\n").prefix(writers).map(String.init)
        let path = scratch.path
        DispatchQueue.concurrentPerform(iterations: writers * 2) { index in
            // Two writers per commit: each appends its own line to that commit's note.
            guard let repository = try? Repository.open(at: path), let target = OID(hex: commits[index % writers]) else { return }
            try? repository.updateNote(on: target, notesRef: "refs/notes/agents") { existing in
                (existing ?? "") + "writer \(index)\n"
            }
        }
        for (position, commit) in commits.enumerated() {
            let note = try scratch.git("notes", "--ref=agents", "show", commit)
            #expect(note.contains("writer \(position)\n") || note.hasSuffix("writer \(position)"), "\(commit): \(note)")
            #expect(note.contains("writer \(position + writers)"), "\(commit): \(note)")
        }
        #expect(try scratch.run(["fsck", "--strict"]).status == 0)
    }
}
