// Notes: provenance records attached to commits (refs/notes/agents), updated with compare-and-swap.
import Clibgit2
import Foundation

extension Repository {
    public func note(on target: OID, notesRef: String) throws -> String? {
        var note: OpaquePointer?
        var raw = target.raw
        let rc = git_note_read(&note, pointer, notesRef, &raw)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try check(rc, "git_note_read")
        defer { git_note_free(note) }
        return String(cString: git_note_message(note))
    }

    /// Replaces the note on `target`.
    public func setNote(_ text: String, on target: OID, notesRef: String) throws {
        try updateNote(on: target, notesRef: notesRef) { _ in text }
    }

    /// Rewrites the note on `target` from its current text (nil when there is none). The notes ref moves by
    /// compare-and-swap on the tip the note was read from, retried when another writer got there first
    /// (`git_note_create` would overwrite the ref and drop a concurrent writer's note).
    public func updateNote(on target: OID, notesRef: String, _ transform: (String?) -> String) throws {
        for _ in 0..<200 {
            let tip = try referenceTarget(notesRef)
            var parent: OpaquePointer?
            if let tip {
                var raw = tip.raw
                try check(git_commit_lookup(&parent, pointer, &raw), "git_commit_lookup")
            }
            defer { git_commit_free(parent) }
            let current = try tip.flatMap { _ in try noteText(in: parent!, on: target) }
            let author = try signature()
            defer { git_signature_free(author) }
            var commit = git_oid(), blob = git_oid()
            var raw = target.raw
            try check(git_note_commit_create(&commit, &blob, pointer, parent, author, author, &raw, transform(current), 1),
                      "git_note_commit_create")
            do {
                try updateReference(notesRef, to: OID(commit), expected: tip, message: "notes: git-agents")
                return
            } catch let error as GitError where [.modified, .exists, .locked].contains(error.code) {
                usleep(UInt32.random(in: 500...5_000))
            }
        }
        throw GitError(code: .locked, message: "\(notesRef) kept changing while writing a note", function: "updateNote")
    }

    private func noteText(in notesCommit: OpaquePointer, on target: OID) throws -> String? {
        var note: OpaquePointer?
        var raw = target.raw
        let rc = git_note_commit_read(&note, pointer, notesCommit, &raw)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try check(rc, "git_note_commit_read")
        defer { git_note_free(note) }
        return String(cString: git_note_message(note))
    }
}
