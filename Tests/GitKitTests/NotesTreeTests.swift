// Notes commits read whole and written with several notes and two parents (the primitives of a notes merge),
// checked with `git notes` — fanned-out notes trees included.
import Foundation
import GitKit
import Testing
import TestSupport

@Suite(.scratchRepository)
struct NotesTreeTests {
    let scratch = ScratchRepository.current

    @Test func everyNoteOfANotesCommitIsRead() throws {
        try scratch.git("commit", "--quiet", "--allow-empty", "-m", "second")
        try scratch.git("notes", "--ref=agents", "add", "-m", "on the first", "HEAD^")
        try scratch.git("notes", "--ref=agents", "add", "-m", "on the second", "HEAD")
        let repository = try Repository.open(at: scratch.path)
        let tip = try #require(try repository.referenceTarget("refs/notes/agents"))

        let notes = try repository.notes(inNotesCommit: tip)

        #expect(notes == [try repository.resolveCommit("HEAD^"): "on the first\n", try repository.resolveCommit("HEAD"): "on the second\n"])
    }

    @Test func aNotesCommitWithTwoParentsKeepsTheBaseAndSetsTheRest() throws {
        try scratch.git("commit", "--quiet", "--allow-empty", "-m", "second")
        try scratch.git("notes", "--ref=agents", "add", "-m", "ours", "HEAD^")
        let ours = try scratch.git("rev-parse", "refs/notes/agents")
        try scratch.git("notes", "--ref=theirs", "add", "-m", "theirs", "HEAD")
        let theirs = try scratch.git("rev-parse", "refs/notes/theirs")
        let repository = try Repository.open(at: scratch.path)
        let head = try repository.resolveCommit("HEAD")

        let merged = try repository.notesCommit(from: OID(hex: ours)!, setting: [head: "theirs\n"],
                                                parents: [OID(hex: ours)!, OID(hex: theirs)!], message: "merged")
        try scratch.git("update-ref", "refs/notes/agents", merged.hex)

        #expect(try scratch.git("notes", "--ref=agents", "show", "HEAD^") == "ours")
        #expect(try scratch.git("notes", "--ref=agents", "show", "HEAD") == "theirs")
        #expect(try scratch.git("rev-list", "--parents", "-1", "refs/notes/agents") == "\(merged.hex) \(ours) \(theirs)")
    }

    @Test func aFannedOutNotesTreeIsReadAndExtended() throws {
        // git fans a notes tree out (ab/cdef…) once it holds a few hundred notes.
        let repository = try Repository.open(at: scratch.path)
        var script = ""
        for index in 0..<300 {
            let blob = try repository.writeBlob(Data("object \(index)\n".utf8))
            script += "add -m note-\(index) \(blob.hex)\n"
        }
        for line in script.split(separator: "\n") {
            let parts = line.split(separator: " ").map(String.init)
            try scratch.git("notes", "--ref=agents", parts[0], parts[1], parts[2], parts[3])
        }
        let tip = try #require(try repository.referenceTarget("refs/notes/agents"))
        let fanned = try scratch.git("ls-tree", "refs/notes/agents").split(separator: "\n").contains { $0.contains(" tree ") }
        #expect(fanned, "the notes tree is fanned out")

        let notes = try repository.notes(inNotesCommit: tip)
        #expect(notes.count == 300)
        let extra = try repository.writeBlob(Data("extra\n".utf8))
        let next = try repository.notesCommit(from: tip, setting: [extra: "added\n"], parents: [tip], message: "one more")
        #expect(try repository.notes(inNotesCommit: next).count == 301)
        try scratch.git("update-ref", "refs/notes/agents", next.hex)
        #expect(try scratch.git("notes", "--ref=agents", "show", extra.hex) == "added")
    }
}
