// Notes under refs/notes/agents: written by libgit2, read back by `git notes` and `git log --notes`.
import Foundation
import GitKit
import Testing
import TestSupport

@Suite(.scratchRepository)
struct NoteTests {
    let scratch = ScratchRepository.current
    let notesRef = "refs/notes/agents"

    @Test func noteIsVisibleToGit() throws {
        let repository = try Repository.open(at: scratch.path)
        let head = try #require(try repository.headCommit())
        let text = #"{"agent":"api","role":"backend","session":"20260403-001"}"# + "\n"

        try repository.setNote(text, on: head, notesRef: notesRef)

        #expect(try scratch.git("notes", "--ref=agents", "show", head.hex) == text.trimmingCharacters(in: .newlines))
        let log = try scratch.git("log", "-1", "--notes=agents", "--format=%H%n%N")
        #expect(log == head.hex + "\n" + text.trimmingCharacters(in: .newlines))
        #expect(try repository.note(on: head, notesRef: notesRef) == text)
    }

    @Test func secondNoteReplacesTheFirst() throws {
        let repository = try Repository.open(at: scratch.path)
        let head = try #require(try repository.headCommit())

        try repository.setNote("first\n", on: head, notesRef: notesRef)
        try repository.setNote("second\n", on: head, notesRef: notesRef)

        #expect(try repository.note(on: head, notesRef: notesRef) == "second\n")
        #expect(try scratch.git("notes", "--ref=agents", "show", head.hex) == "second")
        #expect(try scratch.git("rev-list", "--count", notesRef) == "2")
    }

    @Test func readsNotesWrittenByGit() throws {
        try scratch.git("notes", "--ref=agents", "add", "-m", "written by git", "HEAD")
        let repository = try Repository.open(at: scratch.path)
        let head = try #require(try repository.headCommit())

        #expect(try repository.note(on: head, notesRef: notesRef) == "written by git\n")
    }

    @Test func missingNoteIsNil() throws {
        let repository = try Repository.open(at: scratch.path)
        let head = try #require(try repository.headCommit())
        #expect(try repository.note(on: head, notesRef: notesRef) == nil)
    }
}
